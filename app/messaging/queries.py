"""Reads of the inbox, always scoped to the person who asks."""

from __future__ import annotations

import uuid
from typing import Any

from app.kit import audit
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


async def thread_rows(person_id: uuid.UUID, *, limit: int = 200) -> list[dict[str, Any]]:
    """The person's thread, oldest first, with attachment names (no file content)."""
    from app.messaging.tables import ThreadAttachment, ThreadMessage

    rows = list(
        await ThreadMessage.raw(
            "SELECT * FROM (SELECT m.id, m.author_kind, m.body, m.created_at, m.read_at, "
            "s.full_name AS staff_name FROM thread_message m "
            "LEFT JOIN staff_user s ON s.id = m.author_staff "
            "WHERE m.person = {} ORDER BY m.created_at DESC LIMIT {}) t ORDER BY created_at",
            person_id,
            limit,
        )
    )
    if rows:
        files = await ThreadAttachment.select(
            ThreadAttachment.id,
            ThreadAttachment.message,
            ThreadAttachment.filename,
            ThreadAttachment.size,
        ).where(ThreadAttachment.message.is_in([r["id"] for r in rows]))
        by_message: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for item in files:
            by_message.setdefault(item["message"], []).append(item)
        for row in rows:
            row["attachments"] = by_message.get(row["id"], [])
    return rows


async def thread_for_affiliate(actor: audit.Actor) -> list[dict[str, Any]]:
    if actor.kind != "affiliate" or actor.id is None:
        from app.kit.errors import NotFound

        raise NotFound()
    return await thread_rows(actor.id)


async def thread_attachment(actor: audit.Actor, attachment_id: uuid.UUID) -> dict[str, Any]:
    """A thread file for its person, or for staff (the caller audits staff reads)."""
    from app.kit.errors import NotFound
    from app.messaging.tables import ThreadAttachment

    rows = await ThreadAttachment.raw(
        "SELECT a.filename, a.content_type, a.data, m.person FROM thread_attachment a "
        "JOIN thread_message m ON m.id = a.message WHERE a.id = {}",
        attachment_id,
    )
    if not rows:
        raise NotFound()
    if actor.kind == "affiliate" and rows[0]["person"] != actor.id:
        raise NotFound()
    if actor.kind not in ("affiliate", "staff"):
        raise NotFound()
    return rows[0]


async def unread_count(person_id: uuid.UUID) -> int:
    from app.messaging.tables import ThreadMessage

    return await ThreadMessage.count().where(
        (ThreadMessage.person == person_id)
        & (ThreadMessage.author_kind == "staff")
        & ThreadMessage.read_at.is_null()
    )
