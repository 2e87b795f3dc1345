"""Moves committed outbox rows to arq. PostgreSQL is the source of truth; Redis only carries.

A row is enqueued with `_job_id = outbox id`, so arq refuses a duplicate while the job is known.
Rows handed over long ago and still unfinished are offered again: if Redis lost them (a restart
without persistence), they are queued anew; if arq still has them, it ignores the offer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any

from arq.connections import ArqRedis

from app.kit import clock
from app.kit.db import transaction
from app.kit.settings import get_settings
from app.kit.tables import OutboxJob, OutboxStatus

log = logging.getLogger("affilio.outbox")
RUN_JOB = "run_outbox_job"
BATCH = 100
POLL_SECONDS = 0.5


def stale_after() -> timedelta:
    """Twice the job timeout: a job still running is never offered a second time."""
    return timedelta(seconds=2 * get_settings().job_timeout)


async def relay_once(redis: ArqRedis, *, queue_name: str | None = None) -> int:
    """Hand due rows to the queue; returns how many were offered. Safe to run in N processes."""
    now = clock.now()
    offered = 0
    async with transaction():
        rows = await _due_rows(now)
        for row in rows:
            job_id = str(row["id"])
            kwargs: dict[str, Any] = {"_job_id": job_id}
            if queue_name:
                kwargs["_queue_name"] = queue_name
            await redis.enqueue_job(RUN_JOB, job_id, **kwargs)
            await OutboxJob.update(
                {OutboxJob.status: OutboxStatus.ENQUEUED.value, OutboxJob.enqueued_at: now}
            ).where(OutboxJob.id == row["id"])
            offered += 1
    return offered


async def _due_rows(now: Any) -> list[dict[str, Any]]:
    query = OutboxJob.raw(
        """
        SELECT id FROM outbox_job
        WHERE (status = 'pending' AND available_at <= {})
           OR (status = 'enqueued' AND enqueued_at < {})
        ORDER BY available_at
        LIMIT {}
        FOR UPDATE SKIP LOCKED
        """,
        now,
        now - stale_after(),
        BATCH,
    )
    return list(await query)


async def run_relay(redis: ArqRedis, stop: asyncio.Event, *, queue_name: str | None = None) -> None:
    """Poll until `stop` is set. A Redis or database outage is logged and retried, never fatal."""
    while not stop.is_set():
        try:
            offered = await relay_once(redis, queue_name=queue_name)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # outage: the rows stay pending, the next tick tries again
            log.warning("outbox relay could not hand jobs over: %r", exc)
            offered = 0
        if offered < BATCH:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=POLL_SECONDS)
