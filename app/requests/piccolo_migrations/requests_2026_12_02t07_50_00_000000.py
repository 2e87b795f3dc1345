"""Hand-written: a request forwarded to INASTI is still open (states.OPEN gained
"forwarded"), so the queue's partial indexes are rebuilt to cover it. The statuses are written
out: a migration keeps the set it was written for, whatever states.py says later."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

from app.kit.migrations import sql_migration

ID = "2026-12-02T07:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "open requests include forwarded ones"

OPEN = "('submitted', 'received', 'in_review', 'information_requested', 'forwarded')"
BEFORE = "('submitted', 'received', 'in_review', 'information_requested')"
INDEXES = (
    ("request_open_due", "(legal_due, id)"),
    ("request_open_team_due", "(team, legal_due, id)"),
    ("request_open_assignee_due", "(assignee, legal_due, id)"),
    ("request_open_kind_due", "(kind, legal_due, id)"),
)


def _rebuild(statuses: str) -> list[str]:
    statements: list[str] = []
    for name, columns in INDEXES:
        statements.append(f"DROP INDEX IF EXISTS {name}")
        statements.append(f"CREATE INDEX {name} ON request {columns} WHERE status IN {statuses}")
    return statements


FORWARDS = _rebuild(OPEN)
BACKWARDS = _rebuild(BEFORE)


async def forwards() -> MigrationManager:
    return sql_migration(
        migration_id=ID, app_name="requests", description=DESCRIPTION,
        forwards=FORWARDS, backwards=BACKWARDS,
    )  # fmt: skip
