"""Messaging jobs."""

from __future__ import annotations

import uuid
from typing import Any

from app.messaging import service


async def send_welcome(person_id: str) -> None:
    await service.deliver_welcome(uuid.UUID(person_id))


async def send_push(subscription_id: str, kind: str) -> None:
    """One Web Push to one device; a busy push service raises, and the runner retries."""
    await service.push.send(uuid.UUID(subscription_id), kind)


async def appointment_reminders_cron(ctx: dict[str, Any]) -> None:
    """The cron entry (arq passes its context): tomorrow's appointments reminded, once."""
    await service.appointments.send_reminders()
