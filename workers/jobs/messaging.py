"""Messaging jobs."""

from __future__ import annotations

import uuid

from app.messaging import service


async def send_welcome(person_id: str) -> None:
    await service.deliver_welcome(uuid.UUID(person_id))
