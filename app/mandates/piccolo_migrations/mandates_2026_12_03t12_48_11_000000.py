"""Hand-written: what the rules check, the database says too (a mandate has a scope, its last
day is not before its first)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T12:48:11:000000"
VERSION = "1.38.0"
DESCRIPTION = "a mandate has a scope and ordered dates"

FORWARDS = [
    "ALTER TABLE mandate ADD CONSTRAINT mandate_has_scope CHECK (cardinality(scopes) > 0)",
    "ALTER TABLE mandate ADD CONSTRAINT mandate_dates_ordered "
    "CHECK (ends_on IS NULL OR ends_on >= starts_on)",
    "ALTER TABLE mandate ADD CONSTRAINT mandate_not_to_oneself "
    "CHECK (mandatary IS NULL OR mandatary <> client)",
]
BACKWARDS = [
    "ALTER TABLE mandate DROP CONSTRAINT IF EXISTS mandate_not_to_oneself",
    "ALTER TABLE mandate DROP CONSTRAINT IF EXISTS mandate_dates_ordered",
    "ALTER TABLE mandate DROP CONSTRAINT IF EXISTS mandate_has_scope",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="mandates", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
