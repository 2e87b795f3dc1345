"""Hand-written: a postcode is 4 digits from 1000 to 9999, or none (the database says so too)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T09:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "a postcode is Belgian"

FORWARDS = [
    "ALTER TABLE person ADD CONSTRAINT person_postcode_belgian "
    "CHECK (postcode IS NULL OR postcode ~ '^[1-9][0-9]{3}$')",
]
BACKWARDS = ["ALTER TABLE person DROP CONSTRAINT IF EXISTS person_postcode_belgian"]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="identity", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
