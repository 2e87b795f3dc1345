"""Hand-written: the authority reports' starters and cessations (affiliations starting or
ending within the period, by category) found by date instead of a sequential scan of every
affiliation (bench/scale.py, 200 000 of them)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T13:00:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "affiliations by start and end"

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS affiliation_starts_on ON affiliation (starts_on) "
    "INCLUDE (category)",
    "CREATE INDEX IF NOT EXISTS affiliation_ends_on ON affiliation (ends_on) "
    "INCLUDE (category) WHERE ends_on IS NOT NULL",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS affiliation_ends_on",
    "DROP INDEX IF EXISTS affiliation_starts_on",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="affiliation", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
