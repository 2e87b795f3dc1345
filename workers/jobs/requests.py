"""Request jobs: acknowledge a submission, escalate requests nearing their legal deadline."""

from __future__ import annotations

import uuid
from typing import Any

from app.requests import service


async def acknowledge(request_id: str) -> None:
    """Receipt, reference, due dates, routing. The service returns quietly if already done."""
    await service.acknowledge_request(uuid.UUID(request_id))


async def escalate(ctx: dict[str, Any] | None = None) -> int:
    """Cron: flag open requests within the escalation margin of their legal deadline."""
    return await service.escalate_requests()


async def transmit(request_id: str) -> None:
    """A forwarded request's slip placed in the institutions' outbox, once."""
    await service.transmissions.transmit_request(uuid.UUID(request_id))
