"""Entitlements opened by a granted request, and their schedules of payments.

One entitlement per request (a unique index: a decision replayed, or an effect run again,
finds its row and writes nothing more). A payment's amount is NULL while its figure is not
confirmed (status U in the year files): it is scheduled, shown as "not yet confirmed", and
never paid as a made-up number. Paying (the IBAN, the date paid) is the next item's work.
Foreign keys name identity's and requests' tables lazily.
"""

from piccolo.columns import (
    JSONB,
    UUID,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

Person = LazyTableReference("Person", module_path="app.identity.tables")
Request = LazyTableReference("Request", module_path="app.requests.tables")


class BenefitEntitlement(Table, tablename="benefit_entitlement"):
    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    kind = Varchar(length=32)  # rules.common.BenefitKind
    request: ForeignKey[Table] = ForeignKey(references=Request, on_delete=OnDelete.restrict)
    pillar = Varchar(length=32, null=True, default=None)  # the bridging right's pillar
    details = JSONB(default={})  # months, family charge, vouchers, the figures' sources
    starts_on = Date()
    ends_on = Date()
    status = Varchar(length=16)  # service.EntitlementStatus
    created_at = Timestamptz(default=TimestamptzNow())


class BenefitPayment(Table, tablename="benefit_payment"):
    id = UUID(primary_key=True)
    entitlement: ForeignKey[Table] = ForeignKey(
        references=BenefitEntitlement, on_delete=OnDelete.cascade, index=True
    )
    number = Integer()  # 1, 2, ... in the schedule's order
    kind = Varchar(length=16)  # rules.common.PeriodKind
    period_start = Date()
    period_end = Date()
    due_on = Date()
    share = Numeric()  # of the monthly amount, or days of leave
    amount = Numeric(null=True, default=None)  # NULL: figure not confirmed
    figure = Varchar(length=64)  # the year files' leaf it is computed from
    figure_status = Varchar(length=1)  # C, S, D, U
    status = Varchar(length=16, default="scheduled")  # scheduled, paid, cancelled
    paid_on = Date(null=True, default=None)
    iban = Varchar(length=34, null=True, default=None)
