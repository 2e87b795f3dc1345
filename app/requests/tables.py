"""The dossier: one Request row per filed request, its append-only history and its files."""

from piccolo.columns import (
    JSONB,
    UUID,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

# Foreign keys name identity's tables lazily: a domain never imports another's tables.
Person = LazyTableReference("Person", module_path="app.identity.tables")
StaffUser = LazyTableReference("StaffUser", module_path="app.identity.tables")


class Request(Table, tablename="request"):
    id = UUID(primary_key=True)
    # AF-2026-000123: per-year counter (request_reference_counter) in the submit transaction.
    reference = Varchar(length=20, unique=True, null=True, default=None)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    kind = Varchar(length=32, index=True)
    status = Varchar(length=24, index=True)
    answers = JSONB(default={})
    # "<person id>:<client key>": a double tap or a retry finds the row instead of adding one.
    idempotency_key = Varchar(length=200, unique=True)
    team = Varchar(length=64, default="general", index=True)
    assignee: ForeignKey[Table] = ForeignKey(
        references=StaffUser, null=True, default=None, on_delete=OnDelete.set_null, index=True
    )
    submitted_at = Timestamptz(null=True, default=None)
    received_on = Date(null=True, default=None)
    # Charte art. 10 deadline, moved by every pause; the fund's own target likewise.
    legal_due = Date(null=True, default=None, index=True)
    target_due = Date(null=True, default=None)
    paused_days = Integer(default=0)
    paused_since = Date(null=True, default=None)  # set while information is awaited
    escalated_at = Timestamptz(null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
    motivation = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class ReferenceCounter(Table, tablename="request_reference_counter"):
    """The last reference number given each year (AF-<year>-<n>); its row is locked by the
    submitting transaction, so numbers have no gaps and no duplicates."""

    year = Integer(primary_key=True)
    last_number = Integer(default=0)


class RequestEvent(Table, tablename="request_event"):
    """Append-only: one row per accepted transition (states.Event), never updated."""

    id = UUID(primary_key=True)
    request = ForeignKey(references=Request, on_delete=OnDelete.cascade, index=True)
    event = Varchar(length=32)
    from_status = Varchar(length=24, null=True, default=None)
    to_status = Varchar(length=24)
    actor_kind = Varchar(length=16)  # affiliate, mandatary (for the affiliate), staff, system
    actor_id = UUID(null=True, default=None)
    note = Text(null=True, default=None)  # motivation, question asked, answer given
    at = Timestamptz(default=TimestamptzNow())


class RequestAttachment(Table, tablename="request_attachment"):
    """A file kept in PostgreSQL: one transaction with the request, one backup, no orphans."""

    id = UUID(primary_key=True)
    request = ForeignKey(references=Request, on_delete=OnDelete.cascade, index=True)
    event = ForeignKey(
        references=RequestEvent, null=True, default=None, on_delete=OnDelete.set_null
    )
    filename = Varchar(length=160)
    content_type = Varchar(length=40)
    size = Integer()
    data = Bytea()
    uploaded_by = Varchar(length=16, default="affiliate")
    created_at = Timestamptz(default=TimestamptzNow())


class InstitutionOutbox(Table, tablename="institution_outbox"):
    """What the fund sends another institution (INASTI, a mutualité): the file or message,
    written here for the fund's existing channel to collect (`collected_at` is set by that
    channel). The portal never sends it itself, and says so: "placed for INASTI on …"."""

    id = UUID(primary_key=True)
    institution = Varchar(length=16)  # transmissions.Institution
    recipient = Varchar(length=120, default="")  # which mutualité, as staff named it
    kind = Varchar(length=32)  # transmissions.TransmissionKind
    request = ForeignKey(references=Request, on_delete=OnDelete.cascade, index=True)
    attachment = ForeignKey(
        references=RequestAttachment, null=True, default=None, on_delete=OnDelete.set_null
    )
    person = UUID()
    reference = Varchar(length=40)
    filename = Varchar(length=160)
    content_type = Varchar(length=40)
    data = Bytea()
    details = JSONB(default={})  # what the institution needs to route it (kind, dates…)
    dedupe_key = Varchar(length=120, unique=True)  # a transmission is written once
    created_by = Varchar(length=80)
    created_at = Timestamptz(default=TimestamptzNow())
    collected_at = Timestamptz(null=True, default=None)
