"""One entitlement per request and one payment per place in its schedule: the effect inserts
ON CONFLICT DO NOTHING, so a decision replayed (or a job delivered twice) writes nothing more.
An amount has at most two decimals: a third one is refused, never rounded."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T12:58:29:000000"
VERSION = "1.38.0"
DESCRIPTION = "one entitlement per request, one payment per number"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS benefit_entitlement_once "
    "ON benefit_entitlement (request)",
    "CREATE UNIQUE INDEX IF NOT EXISTS benefit_payment_once "
    "ON benefit_payment (entitlement, number)",
    "ALTER TABLE benefit_payment ADD CONSTRAINT benefit_payment_cents "
    "CHECK (amount IS NULL OR amount = round(amount, 2))",
]
BACKWARDS = [
    "ALTER TABLE benefit_payment DROP CONSTRAINT IF EXISTS benefit_payment_cents",
    "DROP INDEX IF EXISTS benefit_payment_once",
    "DROP INDEX IF EXISTS benefit_entitlement_once",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="benefits", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
