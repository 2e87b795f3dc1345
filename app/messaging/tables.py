"""The affiliate's inbox: notices from the fund (welcome, receipts, decisions)."""

from piccolo.columns import UUID, ForeignKey, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.identity.tables import Person


class InboxMessage(Table, tablename="inbox_message"):
    id = UUID(primary_key=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=32)  # welcome, receipt, decision, information_request, ...
    subject = Varchar(length=200)
    body = Text()
    # One message per business fact: a re-run job finds the key taken and does nothing.
    dedupe_key = Varchar(length=128, unique=True)
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)
