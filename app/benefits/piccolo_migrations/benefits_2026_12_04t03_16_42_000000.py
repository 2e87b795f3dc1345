"""An undue claim is recorded once per entitlement and day, in cents, for something."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-04T03:16:42:000000"
VERSION = "1.38.0"
DESCRIPTION = "one undue claim per entitlement and day, in cents"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS benefit_undue_once "
    "ON benefit_undue (entitlement, not_entitled_from)",
    "ALTER TABLE benefit_undue ADD CONSTRAINT benefit_undue_cents "
    "CHECK (amount >= 0 AND amount = round(amount, 2))",
]
BACKWARDS = [
    "ALTER TABLE benefit_undue DROP CONSTRAINT IF EXISTS benefit_undue_cents",
    "DROP INDEX IF EXISTS benefit_undue_once",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="benefits", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
