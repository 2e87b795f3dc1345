"""Hand-written: a counter-proposal waiting for the affiliate's answer is an open plan too
(one open plan per account is read through this index)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T06:58:34:000000"
VERSION = "1.38.0"
DESCRIPTION = "open plans include offers"

FORWARDS = [
    "DROP INDEX IF EXISTS payment_plan_open",
    "CREATE INDEX payment_plan_open ON payment_plan (account) "
    "WHERE status IN ('proposed', 'offered', 'approved')",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS payment_plan_open",
    "CREATE INDEX payment_plan_open ON payment_plan (account) "
    "WHERE status IN ('proposed', 'approved')",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
