"""One finding per person, right and occasion: the evaluation inserts ON CONFLICT DO NOTHING,
so a right found twice (or by two workers at once) is posted once."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T11:45:06:000000"
VERSION = "1.38.0"
DESCRIPTION = "one finding per person, right and occasion"

FORWARDS = [
    "CREATE UNIQUE INDEX IF NOT EXISTS right_finding_once "
    "ON right_finding (person, \"right\", occasion)",
]
BACKWARDS = ["DROP INDEX IF EXISTS right_finding_once"]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="rights", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
