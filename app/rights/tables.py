"""What the fund found a person may claim, and where each suggestion stands.

One row per person, right and occasion (a birth, a cessation, the quarters of a waiver, an
age): a right found again on the next evaluation finds its row and posts nothing more, and a
dismissed one stays dismissed. Foreign keys name identity's tables lazily.
"""

from piccolo.columns import JSONB, UUID, Date, ForeignKey, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

Person = LazyTableReference("Person", module_path="app.identity.tables")


class RightFinding(Table, tablename="right_finding"):
    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    right = Varchar(length=32)  # rules.Right
    occasion = Varchar(length=64)  # what it is about (rules.Finding.occasion)
    state = Varchar(length=16, index=True)  # rules.State
    deadline = Date(null=True, default=None)
    prefill = JSONB(default={})  # the request's answers, filed in one tap
    figures = JSONB(default={})  # what the message and the page say (dates as ISO text)
    detected_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    dismissed_at = Timestamptz(null=True, default=None)
    claimed_at = Timestamptz(null=True, default=None)
    request_id = UUID(null=True, default=None)  # the request that claimed it
