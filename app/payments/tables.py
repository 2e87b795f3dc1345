"""The contribution account's tables: one account per person, its ledger, its due notices.

The ledger is append-only: the database refuses an UPDATE or DELETE of an entry (a trigger,
migration payments_2026_12_02t02_37_08), and an amount with more than two decimals (a CHECK).
A correction is a new entry that reverses the old one, with its reason. The balance is never
stored: it is the sum of the entries.
"""

from piccolo.columns import (
    UUID,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

PERSON = LazyTableReference("Person", module_path="app.identity.tables")
COMPANY = LazyTableReference("Company", module_path="app.affiliation.tables")


class PaymentAccount(Table, tablename="payment_account"):
    """A person's or a company's contribution account (exactly one of the two: a CHECK).
    `number` (from a sequence, never reused) is what the structured communications of its
    notices are built from."""

    id = UUID(primary_key=True)
    number = Serial(unique=True)
    person: ForeignKey[Table] = ForeignKey(
        references=PERSON, unique=True, on_delete=OnDelete.restrict, null=True, default=None
    )
    company: ForeignKey[Table] = ForeignKey(
        references=COMPANY, unique=True, on_delete=OnDelete.restrict, null=True, default=None
    )
    opened_at = Timestamptz(default=TimestamptzNow())


class LedgerEntry(Table, tablename="ledger_entry"):
    """One movement on an account. Positive: owed to the fund (contribution, fee, surcharge,
    refund paid out); negative: in the affiliate's favour (payment, exemption, reversal of a
    charge)."""

    id = UUID(primary_key=True)
    seq = Serial()  # the order of booking (entries of one transaction share their now())
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    kind = Varchar(length=24)  # ledger.EntryKind
    # No scale in the type: a value with a third decimal is refused (CHECK), never rounded.
    amount = Numeric()
    booked_on = Date()
    year = Integer(null=True, default=None)  # the period it concerns, if any
    quarter = Integer(null=True, default=None)
    due_on = Date(null=True, default=None)
    label = Varchar(length=200, default="")  # what the affiliate reads (English message id)
    reason = Text(default="")  # why: required on a reversal
    reverses = UUID(null=True, default=None)  # the entry this one cancels
    # What makes booking it twice a no-op: "notice:<id>:contribution", "coda:<movement>"…
    idempotency_key = Varchar(length=120, unique=True)
    booked_by = Varchar(length=80, default="system")  # "staff:<id>", "system", "coda"
    created_at = Timestamptz(default=TimestamptzNow())


class LedgerQuarterBalance(Table, tablename="ledger_quarter_balance"):
    """What each quarter of an account still owes: the sum of its entries of that quarter and
    their earliest due day, kept by a trigger on every ledger insert (migration
    payments_2026_12_03t09_40_01). A read model for the back office's arrears figures, which
    would otherwise sum the whole ledger; never written by the application."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(references=PaymentAccount, on_delete=OnDelete.restrict)
    year = Integer()
    quarter = Integer()
    outstanding = Numeric()
    due_on = Date(null=True, default=None)


class DueNotice(Table, tablename="due_notice"):
    """An avis d'échéance: what is due for one quarter, by when, and how to pay it."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    kind = Varchar(length=16, default="quarterly")
    year = Integer()
    quarter = Integer()
    contribution = Numeric()
    management_fee = Numeric()
    amount = Numeric()  # contribution + fee
    due_on = Date()
    issued_on = Date()
    communication = Varchar(length=12, unique=True)  # the 12 digits of +++xxx/xxxx/xxxxx+++
    iban = Varchar(length=34)
    category = Varchar(length=16)
    income_basis = Numeric()
    created_at = Timestamptz(default=TimestamptzNow())


class CodaImport(Table, tablename="coda_import"):
    """One bank statement file imported: its identity makes a second import a no-op."""

    id = UUID(primary_key=True)
    identity = Varchar(length=120, unique=True)  # bank/account/statement number/creation date
    digest = Varchar(length=64, index=True)
    filename = Varchar(length=200, default="")
    account_iban = Varchar(length=34)
    statement_date = Date()
    movements = Integer()
    matched = Integer()
    unmatched = Integer()
    imported_by = Varchar(length=80)
    imported_at = Timestamptz(default=TimestamptzNow())


class BankMovement(Table, tablename="bank_movement"):
    """A movement of an imported statement and what became of it: matched to an account (its
    payment entry booked), waiting in the reconciliation queue, or assigned there by staff."""

    id = UUID(primary_key=True)
    identity = Varchar(length=140, unique=True)  # file identity + movement sequence
    coda_import: ForeignKey[Table] = ForeignKey(
        references=CodaImport, on_delete=OnDelete.restrict, index=True
    )
    value_date = Date()
    amount = Numeric()
    structured_communication = Varchar(length=12, null=True, default=None)
    communication = Text(default="")
    counterparty_iban = Varchar(length=34, null=True, default=None, index=True)
    counterparty_name = Varchar(length=140, default="")
    status = Varchar(length=16, index=True)  # matched, unmatched, assigned, outgoing
    matched_by = Varchar(length=24, default="")  # communication, iban_amount, staff
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, null=True, default=None
    )
    year = Integer(null=True, default=None)
    quarter = Integer(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


class RecoveryStep(Table, tablename="recovery_step"):
    """A step of the recovery of one unpaid quarter (rules/recovery.toml): a reminder, an
    account statement or a formal notice, sent and dated; or the personal contact, a task for
    the account manager until they record it (done_on stays empty until then). One per account,
    quarter and kind."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    year = Integer()
    quarter = Integer()
    kind = Varchar(length=24)  # rules.recovery.StepKind
    scheduled_on = Date()
    done_on = Date(null=True, default=None)
    done_by = Varchar(length=80, default="")
    note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class PaymentPlan(Table, tablename="payment_plan"):
    """A payment plan (plan d'apurement): the debt it covers, the advance and the number of
    monthly instalments proposed, who may approve it (rules/plans.py), and where it stands.
    Filed as a request of kind payment_plan (`request`), whose decision approves or refuses
    it; approved, its schedule is in plan_instalment."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    request = UUID(null=True, default=None, unique=True)  # the payment_plan request
    # proposed; offered (staff's counter-proposal, terms below) -> approved, declined or
    # expired; approved -> lapsed or completed; refused.
    status = Varchar(length=16, index=True)
    debt = Numeric()
    advance = Numeric()
    instalments = Integer()
    quarters = Text(default="")  # the quarters it covers: "2026-Q3, 2026-Q4"
    approver = Varchar(length=16)  # the role that may approve it: agent or supervisor
    breaches = Text(default="")  # outside the policy: the codes, "advance_too_low, …"
    approved_on = Date(null=True, default=None)
    offered_on = Date(null=True, default=None)  # the counter-proposal's day
    ended_on = Date(null=True, default=None)  # refused, declined, expired, lapsed or completed
    created_at = Timestamptz(default=TimestamptzNow())


class PlanInstalment(Table, tablename="plan_instalment"):
    """One payment of an approved plan: number 0 the advance, then 1 to n; its own structured
    communication (kind 3, rules/communication.py) leads a transfer back to the account."""

    id = UUID(primary_key=True)
    plan: ForeignKey[Table] = ForeignKey(
        references=PaymentPlan, on_delete=OnDelete.restrict, index=True
    )
    number = Integer()
    due_on = Date()
    amount = Numeric()
    communication = Varchar(length=12, unique=True)
    reminded_on = Date(null=True, default=None)  # a missed instalment's reminder, sent


class CourtParty(Table, tablename="court_party"):
    """A bailiff, lawyer or curator the fund works with (rules/court.py PartyKind): a record
    kept by supervisors, never a login."""

    id = UUID(primary_key=True)
    kind = Varchar(length=16)
    name = Varchar(length=120)
    firm = Varchar(length=120, default="")
    address = Varchar(length=240, default="")
    phone = Varchar(length=40, default="")
    email = Varchar(length=160, default="")
    reference = Varchar(length=60, default="")  # the fund's reference for them
    created_at = Timestamptz(default=TimestamptzNow())


class CourtProcedure(Table, tablename="court_procedure"):
    """A debt handed to a bailiff or a lawyer, or claimed in a bankruptcy from its curator
    (rules/court.py): the quarters and amount handed over, the party, the fund's file
    reference. Its dated steps are in court_step; `last_step` is the latest one's kind."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    kind = Varchar(length=16)  # ProcedureKind
    party: ForeignKey[Table] = ForeignKey(references=CourtParty, on_delete=OnDelete.restrict)
    quarters = Text(default="")  # "2026-Q1, 2026-Q2"
    amount = Numeric()
    file_reference = Varchar(length=60, default="")
    last_step = Varchar(length=24)
    created_at = Timestamptz(default=TimestamptzNow())


class CourtProcedureStep(Table, tablename="court_step"):
    """One dated step of a court procedure, with its costs, an amount (a claim filed, a
    payment or dividend received) and a note; who recorded it."""

    id = UUID(primary_key=True)
    procedure: ForeignKey[Table] = ForeignKey(
        references=CourtProcedure, on_delete=OnDelete.restrict, index=True
    )
    kind = Varchar(length=24)  # rules.court.CourtStep
    done_on = Date()
    costs = Numeric()
    amount = Numeric(null=True, default=None)
    note = Text(default="")
    recorded_by = Varchar(length=80, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class DebitMandate(Table, tablename="debit_mandate"):
    """A SEPA Core mandate the affiliate signed in the portal (app/payments/debit.py). Never
    deleted: a revoked one keeps its row (revoked_at) as the history the fund must keep."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    reference = Varchar(length=35, unique=True)  # rules/debit.mandate_reference
    sequence = Integer()  # its rank among the account's mandates
    iban = Varchar(length=34)
    holder = Varchar(length=70)
    signed_on = Date()
    signed_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class DebitFile(Table, tablename="debit_file"):
    """A pain.008 collection file written for the bank (staff download it)."""

    id = UUID(primary_key=True)
    message_id = Varchar(length=35, unique=True)
    collection_on = Date()
    transactions = Integer()
    total = Numeric()
    xml = Text()
    created_at = Timestamptz(default=TimestamptzNow())


class DebitCollection(Table, tablename="debit_collection"):
    """One quarter collected under a mandate: announced (pre-notified), collected (in a file,
    the payment booked), returned (a reject or refund reversed it), or cancelled (paid
    otherwise or the mandate revoked before the file). At most one that is not returned or
    cancelled per (account, year, quarter): a unique partial index (migration
    payments_2026_12_03t16_10_00) — a quarter is never collected twice."""

    id = UUID(primary_key=True)
    account: ForeignKey[Table] = ForeignKey(
        references=PaymentAccount, on_delete=OnDelete.restrict, index=True
    )
    mandate: ForeignKey[Table] = ForeignKey(references=DebitMandate, on_delete=OnDelete.restrict)
    year = Integer()
    quarter = Integer()
    amount = Numeric()
    collection_on = Date()
    end_to_end_id = Varchar(length=35)
    status = Varchar(length=12, default="announced")
    sequence_type = Varchar(length=4, default="")
    debit_file: ForeignKey[Table] = ForeignKey(
        references=DebitFile, on_delete=OnDelete.restrict, null=True, default=None
    )
    payment_entry = UUID(null=True, default=None)
    reason_code = Varchar(length=8, default="")
    announced_on = Date()
    created_at = Timestamptz(default=TimestamptzNow())
