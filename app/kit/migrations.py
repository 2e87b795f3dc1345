"""Hand-written migrations: SQL Piccolo cannot declare (composite and partial indexes, CHECK
constraints, triggers), run forwards and backwards statement by statement."""

from __future__ import annotations

from collections.abc import Sequence

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder


def sql_migration(
    *,
    migration_id: str,
    app_name: str,
    description: str,
    forwards: Sequence[str],
    backwards: Sequence[str],
) -> MigrationManager:
    """A migration manager that runs `forwards` (and, rolled back, `backwards`) in order."""
    manager = MigrationManager(
        migration_id=migration_id, app_name=app_name, description=description
    )

    async def run(statements: Sequence[str]) -> None:
        engine = engine_finder()
        assert engine is not None
        for statement in statements:
            await engine.run_ddl(statement)

    async def run_forwards() -> None:
        await run(forwards)

    async def run_backwards() -> None:
        await run(backwards)

    manager.add_raw(run_forwards)
    manager.add_raw_backwards(run_backwards)
    return manager
