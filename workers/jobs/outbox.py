"""Outbox housekeeping: done jobs are kept a month for operators, then removed."""

from __future__ import annotations

from typing import Any

from app.kit import outbox


async def purge_done_cron(ctx: dict[str, Any]) -> int:
    """The cron entry (arq passes its context)."""
    return await outbox.purge_done()
