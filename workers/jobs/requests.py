"""Request jobs: acknowledge a submission, escalate requests nearing their legal deadline."""

from __future__ import annotations

import asyncio
import os
import uuid
from typing import Any

from app.kit.settings import Env, get_settings
from app.requests import service


async def acknowledge(request_id: str) -> None:
    """Receipt, reference, due dates, routing. The service returns quietly if already done."""
    await _test_delay()
    await service.acknowledge_request(uuid.UUID(request_id))


async def _test_delay() -> None:
    # Test hook only: lets tests/workers/test_ack_survives_kill.py kill a worker mid-job.
    if get_settings().env is Env.TEST and (delay := os.environ.get("AFFILIO_TEST_ACK_DELAY")):
        await asyncio.sleep(float(delay))


async def escalate(ctx: dict[str, Any] | None = None) -> int:
    """Cron: flag open requests within the escalation margin of their legal deadline."""
    return await service.escalate_requests()
