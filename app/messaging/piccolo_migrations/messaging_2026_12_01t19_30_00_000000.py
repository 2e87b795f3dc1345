"""Hand-written: the thread is read newest-last per person."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-12-01T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "thread index"


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="messaging", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl(
            "CREATE INDEX IF NOT EXISTS thread_message_person_created "
            "ON thread_message (person, created_at)"
        )

    async def run_backwards() -> None:
        engine = engine_finder()
        assert engine is not None
        await engine.run_ddl("DROP INDEX IF EXISTS thread_message_person_created")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
