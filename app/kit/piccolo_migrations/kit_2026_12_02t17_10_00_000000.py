"""Hand-written: the staff's e-mail log reads the latest sent mails first (/staff/mails)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T17:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "mail log newest first"

FORWARDS = ["CREATE INDEX IF NOT EXISTS mail_message_newest ON mail_message (created_at DESC)"]
BACKWARDS = ["DROP INDEX IF EXISTS mail_message_newest"]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="kit", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
