"""Mandates: who may act for whom, in which scopes, between which dates.

The client is the affiliate who grants it; the mandatary is the person account that accepted
the invitation (None while it waits). Only the invitation token's digest is kept. State is not
stored: `rules.state` computes it from these facts and the day.
"""

from piccolo.columns import UUID, Array, Date, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

PERSON = LazyTableReference("Person", module_path="app.identity.tables")
COMPANY = LazyTableReference("Company", module_path="app.affiliation.tables")


class Mandate(Table, tablename="mandate"):
    id = UUID(primary_key=True)
    client: ForeignKey[Table] = ForeignKey(
        references=PERSON, on_delete=OnDelete.cascade, index=True
    )
    mandatary: ForeignKey[Table] = ForeignKey(
        references=PERSON, null=True, default=None, on_delete=OnDelete.cascade, index=True
    )
    # A director's mandate for the company they direct (its account only); None: for the client.
    company: ForeignKey[Table] = ForeignKey(
        references=COMPANY, null=True, default=None, on_delete=OnDelete.cascade, index=True
    )
    mandatary_name = Varchar(length=200)  # as the client named them
    mandatary_email = Varchar(length=254, null=True, default=None)
    scopes = Array(base_column=Varchar(length=32))  # rules.Scope values
    starts_on = Date()
    ends_on = Date(null=True, default=None)
    token_hash = Varchar(length=64, null=True, default=None, unique=True)  # spent: None
    invitation_expires_at = Timestamptz()
    created_at = Timestamptz(default=TimestamptzNow())
    accepted_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
    revoked_by = Varchar(length=16, null=True, default=None)  # "client" or "mandatary"
