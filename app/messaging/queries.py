"""Reads of the inbox, always scoped to the person who asks."""

from __future__ import annotations

import uuid
from typing import Any

from app.messaging.tables import InboxMessage


async def inbox_for_person(person_id: uuid.UUID, *, limit: int = 50) -> list[dict[str, Any]]:
    return list(
        await InboxMessage.select(
            InboxMessage.id,
            InboxMessage.kind,
            InboxMessage.subject,
            InboxMessage.body,
            InboxMessage.created_at,
            InboxMessage.read_at,
        )
        .where(InboxMessage.person == person_id)
        .order_by(InboxMessage.created_at, ascending=False)
        .limit(limit)
    )
