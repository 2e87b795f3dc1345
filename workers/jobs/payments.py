"""Payments jobs: each quarter's due notices, ahead of the due date (daily, idempotent)."""

from __future__ import annotations

from typing import Any

from app.payments import service

# One run issues at most this many: a run stays well inside the job timeout; the next day's
# run (or the next hour's, see schedules) goes on where this one stopped.
PER_RUN = 5_000


async def issue_due_notices() -> int:
    return await service.issue_due_notices(limit=PER_RUN)


async def issue_due_notices_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context)."""
    await issue_due_notices()
