"""Hand-written: one row per version of a document, and a person's list read newest first."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T15:09:04:000000"
VERSION = "1.38.0"
DESCRIPTION = "document versions unique, listed newest first"

FORWARDS = [
    "CREATE UNIQUE INDEX document_version ON document (kind, source, version)",
    "CREATE INDEX document_newest ON document (person, created_at DESC)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS document_newest",
    "DROP INDEX IF EXISTS document_version",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="documents", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
