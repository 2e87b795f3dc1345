"""Hand-written: the inbox is read newest first per person, and its unread count (the
navigation's badge, on a cache miss) from a partial index of the unread messages alone."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T14:49:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "inbox indexes: newest first, unread"

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS inbox_message_newest ON inbox_message (person, created_at DESC)",
    "CREATE INDEX IF NOT EXISTS inbox_message_unread ON inbox_message (person) "
    "WHERE read_at IS NULL",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS inbox_message_unread",
    "DROP INDEX IF EXISTS inbox_message_newest",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="messaging", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
