"""Entitlements opened by a granted request, and their schedules of payments.

One entitlement per request (a unique index: a decision replayed, or an effect run again,
finds its row and writes nothing more). A payment's amount is NULL while its figure is not
confirmed (status U in the year files): it is scheduled, shown as "not yet confirmed", and
never paid as a made-up number. Paying (the IBAN, the date paid) is the next item's work.
Foreign keys name identity's and requests' tables lazily.
"""

from decimal import Decimal

from piccolo.columns import (
    JSONB,
    UUID,
    Bytea,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Text,
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


class BenefitPayoutAccount(Table, tablename="benefit_payout_account"):
    """The account a person's benefits are paid to. A change closes the current row
    (superseded_at) and adds one: the history is kept, never overwritten."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    iban = Varchar(length=34)
    holder = Varchar(length=70)
    created_at = Timestamptz(default=TimestamptzNow())
    superseded_at = Timestamptz(null=True, default=None)


class BenefitFigure(Table, tablename="benefit_figure"):
    """A figure a supervisor confirmed (a year file's leaf without a confirmed value), from a
    date, with its public source: scheduled payments of that figure get their amount."""

    id = UUID(primary_key=True)
    figure = Varchar(length=64)
    effective_from = Date()
    amount = Numeric()
    source = Varchar(length=300)
    recorded_by = UUID(null=True, default=None)
    recorded_at = Timestamptz(default=TimestamptzNow())


class BenefitPaymentRun(Table, tablename="benefit_payment_run"):
    """A payment run: prepared (by the worker or a staff member's button), approved by a
    supervisor, which writes its SEPA credit transfer file (pain.001.001.03)."""

    id = UUID(primary_key=True)
    due_until = Date()
    status = Varchar(length=16, default="prepared")  # prepared, approved
    prepared_at = Timestamptz(default=TimestamptzNow())
    approved_at = Timestamptz(null=True, default=None)
    approved_by = UUID(null=True, default=None)
    execution_date = Date(null=True, default=None)
    nb_of_txs = Integer(default=0)
    ctrl_sum = Numeric(default=Decimal(0))
    skipped = JSONB(default=[])  # the payments due left out, and why
    sepa_xml = Bytea(null=True, default=None)


class BenefitRunPayment(Table, tablename="benefit_run_payment"):
    """A payment in a run: each payment belongs to at most one run (a unique index)."""

    id = UUID(primary_key=True)
    run: ForeignKey[Table] = ForeignKey(
        references=BenefitPaymentRun, on_delete=OnDelete.cascade, index=True
    )
    payment: ForeignKey[Table] = ForeignKey(references=BenefitPayment, on_delete=OnDelete.restrict)
    person = UUID()
    amount = Numeric()
    iban = Varchar(length=34)
    holder = Varchar(length=70)


class BenefitUndue(Table, tablename="benefit_undue"):
    """An undue benefit claimed back: the day the right stopped, the amount (rules.undue), the
    motivation given to the affiliate, and the ledger claim it opened. One per entitlement and
    day (a unique index): a decision sent twice records one claim."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=Person, on_delete=OnDelete.cascade, index=True
    )
    entitlement: ForeignKey[Table] = ForeignKey(
        references=BenefitEntitlement, on_delete=OnDelete.restrict, index=True
    )
    not_entitled_from = Date()
    amount = Numeric()
    lines = JSONB(default=[])  # each payment's undue days and amount, as the letter shows them
    motivation = Text()
    decided_on = Date()
    repay_by = Date()
    communication = Varchar(length=12)  # the structured communication to repay with
    decided_by = UUID()
    created_at = Timestamptz(default=TimestamptzNow())
