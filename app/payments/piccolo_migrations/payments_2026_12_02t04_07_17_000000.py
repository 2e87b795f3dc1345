"""Hand-written: an account belongs to a person or to a company, exactly one of the two."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T04:07:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "account holder"

FORWARDS = [
    "ALTER TABLE payment_account ADD CONSTRAINT payment_account_one_holder "
    "CHECK ((person IS NULL) <> (company IS NULL))",
]
BACKWARDS = [
    "ALTER TABLE payment_account DROP CONSTRAINT IF EXISTS payment_account_one_holder",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
