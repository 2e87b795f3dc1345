"""Hand-written: the composite and partial indexes the staff queue and "my requests" need
(Piccolo declares single-column indexes only). See bench/queue.py.

The partial indexes cover the open statuses named in app/requests/states.py (states.OPEN):
changing that set needs a new migration that rebuilds them.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration
from app.requests import states

ID = "2026-12-01T19:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "queue and history indexes"

OPEN = states.sql_list(states.OPEN)
FORWARDS = [
    # The staff queue: open requests by legal deadline, optionally per team, assignee or kind.
    f"CREATE INDEX IF NOT EXISTS request_open_due ON request (legal_due, id) WHERE status IN {OPEN}",
    "CREATE INDEX IF NOT EXISTS request_open_team_due ON request (team, legal_due, id) "
    f"WHERE status IN {OPEN}",
    "CREATE INDEX IF NOT EXISTS request_open_assignee_due ON request (assignee, legal_due, id) "
    f"WHERE status IN {OPEN}",
    "CREATE INDEX IF NOT EXISTS request_open_kind_due ON request (kind, legal_due, id) "
    f"WHERE status IN {OPEN}",
    # "My requests": newest first for one person.
    "CREATE INDEX IF NOT EXISTS request_person_created ON request (person, created_at DESC)",
    "CREATE INDEX IF NOT EXISTS request_event_request_at ON request_event (request, at)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS request_event_request_at",
    "DROP INDEX IF EXISTS request_person_created",
    "DROP INDEX IF EXISTS request_open_kind_due",
    "DROP INDEX IF EXISTS request_open_assignee_due",
    "DROP INDEX IF EXISTS request_open_team_due",
    "DROP INDEX IF EXISTS request_open_due",
]


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="requests", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
