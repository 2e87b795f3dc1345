"""Who follows whose file: the account manager (gestionnaire de dossier / dossierbeheerder)."""

from piccolo.columns import UUID, ForeignKey, Timestamptz
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from app.identity.tables import Person, StaffUser


class AccountManager(Table, tablename="account_manager"):
    """One contact person per affiliate (Charte promise); set at affiliation or first request."""

    id = UUID(primary_key=True)
    person = ForeignKey(references=Person, unique=True, on_delete=OnDelete.cascade)
    staff = ForeignKey(references=StaffUser, on_delete=OnDelete.cascade, index=True)
    assigned_at = Timestamptz(default=TimestamptzNow())
