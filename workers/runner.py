"""Runs one outbox job: the handler's writes and the `done` mark commit together.

A failure is counted on the row; it is retried with backoff until `max_attempts`, then marked
`failed` with its error, for an operator to see (`python -m app.cli outbox --failed`).
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from arq import Retry

from app.kit import clock
from app.kit.db import transaction
from app.kit.outbox import backoff
from app.kit.tables import OutboxJob, OutboxStatus
from workers.jobs import HANDLERS

log = logging.getLogger("affilio.jobs")


async def run_outbox_job(ctx: dict[str, Any], outbox_id: str) -> str:
    job_uuid = uuid.UUID(outbox_id)
    row: dict[str, Any] | None = None
    try:
        async with transaction():
            # The row stays locked while its handler runs: a second delivery of the same job
            # (Redis forgot the first one) waits here, then finds it done and does nothing.
            # No SKIP LOCKED: the relay also holds the row until it commits its hand-over, and
            # a job skipped then would be recorded by arq as finished, and never run.
            rows = await OutboxJob.raw(
                "SELECT * FROM outbox_job WHERE id = {} FOR UPDATE", job_uuid
            )
            if not rows:
                return "gone"
            row = rows[0]
            if row["status"] in (OutboxStatus.DONE.value, OutboxStatus.FAILED.value):
                return str(row["status"])  # delivered twice (at-least-once queue): nothing to do
            handler = HANDLERS.get(row["name"])
            if handler is None:
                raise LookupError(f"no handler for outbox job {row['name']!r}")
            payload = row["payload"]
            if isinstance(payload, str):
                payload = json.loads(payload)
            await handler(**payload)
            await OutboxJob.update(
                {
                    # The payload was for delivery only (addresses, one-time links and codes):
                    # a done job keeps none of it.
                    OutboxJob.payload: {},
                    OutboxJob.status: OutboxStatus.DONE.value,
                    OutboxJob.finished_at: clock.now(),
                    OutboxJob.attempts: row["attempts"] + 1,
                    OutboxJob.last_error: None,
                }
            ).where(OutboxJob.id == job_uuid)
    except Exception as exc:
        if row is None:
            # The database could not even be read (an outage): try again soon. A plain error
            # would end the arq job, whose kept result then blocks the relay's re-offer.
            log.warning("outbox job %s could not be read: %r", outbox_id, exc)
            raise Retry(defer=backoff(1)) from exc
        return await _count_failure(outbox_id, job_uuid, row, exc)
    return OutboxStatus.DONE.value


async def _count_failure(
    outbox_id: str, job_uuid: uuid.UUID, row: dict[str, Any], exc: Exception
) -> str:
    attempts = row["attempts"] + 1
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if attempts >= row["max_attempts"]:
        await OutboxJob.update(
            {
                OutboxJob.status: OutboxStatus.FAILED.value,
                OutboxJob.attempts: attempts,
                OutboxJob.last_error: error,
                OutboxJob.finished_at: clock.now(),
            }
        ).where(OutboxJob.id == job_uuid)
        log.error("outbox job %s (%s) failed for good: %s", outbox_id, row["name"], error)
        return OutboxStatus.FAILED.value
    await OutboxJob.update({OutboxJob.attempts: attempts, OutboxJob.last_error: error}).where(
        OutboxJob.id == job_uuid
    )
    log.warning("outbox job %s (%s) try %s failed: %s", outbox_id, row["name"], attempts, error)
    raise Retry(defer=backoff(attempts)) from exc
