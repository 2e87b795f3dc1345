"""The PDFs the fund makes for a person: letters, attestations, certificates. A document is
never rewritten: rendering it again with other data adds a version, the first one stays."""

from __future__ import annotations

from piccolo.columns import UUID, Bytea, ForeignKey, Integer, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

# The owner is identity's Person, named lazily: a domain never imports another's tables.
Person = LazyTableReference("Person", module_path="app.identity.tables")


class Document(Table, tablename="document"):
    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    kind = Varchar(length=32)  # decision_letter, fiscal_attestation, ...
    source = Varchar(length=128)  # what it was made from: "request:<id>", "fiscal:2025"
    version = Integer(default=1)  # (kind, source, version) is unique: a migration says so
    reference = Varchar(length=40)  # printed on it, e.g. AF-2026-000001 or FA-2025-…
    language = Varchar(length=2)
    title = Varchar(length=200)  # in the person's language, as listed
    filename = Varchar(length=120)
    checksum = Varchar(length=64)  # SHA-256 of the bytes: the same data renders the same file
    size = Integer()
    data = Bytea()
    created_at = Timestamptz(default=TimestamptzNow())
