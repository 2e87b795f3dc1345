"""Hand-written: the indexes the scale bench (bench/scale.py, 300 000 requests) asked for.

- The staff queue's filter-bar counts (open, overdue, due this week, mine, waiting) over the
  open requests of a team, or of every team, read index-only: team, with the columns they
  test. Before, a bitmap scan of the open requests and their heap pages.
- The authority reports' outcomes: the events that reached a final status, by their time
  (the report's period), with the request and the status, read index-only. Before, a
  sequential scan of every event.

The statuses are written out: a migration keeps the set it was written for."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-03T13:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "queue counts covered; final events by time"
OPEN = "('submitted', 'received', 'in_review', 'information_requested', 'forwarded')"
FINAL = "('granted', 'partly_granted', 'refused', 'withdrawn')"

FORWARDS = [
    "CREATE INDEX IF NOT EXISTS request_open_counts ON request (team) "
    f"INCLUDE (status, legal_due, assignee) WHERE status IN {OPEN}",
    "CREATE INDEX IF NOT EXISTS request_event_final_at ON request_event (at) "
    f"INCLUDE (request, to_status) WHERE to_status IN {FINAL}",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS request_event_final_at",
    "DROP INDEX IF EXISTS request_open_counts",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="requests", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
