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
