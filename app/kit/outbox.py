"""Transactional outbox: follow-up work is a row written in the business transaction.

The relay (workers/outbox_relay.py) hands committed rows to the queue; a Redis outage only delays
them. Nothing here imports arq: the queue can be swapped without touching app/.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from app.kit import clock
from app.kit.db import in_transaction
from app.kit.tables import OutboxJob, OutboxStatus

DEFAULT_MAX_ATTEMPTS = 5


class OutboxUsageError(RuntimeError):
    pass


def _jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _job(
    name: str, payload: Mapping[str, Any], delay: timedelta | None, max_attempts: int
) -> OutboxJob:
    return OutboxJob(
        id=uuid.uuid4(),
        name=name,
        payload=json.dumps(_jsonable(dict(payload))),
        status=OutboxStatus.PENDING.value,
        max_attempts=max_attempts,
        available_at=clock.now() + (delay or timedelta(0)),
    )


async def enqueue(
    name: str,
    *,
    delay: timedelta | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    **payload: Any,
) -> uuid.UUID:
    """Write a job row in the caller's transaction: it exists only if the business change does."""
    [job_id] = await enqueue_many(name, [payload], delay=delay, max_attempts=max_attempts)
    return job_id


async def enqueue_many(
    name: str,
    payloads: Sequence[Mapping[str, Any]],
    *,
    delay: timedelta | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
) -> list[uuid.UUID]:
    """`enqueue` of several jobs of one kind, written in one INSERT (a batch job's e-mails)."""
    if not in_transaction():
        raise OutboxUsageError(f"outbox.enqueue({name!r}) must run inside the business transaction")
    jobs = [_job(name, payload, delay, max_attempts) for payload in payloads]
    if jobs:
        await OutboxJob.insert(*jobs)
    return [job.id for job in jobs]


def backoff(attempt: int) -> timedelta:
    """Exponential backoff between tries: 2 s, 4 s, 8 s, … capped at 5 minutes."""
    return timedelta(seconds=min(2**attempt, 300))


DONE_RETENTION = timedelta(days=30)


async def purge_done(*, older_than: timedelta = DONE_RETENTION) -> int:
    """Delete done jobs finished more than `older_than` ago (failed ones stay for operators)."""
    rows = await OutboxJob.raw(
        "DELETE FROM outbox_job WHERE status = {} AND finished_at < {} RETURNING id",
        OutboxStatus.DONE.value,
        clock.now() - older_than,
    )
    return len(rows)
