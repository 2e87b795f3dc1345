"""Reads of the inbox, always scoped to the person who asks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.kit import audit
from app.messaging.tables import InboxMessage


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: uuid.UUID
    kind: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None


@dataclass(frozen=True, slots=True)
class ThreadAttachmentMeta:
    """A thread file without its content."""

    id: uuid.UUID
    message: uuid.UUID
    filename: str
    size: int


@dataclass(frozen=True, slots=True)
class ThreadMessageView:
    id: uuid.UUID
    author_kind: str  # affiliate, staff
    body: str
    created_at: datetime
    read_at: datetime | None
    staff_name: str | None
    attachments: tuple[ThreadAttachmentMeta, ...]


@dataclass(frozen=True, slots=True)
class ThreadFile:
    """A thread file to download, with the person whose thread it is in."""

    filename: str
    content_type: str
    data: bytes
    person_id: uuid.UUID


async def inbox_for_person(person_id: uuid.UUID, *, limit: int = 50) -> list[InboxItem]:
    rows = (
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
    return [InboxItem(**row) for row in rows]


async def thread_rows(person_id: uuid.UUID, *, limit: int = 200) -> list[ThreadMessageView]:
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
    by_message: dict[uuid.UUID, list[ThreadAttachmentMeta]] = {}
    if rows:
        files = await ThreadAttachment.select(
            ThreadAttachment.id,
            ThreadAttachment.message,
            ThreadAttachment.filename,
            ThreadAttachment.size,
        ).where(ThreadAttachment.message.is_in([r["id"] for r in rows]))
        for item in files:
            by_message.setdefault(item["message"], []).append(ThreadAttachmentMeta(**item))
    return [
        ThreadMessageView(
            id=row["id"],
            author_kind=row["author_kind"],
            body=row["body"],
            created_at=row["created_at"],
            read_at=row["read_at"],
            staff_name=row["staff_name"],
            attachments=tuple(by_message.get(row["id"], [])),
        )
        for row in rows
    ]


async def thread_for_affiliate(actor: audit.Actor) -> list[ThreadMessageView]:
    if actor.kind != "affiliate" or actor.id is None:
        from app.kit.errors import NotFound

        raise NotFound()
    return await thread_rows(actor.id)


async def thread_attachment(actor: audit.Actor, attachment_id: uuid.UUID) -> ThreadFile:
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
    row = rows[0]
    return ThreadFile(
        filename=row["filename"],
        content_type=row["content_type"],
        data=bytes(row["data"]),
        person_id=row["person"],
    )


async def unread_count(person_id: uuid.UUID) -> int:
    from app.messaging.tables import ThreadMessage

    return await ThreadMessage.count().where(
        (ThreadMessage.person == person_id)
        & (ThreadMessage.author_kind == "staff")
        & ThreadMessage.read_at.is_null()
    )
