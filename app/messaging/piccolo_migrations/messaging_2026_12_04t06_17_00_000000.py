"""Hand-written: one booked appointment per slot (a second booking of the same slot, even by
two people at the same instant, fails on this index), and the statuses and channels known."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-04T06:17:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "one booked appointment per slot"

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS appointment_by_slot ON appointment (slot)",
    "CREATE UNIQUE INDEX IF NOT EXISTS appointment_booked_once ON appointment (slot) "
    "WHERE status = 'booked'",
    "ALTER TABLE appointment ADD CONSTRAINT appointment_status_known CHECK "
    "(status IN ('booked', 'cancelled', 'moved', 'attended', 'no_show'))",
    "ALTER TABLE appointment_slot ADD CONSTRAINT appointment_slot_channel_known CHECK "
    "(channel IN ('office', 'phone', 'video') AND minutes > 0)",
]
BACKWARDS = [
    "ALTER TABLE appointment_slot DROP CONSTRAINT IF EXISTS appointment_slot_channel_known",
    "ALTER TABLE appointment DROP CONSTRAINT IF EXISTS appointment_status_known",
    "DROP INDEX IF EXISTS appointment_booked_once",
    "DROP INDEX IF EXISTS appointment_by_slot",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="messaging", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
