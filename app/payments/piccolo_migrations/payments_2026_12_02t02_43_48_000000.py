"""Hand-written: one recovery step per account, quarter and kind (the job may run twice), and
the index the staff's task list reads (open personal contacts by date)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

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
    manager = MigrationManager(migration_id=ID, app_name="payments", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in FORWARDS:
            await engine.run_ddl(statement)

    async def run_backwards() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in BACKWARDS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
