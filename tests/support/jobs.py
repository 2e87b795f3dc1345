"""Run the outbox jobs waiting now, in the test's process (no worker, no Redis queue)."""

from __future__ import annotations

from app.kit.tables import OutboxJob, OutboxStatus
from workers.runner import run_outbox_job


async def run_pending_jobs() -> int:
    jobs = await OutboxJob.select(OutboxJob.id).where(
        OutboxJob.status == OutboxStatus.PENDING.value
    )
    for job in jobs:
        await run_outbox_job({}, str(job["id"]))
    return len(jobs)
