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
    row = await OutboxJob.select().where(OutboxJob.id == job_uuid).first()
    if row is None:
        return "gone"
    if row["status"] in (OutboxStatus.DONE.value, OutboxStatus.FAILED.value):
        return row["status"]  # delivered twice (at-least-once queue): nothing more to do
    handler = HANDLERS.get(row["name"])
    payload = row["payload"]
    if isinstance(payload, str):
        payload = json.loads(payload)
    try:
        if handler is None:
            raise LookupError(f"no handler for outbox job {row['name']!r}")
        async with transaction():
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
    return OutboxStatus.DONE.value
