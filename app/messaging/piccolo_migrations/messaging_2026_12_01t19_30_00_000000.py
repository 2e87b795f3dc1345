"""Hand-written: the thread is read newest-last per person."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-01T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "thread index"


FORWARDS = [
    "CREATE INDEX IF NOT EXISTS thread_message_person_created "
    "ON thread_message (person, created_at)"
]
BACKWARDS = ["DROP INDEX IF EXISTS thread_message_person_created"]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="messaging", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
