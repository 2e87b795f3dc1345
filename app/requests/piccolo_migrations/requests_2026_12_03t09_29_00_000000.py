"""Hand-written: the supervisors' dashboard's indexes (bench/dashboard.py measures them):
decisions by day (decisions per week over the last 12 weeks, and their list), and the open
requests with every column their figures group by (kind, age, deadlines), read index-only.
The statuses are written out: a migration keeps the set it was written for."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T09:29:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "decisions by day; open requests covered"
OPEN = "('submitted', 'received', 'in_review', 'information_requested', 'forwarded')"

FORWARDS = [
    "CREATE INDEX request_decided_at ON request (decided_at) INCLUDE (status, target_due) "
    "WHERE decided_at IS NOT NULL",
    "CREATE INDEX request_open_figures ON request (kind) "
    f"INCLUDE (status, received_on, created_at, legal_due, target_due) WHERE status IN {OPEN}",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS request_open_figures",
    "DROP INDEX IF EXISTS request_decided_at",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="requests", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
