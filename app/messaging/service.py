"""Writes to the affiliate's inbox. Each message has a dedupe key, so a re-run job adds nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from app.identity.tables import Person
from app.kit import audit, clock, i18n
from app.kit.db import transaction
from app.kit.errors import NotFound
from app.kit.i18n import gettext as _
from app.kit.mail import queue_mail
from app.kit.settings import get_settings
from app.messaging.tables import InboxMessage, ThreadAttachment, ThreadMessage
from app.requests import messages, rules
from app.requests.errors import InvalidRequest
from app.staff import service as staff


async def deliver_welcome(person_id: uuid.UUID) -> bool:
    """The welcome message of a new affiliate, in their language. Returns False if already there."""
    person = (
        await Person.select(Person.id, Person.first_name, Person.language)
        .where(Person.id == person_id)
        .first()
    )
    if person is None:
        return False  # the person was removed before the job ran: nothing to welcome
    key = f"welcome:{person_id}"
    with i18n.language(person["language"]):
        subject = _("Welcome to your social insurance fund")
        body = _(
            "Hello %(name)s, your online file is ready. Here you can follow your contributions, "
            "ask your questions and file your requests. A contact person who knows your file "
            "will answer you.",
            name=person["first_name"],
        )
    inserted = await InboxMessage.raw(
        "INSERT INTO inbox_message (id, person, kind, subject, body, dedupe_key, created_at) "
        "VALUES ({}, {}, 'welcome', {}, {}, {}, now()) ON CONFLICT (dedupe_key) DO NOTHING "
        "RETURNING id",
        uuid.uuid4(),
        person_id,
        subject,
        body,
        key,
    )
    return bool(inserted)


async def post_message(
    actor: Any,
    *,
    person_id: uuid.UUID,
    body: str,
    attachments: Sequence[Any] = (),
) -> uuid.UUID:
    """A message in the person's thread; the other side gets an e-mail that a message waits
    (never its content: e-mail is not a secure channel)."""
    from app.requests.service import check_attachments

    body = (body or "").strip()
    errors: dict[str, str] = {}
    if not body and not attachments:
        errors["body"] = messages.message("message_required")
    if len(body) > 5000:
        errors["body"] = messages.message("too_long")
    errors.update(check_attachments(attachments, "attachments"))
    if errors:
        raise InvalidRequest(errors)
    if actor.kind == "affiliate" and actor.id != person_id:
        raise NotFound()
    if actor.kind not in ("affiliate", "staff"):
        raise NotFound()
    message_id = uuid.uuid4()
    async with transaction():
        person = (
            await Person.select(Person.id, Person.email, Person.language, Person.first_name)
            .where(Person.id == person_id)
            .first()
        )
        if person is None:
            raise NotFound()
        await ThreadMessage.insert(
            ThreadMessage(
                id=message_id,
                person=person_id,
                author_kind=actor.kind,
                author_staff=actor.id if actor.kind == "staff" else None,
                body=body,
                created_at=clock.now(),
            )
        )
        for item in attachments:
            kind = rules.sniff_file_type(item.data[:16])
            assert kind is not None
            await ThreadAttachment.insert(
                ThreadAttachment(
                    message=message_id,
                    filename=rules.safe_filename(item.filename),
                    content_type=kind.content_type,
                    size=len(item.data),
                    data=item.data,
                )
            )
        await audit.record(actor, "message.posted", subject=("person", person_id))
        base = get_settings().base_url.rstrip("/")
        if actor.kind == "staff":
            if person["email"]:
                await queue_mail(
                    to=person["email"],
                    template="message_waiting",
                    language=person["language"],
                    context={"first_name": person["first_name"], "link": f"{base}/messages"},
                )
        else:
            manager = await staff.account_manager_for(person_id)
            if manager is not None:
                await queue_mail(
                    to=manager["email"],
                    template="message_waiting_staff",
                    language=manager["language"],
                    context={
                        "name": manager["full_name"],
                        "link": f"{base}/staff/people/{person_id}",
                    },
                )
    return message_id


async def mark_thread_read(actor: Any, *, person_id: uuid.UUID) -> int:
    """Read receipts: the reader marks the other side's messages as read."""
    if actor.kind == "affiliate" and actor.id != person_id:
        raise NotFound()
    other = "staff" if actor.kind == "affiliate" else "affiliate"
    async with transaction():
        rows = await ThreadMessage.raw(
            "UPDATE thread_message SET read_at = {} WHERE person = {} AND author_kind = {} "
            "AND read_at IS NULL RETURNING id",
            clock.now(),
            person_id,
            other,
        )
    return len(rows)
