"""Hand-written: references restart each year (AF-2027-000001) from a per-year counter row.

The counter row is incremented in the submit transaction (INSERT … ON CONFLICT DO UPDATE …
RETURNING), so concurrent submissions queue on that one row, a rolled-back submission gives
its number back (no gaps) and two requests never share a reference. Existing references seed
the counters so numbering continues where the old global sequence left it in each year."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T03:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "per-year request reference counter"

FORWARDS = [
    "CREATE TABLE IF NOT EXISTS request_reference_counter ("
    "year INTEGER PRIMARY KEY, last_number INTEGER NOT NULL)",
    "INSERT INTO request_reference_counter (year, last_number) "
    "SELECT split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int) "
    "FROM request WHERE reference ~ '^AF-[0-9]{4}-[0-9]+$' "
    "GROUP BY 1 ON CONFLICT (year) DO NOTHING",
]
BACKWARDS = ["DROP TABLE IF EXISTS request_reference_counter"]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="requests", description=DESCRIPTION)

    async def run() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in FORWARDS:
            await engine.run_ddl(statement)

    async def run_backwards() -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in BACKWARDS:
            await engine.run_ddl(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
