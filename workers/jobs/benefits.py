"""Benefit jobs: the morning's payment run, prepared for a supervisor to approve."""

from __future__ import annotations

from typing import Any

from app.benefits import runs
from app.kit.audit import SYSTEM


async def prepare_run_cron(ctx: dict[str, Any] | None = None) -> str | None:
    """Cron: a run of the payments due today with an amount and an account, in no run yet
    (run twice, the second finds nothing new: None)."""
    run_id = await runs.prepare_run(SYSTEM)
    return str(run_id) if run_id else None
