"""Wizard drafts: the answers saved at every step, so a journey survives a closed tab."""

from piccolo.columns import JSONB, UUID, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

# Foreign keys name identity's tables lazily: a domain never imports another's tables.
Person = LazyTableReference("Person", module_path="app.identity.tables")


class WizardDraft(Table, tablename="wizard_draft"):
    id = UUID(primary_key=True)
    wizard = Varchar(length=40, index=True)
    # A logged-in person, or an anonymous visitor known by a random token kept in a cookie.
    person: ForeignKey[Table] = ForeignKey(
        references=Person, null=True, on_delete=OnDelete.cascade, index=True
    )
    # The SHA-256 hex digest of that token (drafts.token_digest), never the token: 64 characters,
    # the column's length already, so no schema migration. Rows written before the change hold
    # the raw token; they no longer match any cookie and go with the 90-day expiry
    # (service.expire_drafts), so no data migration is needed before release.
    owner_token = Varchar(length=64, null=True, default=None, index=True)
    answers = JSONB(default={})  # question name -> canonical text (questions.py)
    current_step = Varchar(length=64, default="")
    filed = JSONB(default={})  # request kind -> {"id": ..., "reference": ...}
    # The JSON API's idempotency keys per step (step id -> the last keys applied): a replayed
    # save (the offline sync sending again) changes nothing.
    step_keys = JSONB(default={})
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    submitted_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz()
    warned_at = Timestamptz(null=True, default=None)  # expiry warning sent (idempotency)
