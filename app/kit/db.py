"""Database access helpers: the engine, one transaction per service call, connection pool life."""

from __future__ import annotations

from typing import Any

from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine


def engine() -> PostgresEngine:
    found = engine_finder()
    if not isinstance(found, PostgresEngine):
        raise RuntimeError("Affilio runs on PostgreSQL only (see app/piccolo_conf.py)")
    return found


def transaction() -> Any:
    """`async with transaction():` — nested calls join the outer transaction."""
    return engine().transaction()


def in_transaction() -> bool:
    return engine().current_transaction.get() is not None


async def start_pool(max_size: int = 10) -> bool:
    """Start the pool unless one runs already (tests share theirs); True if this call started it."""
    if engine().pool is not None:
        return False
    await engine().start_connection_pool(min_size=1, max_size=max_size)
    return True


async def close_pool() -> None:
    await engine().close_connection_pool()


async def ping() -> None:
    await engine().run_ddl("SELECT 1")


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of a read-only SQL query with `{}` placeholders (Piccolo's raw syntax).

    For read models that span several domains' tables (the back office): they read with SQL
    rather than import another domain's table classes.
    """
    from app.kit.tables import OutboxJob  # any table will do: raw SQL is not bound to it

    return list(await OutboxJob.raw(sql, *args))
