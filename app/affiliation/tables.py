"""Who the affiliate is for the fund: status, dates, account manager, companies, spouse link.

This domain is the source of truth for "what is this person's category": the simulator, the
guides and the back office read it here, never from request answers or wizard drafts. Rows are
written when staff grant an affiliation (or an adjustment of the declared income) and by the
seed. Foreign keys name identity's tables lazily: a domain never imports another's tables.
"""

from piccolo.columns import UUID, Boolean, Date, ForeignKey, Integer, Numeric, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

PERSON = LazyTableReference("Person", module_path="app.identity.tables")
STAFF_USER = LazyTableReference("StaffUser", module_path="app.identity.tables")


class Affiliation(Table, tablename="affiliation"):
    """The person's current social status at this fund (one row; history is in the audit)."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=PERSON, unique=True, on_delete=OnDelete.cascade
    )
    category = Varchar(length=16)  # rules.Category
    starts_on = Date()
    ends_on = Date(null=True, default=None)  # cessation
    # Never self-employed in main activity before: a primo-starter for the first four quarters.
    first_main_activity = Boolean(default=False)
    # The net taxable income the affiliate declared (starting out, adjustment), if any.
    declared_income = Numeric(digits=(14, 2), null=True, default=None)
    declared_income_year = Integer(null=True, default=None)
    # The granted request this status comes from (AF-2026-000012), or None (seed, staff).
    source_reference = Varchar(length=20, null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class AccountManager(Table, tablename="account_manager"):
    """One contact person per affiliate (the charter's promise); set at affiliation or first
    request and kept, so the same person answers every time."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=PERSON, unique=True, on_delete=OnDelete.cascade
    )
    staff: ForeignKey[Table] = ForeignKey(
        references=STAFF_USER, on_delete=OnDelete.cascade, index=True
    )
    assigned_at = Timestamptz(default=TimestamptzNow())


class Company(Table, tablename="company"):
    """A company affiliated to the fund for its yearly company contribution. Its enterprise
    number (BCE/KBO, 0xxx.xxx.xxx, checked) is its natural key: directorships name it."""

    id = UUID(primary_key=True)
    enterprise_number = Varchar(length=12, unique=True)
    name = Varchar(length=200)
    legal_form = Varchar(length=16, default="")  # rules.LegalForm; "" while unknown
    incorporated_on = Date(null=True, default=None)  # the start-up exemption counts from it
    created_at = Timestamptz(default=TimestamptzNow())


class CompanyYear(Table, tablename="company_year"):
    """What fixes a company's contribution for one year: the balance-sheet total of year N-2
    and whether the start-up exemption was asked. One per company and year (a unique index)."""

    id = UUID(primary_key=True)
    company: ForeignKey[Table] = ForeignKey(
        references=Company, on_delete=OnDelete.restrict, index=True
    )
    year = Integer()
    balance_sheet_total = Numeric(digits=(16, 2))
    exemption_requested = Boolean(default=False)
    recorded_at = Timestamptz(default=TimestamptzNow())


class Directorship(Table, tablename="directorship"):
    """A company the person directs (mandataire de société): the company owes its own yearly
    contribution, and it is jointly liable for its director's contributions (AR 38 art. 15
    §1 al. 3). `enterprise_number` references company (a foreign key added by hand)."""

    id = UUID(primary_key=True)
    person: ForeignKey[Table] = ForeignKey(
        references=PERSON, on_delete=OnDelete.cascade, index=True
    )
    enterprise_number = Varchar(length=12)  # BCE/KBO as 0xxx.xxx.xxx, validated
    company_name = Varchar(length=200)
    since = Date()
    until = Date(null=True, default=None)


class HelpingSpouse(Table, tablename="helping_spouse"):
    """A helping spouse or partner (conjoint aidant) and the self-employed person they help."""

    id = UUID(primary_key=True)
    helper: ForeignKey[Table] = ForeignKey(
        references=PERSON, unique=True, on_delete=OnDelete.cascade
    )
    partner: ForeignKey[Table] = ForeignKey(
        references=PERSON, on_delete=OnDelete.cascade, index=True
    )
    since = Date()
