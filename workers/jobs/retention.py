"""The nightly retention scan: data kept past its period is flagged for a supervisor's
decision (app/staff/retention.py); it never erases anything itself."""

from __future__ import annotations

from typing import Any

from app.staff import retention


async def flag_expired_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context); idempotent: a flag is made once."""
    await retention.flag_expired()
