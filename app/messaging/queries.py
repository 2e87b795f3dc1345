"""Reads of the inbox, always scoped to the person who asks."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.kit import audit
from app.kit.errors import NotFound
from app.messaging.tables import InboxMessage, StaffNotice


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: uuid.UUID
    kind: str
    subject: str
    body: str
    created_at: datetime
    read_at: datetime | None
    link: str  # where in the portal it leads, "" for nowhere
    document: uuid.UUID | None = None  # its letter as a PDF, once made

    @property
    def unread(self) -> bool:
        return self.read_at is None


@dataclass(frozen=True, slots=True)
class InboxPage:
    """One page of the inbox, newest first; `older`: the cursor of the next page, if any."""

    items: tuple[InboxItem, ...]
    older: datetime | None
    unread: int


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


_INBOX_COLUMNS = (
    InboxMessage.id,
    InboxMessage.kind,
    InboxMessage.subject,
    InboxMessage.body,
    InboxMessage.created_at,
    InboxMessage.read_at,
    InboxMessage.link,
    InboxMessage.document,
)
INBOX_PAGE = 30


def _affiliate(actor: audit.Actor) -> uuid.UUID:
    """The inbox is the affiliate's own: anyone else finds nothing."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


async def inbox_for_person(person_id: uuid.UUID, *, limit: int = 50) -> list[InboxItem]:
    rows = (
        await InboxMessage.select(*_INBOX_COLUMNS)
        .where(InboxMessage.person == person_id)
        .order_by(InboxMessage.created_at, ascending=False)
        .limit(limit)
    )
    return [InboxItem(**row) for row in rows]


async def inbox_for(actor: audit.Actor, *, before: datetime | None = None) -> InboxPage:
    """The affiliate's inbox, newest first, a page at a time (`before`: the previous page's
    `older`), with how many messages are still unread in all."""
    person_id = _affiliate(actor)
    query = InboxMessage.select(*_INBOX_COLUMNS).where(InboxMessage.person == person_id)
    if before is not None:
        query = query.where(InboxMessage.created_at < before)
    rows = await query.order_by(InboxMessage.created_at, ascending=False).limit(INBOX_PAGE + 1)
    items = tuple(InboxItem(**row) for row in rows[:INBOX_PAGE])
    older = items[-1].created_at if len(rows) > INBOX_PAGE else None
    return InboxPage(items, older, await unread_inbox(person_id))


async def inbox_item_for(actor: audit.Actor, message_id: uuid.UUID) -> InboxItem:
    """One message of the affiliate's own inbox; another's is not found."""
    person_id = _affiliate(actor)
    row = (
        await InboxMessage.select(*_INBOX_COLUMNS)
        .where((InboxMessage.id == message_id) & (InboxMessage.person == person_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return InboxItem(**row)


async def unread_inbox(person_id: uuid.UUID) -> int:
    """How many of the person's inbox messages are unread (a partial index of the unread)."""
    return await InboxMessage.count().where(
        (InboxMessage.person == person_id) & InboxMessage.read_at.is_null()
    )


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
        raise NotFound()
    return await thread_rows(actor.id)


async def thread_attachment(actor: audit.Actor, attachment_id: uuid.UUID) -> ThreadFile:
    """A thread file for its person, or for staff (the caller audits staff reads)."""
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


@dataclass(frozen=True, slots=True)
class StaffNoticeView:
    id: uuid.UUID
    kind: str
    subject: str
    link: str
    created_at: datetime
    read_at: datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None


_STAFF_NOTICE_COLUMNS = (
    StaffNotice.id,
    StaffNotice.kind,
    StaffNotice.subject,
    StaffNotice.link,
    StaffNotice.created_at,
    StaffNotice.read_at,
)


async def staff_inbox(actor: audit.Actor, *, limit: int = 100) -> list[StaffNoticeView]:
    """The staff member's own notices, newest first."""
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    rows = (
        await StaffNotice.select(*_STAFF_NOTICE_COLUMNS)
        .where(StaffNotice.staff == actor.id)
        .order_by(StaffNotice.created_at, ascending=False)
        .limit(limit)
    )
    return [StaffNoticeView(**row) for row in rows]


async def unread_staff(staff_id: uuid.UUID) -> int:
    return await StaffNotice.count().where(
        (StaffNotice.staff == staff_id) & StaffNotice.read_at.is_null()
    )
