"""A transaction whose connection dies under it (PostgreSQL restarted, a failover) leaves
nothing behind: the next query of the same task works, and the pool keeps all its slots."""

from __future__ import annotations

import asyncio

import pytest

from app.kit import db
from app.kit.tables import OutboxJob


async def test_a_transaction_whose_connection_died_is_forgotten_and_given_back(
    database: None,
) -> None:
    size = db.engine().pool.get_max_size()  # type: ignore[union-attr]
    for _ in range(size + 2):  # more lost connections than the pool has slots
        with pytest.raises(Exception):  # noqa: B017 - whatever the driver says of a dead link
            async with db.transaction() as transaction:
                transaction.connection.terminate()  # the server is gone mid-transaction
                await OutboxJob.count()
        assert not db.in_transaction()
    # Same task, afterwards: a query gets a live connection at once (no slot was kept).
    assert await asyncio.wait_for(OutboxJob.count(), timeout=5) >= 0
    async with db.transaction():
        assert await OutboxJob.count() >= 0


async def test_a_connection_never_given_back_does_not_hang_the_shutdown(
    database: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = db.engine().pool
    db.engine().pool = None  # a pool of this test's own; the suite's is put back after
    try:
        assert await db.start_pool(max_size=2)
        pool = db.engine().pool
        assert pool is not None
        kept = await pool.acquire()  # a task that never releases it
        monkeypatch.setattr(db, "POOL_CLOSE_SECONDS", 0.5)
        await asyncio.wait_for(db.close_pool(), timeout=5)
        assert db.engine().pool is None
        assert pool.is_closing() and kept is not None  # cut, not waited for
    finally:
        db.engine().pool = shared
