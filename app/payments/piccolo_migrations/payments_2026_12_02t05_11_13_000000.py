"""Hand-written: a plan's instalment numbers are unique within it, and the open plans (the
daily job's and the pages' read) have their own index."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T05:11:13:000000"
VERSION = "1.38.0"
DESCRIPTION = "payment plan keys"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS plan_instalment_once ON plan_instalment (plan, number)",
    "CREATE INDEX IF NOT EXISTS payment_plan_open ON payment_plan (account) "
    "WHERE status IN ('proposed', 'approved')",
    "ALTER TABLE payment_plan ADD CONSTRAINT payment_plan_figures "
    "CHECK (debt > 0 AND advance >= 0 AND advance <= debt AND instalments >= 0)",
]
BACKWARDS = [
    "ALTER TABLE payment_plan DROP CONSTRAINT IF EXISTS payment_plan_figures",
    "DROP INDEX IF EXISTS payment_plan_open",
    "DROP INDEX IF EXISTS plan_instalment_once",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
