"""Wizard jobs: warn about drafts left alone, then remove the expired ones (daily, idempotent)."""

from __future__ import annotations

from typing import Any

from app.wizards import service


async def tidy_drafts() -> None:
    """Warn 14 days before expiry (once per draft), then delete drafts untouched for 90 days."""
    await service.warn_expiring_drafts()
    await service.expire_drafts()


async def tidy_drafts_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context)."""
    await tidy_drafts()
