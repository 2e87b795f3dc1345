"""Hand-written: one recovery step per account, quarter and kind (the job may run twice), and
the index the staff's task list reads (open personal contacts by date)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T02:43:48:000000"
VERSION = "1.38.0"
DESCRIPTION = "recovery step uniqueness"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS recovery_step_once "
    "ON recovery_step (account, year, quarter, kind)",
    "CREATE INDEX IF NOT EXISTS recovery_step_open_tasks ON recovery_step (scheduled_on) "
    "WHERE done_on IS NULL",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS recovery_step_open_tasks",
    "DROP INDEX IF EXISTS recovery_step_once",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="payments", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
