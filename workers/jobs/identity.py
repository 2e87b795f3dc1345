"""Identity jobs: housekeeping of one-time links and e-mail codes."""

from __future__ import annotations

from typing import Any

from app.identity import service


async def purge_expired_tokens_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context)."""
    await service.purge_expired_tokens()
