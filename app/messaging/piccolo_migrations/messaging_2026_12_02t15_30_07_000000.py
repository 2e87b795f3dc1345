"""Hand-written: one opt-out per person and topic (switching a topic off twice is one row),
and a staff member's unread notices counted from a partial index (the nav's badge)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T15:30:07:000000"
VERSION = "1.38.0"
DESCRIPTION = "e-mail opt-outs unique; staff notices indexed"

FORWARDS = [
    "CREATE UNIQUE INDEX email_opt_out_topic ON email_opt_out (person, topic)",
    "CREATE INDEX staff_notice_unread ON staff_notice (staff) WHERE read_at IS NULL",
    "CREATE INDEX staff_notice_newest ON staff_notice (staff, created_at DESC)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS staff_notice_newest",
    "DROP INDEX IF EXISTS staff_notice_unread",
    "DROP INDEX IF EXISTS email_opt_out_topic",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="messaging", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
