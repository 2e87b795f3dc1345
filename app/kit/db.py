"""Database access helpers: the engine, one transaction per service call, connection pool life."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import structlog
from piccolo.engine.finder import engine_finder
from piccolo.engine.postgres import PostgresEngine


def engine() -> PostgresEngine:
    found = engine_finder()
    if not isinstance(found, PostgresEngine):
        raise RuntimeError("Affilio runs on PostgreSQL only (see app/piccolo_conf.py)")
    return found


class _Transaction:
    """Piccolo's transaction, made safe when the connection dies under it.

    Piccolo forgets its "current transaction" only after a clean rollback and release: when the
    database goes away mid-transaction the rollback raises first, and the dead transaction stays
    current for the rest of the task, so the next query (a retry count, an error page's lookup)
    fails with "connection has been released back to the pool". Here it is forgotten anyway.
    """

    def __init__(self) -> None:
        self._inner = engine().transaction()

    async def __aenter__(self) -> Any:
        return await self._inner.__aenter__()

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        try:
            return bool(await self._inner.__aexit__(exc_type, exc, tb))
        except BaseException as failure:
            if self._inner._parent is None:
                await self._give_back()
            if isinstance(exc, BaseException) and failure is not exc:
                # The rollback failed because of what ended the block (a lost connection):
                # that first error is the one to answer (a 503), not the driver's follow-up.
                raise exc from failure
            raise

    async def _give_back(self) -> None:
        """Forget the dead transaction and hand its connection back: a pool slot kept by it
        would be lost for good, and after a few lost connections the pool would be empty."""
        token = getattr(self._inner, "context", None)
        if token is not None:
            with contextlib.suppress(ValueError, RuntimeError):  # already reset
                engine().current_transaction.reset(token)
        connection = getattr(self._inner, "connection", None)
        pool = engine().pool
        if connection is not None and pool is not None:
            with contextlib.suppress(Exception):  # already released, or beyond saving
                await pool.release(connection)


def transaction() -> Any:
    """`async with transaction():` — nested calls join the outer transaction."""
    return _Transaction()


def in_transaction() -> bool:
    return engine().current_transaction.get() is not None


async def start_pool(max_size: int = 10) -> bool:
    """Start the pool unless one runs already (tests share theirs); True if this call started it."""
    if engine().pool is not None:
        return False
    await engine().start_connection_pool(min_size=1, max_size=max_size, reset=_keep_session)
    return True


async def _keep_session(_connection: Any) -> None:
    """What a connection needs on its way back to the pool: nothing more than asyncpg's own
    rollback of an open transaction. Its default also sends `RESET ALL; UNLISTEN *; ...`, a
    round trip after every query, for session state this app never sets (it uses only
    transaction-scoped advisory locks and no LISTEN or SET)."""


POOL_CLOSE_SECONDS = 10.0


async def close_pool() -> None:
    """Close the pool, waiting a bounded time for connections still out: a connection never
    given back (a task cancelled mid-query) must not hang a shutdown; it is then cut."""
    pool = engine().pool
    if pool is None:
        return
    try:
        await asyncio.wait_for(pool.close(), POOL_CLOSE_SECONDS)
    except TimeoutError:
        structlog.get_logger("affilio.db").warning("pool_close_timeout", seconds=POOL_CLOSE_SECONDS)
        pool.terminate()
    engine().pool = None


async def ping() -> None:
    await engine().run_ddl("SELECT 1")


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of a read-only SQL query with `{}` placeholders (Piccolo's raw syntax).

    For read models that span several domains' tables (the back office): they read with SQL
    rather than import another domain's table classes.
    """
    from app.kit.tables import OutboxJob  # any table will do: raw SQL is not bound to it

    return list(await OutboxJob.raw(sql, *args))


async def execute(sql: str, *args: Any) -> list[dict[str, Any]]:
    """A writing SQL statement with `{}` placeholders (an INSERT … SELECT, an UPDATE across a
    set), for a domain's own tables; its RETURNING rows."""
    from app.kit.tables import OutboxJob

    return list(await OutboxJob.raw(sql, *args))
