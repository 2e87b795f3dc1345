"""Writes to the affiliate's inbox and the secure thread.

Every domain that must tell a person something calls `post_notice` (notifications go down the
ranks, never sideways): one inbox message per dedupe key, so a re-run job adds nothing, and an
e-mail that only says something waits in the portal.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.support import LazyProxy

from app.affiliation import queries as affiliation
from app.documents import uploads
from app.documents.uploads import NewAttachment
from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.db import fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import N_, lazy_gettext
from app.kit.i18n import gettext as _
from app.kit.mail import MailAttachment, QueuedMail, queue_mail, queue_mails
from app.kit.settings import get_settings
from app.messaging import appointments as appointments  # bookings with the account manager
from app.messaging import preferences
from app.messaging import push as push  # Web Push, for the worker
from app.messaging.tables import (
    EmailOptOut,
    InboxMessage,
    StaffNotice,
    ThreadAttachment,
    ThreadMessage,
)

MAX_MESSAGE = 5000
MESSAGE_ERRORS = {
    "required": lazy_gettext("Write your message or add a document"),
    "too_long": lazy_gettext("Your answer is too long"),
}


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice to a person. `subject` and `body` are English message ids (marked with N_),
    translated in the recipient's language; `context` fills their placeholders (dates are
    written the way the recipient reads them, lazy texts translated for them)."""

    kind: str
    subject: str
    body: str
    context: Mapping[str, Any] = field(default_factory=dict)
    # The e-mail that says something waits (templates/emails/<name>.txt), if any.
    email_template: str | None = None
    email_context: Mapping[str, Any] = field(default_factory=dict)
    # Files the e-mail carries (an appointment's .ics), already in the recipient's language.
    email_attachments: tuple[MailAttachment, ...] = ()
    link: str = "/"  # where in the portal the notice leads


def _localised(values: Mapping[str, Any], language: str) -> dict[str, Any]:
    """Dates, amounts (Decimal euros) and lazy texts written the way the recipient reads them."""

    def written(value: Any) -> Any:
        if isinstance(value, date):
            return i18n.format_day(value, language)
        if isinstance(value, Decimal):
            return i18n.format_money(value, language)
        return str(value) if isinstance(value, LazyProxy) else value

    with i18n.language(language):
        return {k: written(v) for k, v in values.items()}


@dataclass(frozen=True, slots=True)
class NoticeFor:
    """One notice of `post_notices`: to whom, and its dedupe key."""

    person_id: uuid.UUID
    notice: Notice
    dedupe_key: str


# Who else is told when a person gets a notice: their mandataries with the "receive notices"
# scope (app.mandates, above this domain, registers the reader at wiring). They get a notice of
# their own that leads to the client's notices in their portal, never the notice's text.
NoticeCopies = Callable[[list[uuid.UUID]], Awaitable[dict[uuid.UUID, list[uuid.UUID]]]]
COPY_KIND = "mandate_copy"
_copy_readers: list[NoticeCopies] = []
_not_copied: set[str] = {COPY_KIND}  # a copy is not copied again


def register_notice_copies(reader: NoticeCopies, *, not_for: Sequence[str] = ()) -> None:
    """Wiring: `reader(person_ids)` answers, per person, who receives a copy of their notices;
    notices of the kinds `not_for` are not copied (the mandate's own news, for instance)."""
    if reader not in _copy_readers:
        _copy_readers.append(reader)
    _not_copied.update(not_for)


async def _copies(posted: list[NoticeFor]) -> list[NoticeFor]:
    if not _copy_readers or not posted:
        return []
    people = list(dict.fromkeys(n.person_id for n in posted))
    recipients: dict[uuid.UUID, list[uuid.UUID]] = {}
    for reader in _copy_readers:
        for person, others in (await reader(people)).items():
            recipients.setdefault(person, []).extend(others)
    if not recipients:
        return []
    names = await identity.person_contacts(people)
    copies = []
    for item in posted:
        client = names.get(item.person_id)
        for mandatary in dict.fromkeys(recipients.get(item.person_id, [])):
            copies.append(NoticeFor(mandatary, Notice(
                kind=COPY_KIND,
                subject=N_("A new notice for %(client)s"),
                body=N_("%(client)s received a notice from the fund. You can read it under "
                        "their mandate, in your clients."),
                context={"client": f"{client.first_name} {client.last_name}" if client else ""},
                link=f"/clients/{item.person_id}/notices",
            ), f"copy:{mandatary}:{item.dedupe_key}"[:128]))  # fmt: skip
    return copies


async def post_notice(person_id: uuid.UUID, notice: Notice, *, dedupe_key: str) -> bool:
    """Put the notice in the person's inbox once; False when the key was already used or the
    person is gone. Joins the caller's transaction."""
    [posted] = await post_notices([NoticeFor(person_id, notice, dedupe_key)])
    return posted


def _written(notice: Notice, language: str) -> tuple[str, str, dict[str, Any]]:
    """The notice's subject, body and context in the recipient's language."""
    context = _localised(notice.context, language)
    with i18n.language(language):
        subject = (str(_(notice.subject, **context)) if context else str(_(notice.subject)))[:200]
        body = str(_(notice.body, **context)) if context else str(_(notice.body))
    return subject, body, context


async def post_notices(notices: Sequence[NoticeFor]) -> list[bool]:
    """`post_notice` of many notices at once (the quarterly notice job): the people's contacts
    read in one query, the inbox messages written in one INSERT and their e-mails queued in
    another. One True or False a notice, in their order (a dedupe key given twice posts once).
    Joins the caller's transaction."""
    if not notices:
        return []
    contacts = await identity.person_contacts(list(dict.fromkeys(i.person_id for i in notices)))
    ids: list[uuid.UUID] = []
    people: list[uuid.UUID] = []
    kinds: list[str] = []
    subjects: list[str] = []
    bodies: list[str] = []
    keys: list[str] = []
    links: list[str] = []
    written: dict[int, tuple[identity.PersonContact, str, dict[str, Any]]] = {}
    for index, item in enumerate(notices):
        person = contacts.get(item.person_id)
        if person is None:
            continue
        language = person.language or i18n.DEFAULT_LANGUAGE
        subject, body, context = _written(item.notice, language)
        written[index] = (person, language, context)
        ids.append(uuid.uuid4())
        people.append(item.person_id)
        kinds.append(item.notice.kind)
        subjects.append(subject)
        bodies.append(body)
        keys.append(item.dedupe_key[:128])
        links.append(item.notice.link[:300])
    inserted = await InboxMessage.raw(
        "INSERT INTO inbox_message (id, person, kind, subject, body, dedupe_key, link, "
        "created_at) SELECT t.id, t.person, t.kind, t.subject, t.body, t.dedupe_key, t.link, "
        "now() FROM unnest({}::uuid[], {}::uuid[], {}::text[], {}::text[], {}::text[], "
        "{}::text[], {}::text[]) "
        "WITH ORDINALITY AS t(id, person, kind, subject, body, dedupe_key, link, n) ORDER BY t.n "
        "ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key",
        ids, people, kinds, subjects, bodies, keys, links,
    ) if written else []  # fmt: skip
    fresh = {row["dedupe_key"] for row in inserted}
    switched_off = await _opt_outs(people) if fresh else {}
    base = get_settings().base_url.rstrip("/")
    posted: list[bool] = []
    mails: list[QueuedMail] = []
    for index, item in enumerate(notices):
        key = item.dedupe_key[:128]
        done = index in written and key in fresh
        posted.append(done)
        if not done:
            continue
        fresh.discard(key)  # the same key given again further on was not posted
        person, language, context = written[index]
        wanted = preferences.wants_email(item.notice.kind,
                                         switched_off.get(item.person_id, frozenset()))  # fmt: skip
        if person.email and item.notice.email_template and wanted:
            mails.append(QueuedMail(
                to=person.email,
                template=item.notice.email_template,
                language=language,
                context={
                    **context,
                    **_localised(item.notice.email_context, language),
                    "first_name": person.first_name,
                    "link": base + item.notice.link,
                },
                attachments=item.notice.email_attachments,
            ))  # fmt: skip
    if mails:
        await queue_mails(mails)
    # The installed app rings on the devices that asked for this kind (messaging.push).
    await push.queue_for_notices(
        [(n.person_id, n.notice.kind) for n, done in zip(notices, posted, strict=True) if done]
    )
    # A copy is not copied again (a mandatary's own mandataries are not told of it).
    copies = await _copies(
        [
            n
            for n, done in zip(notices, posted, strict=True)
            if done and n.notice.kind not in _not_copied
        ]
    )
    if copies:
        await post_notices(copies)
    return posted


async def deliver_welcome(person_id: uuid.UUID) -> bool:
    """The welcome message of a new affiliate, in their language. Returns False if already there."""
    person = await identity.person_contact(person_id)
    if person is None:
        return False  # the person was removed before the job ran: nothing to welcome
    notice = Notice(
        kind="welcome",
        subject=N_("Welcome to your social insurance fund"),
        body=N_(
            "Hello %(name)s, your online file is ready. Here you can follow your contributions, "
            "ask your questions and file your requests. A contact person who knows your file "
            "will answer you."
        ),
        context={"name": person.first_name},
    )
    return await post_notice(person_id, notice, dedupe_key=f"welcome:{person_id}")


async def attach_document(dedupe_key: str, document_id: uuid.UUID) -> bool:
    """Join the letter a worker made to the inbox message of the same fact, so the message
    offers it for download. Joins the caller's transaction; False when no such message."""
    rows = await fetch(
        "UPDATE inbox_message SET document = {} WHERE dedupe_key = {} RETURNING id",
        document_id, dedupe_key[:128],
    )  # fmt: skip
    return bool(rows)


async def _uploaded_last_hour(person_id: uuid.UUID) -> tuple[int, int]:
    """Files and bytes the affiliate sent in their thread in the last hour."""
    rows = await ThreadAttachment.raw(
        "SELECT count(*) AS files, coalesce(sum(a.size), 0) AS bytes FROM thread_attachment a "
        "JOIN thread_message m ON m.id = a.message "
        "WHERE m.person = {} AND m.author_kind = 'affiliate' AND a.created_at > {}",
        person_id,
        clock.now() - timedelta(hours=1),
    )
    return int(rows[0]["files"]), int(rows[0]["bytes"])


async def post_message(
    actor: audit.Actor,
    *,
    person_id: uuid.UUID,
    body: str,
    attachments: Sequence[NewAttachment] = (),
) -> uuid.UUID:
    """A message in the person's thread; the other side gets an e-mail that a message waits
    (never its content: e-mail is not a secure channel)."""
    body = (body or "").strip()
    errors: dict[str, str] = {}
    if not body and not attachments:
        errors["body"] = str(MESSAGE_ERRORS["required"])
    if len(body) > MAX_MESSAGE:
        errors["body"] = str(MESSAGE_ERRORS["too_long"])
    errors.update(uploads.check_attachments(attachments, "attachments"))
    if not errors and actor.kind == "affiliate" and attachments:
        files, size = await _uploaded_last_hour(person_id)
        errors.update(uploads.check_quota(attachments, "attachments", files=files, size=size))
    if errors:
        raise FormInvalid(errors)
    if actor.kind == "affiliate" and actor.id != person_id:
        raise NotFound()
    if actor.kind not in ("affiliate", "staff"):
        raise NotFound()
    message_id = uuid.uuid4()
    async with transaction():
        person = await identity.person_contact(person_id)
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
            file = uploads.stored(item)
            await ThreadAttachment.insert(
                ThreadAttachment(
                    message=message_id,
                    filename=file.filename,
                    content_type=file.content_type,
                    size=file.size,
                    data=file.data,
                    created_at=clock.now(),  # the one clock: the hourly quota counts by it
                )
            )
        await audit.record(actor, "message.posted", subject=("person", person_id))
        base = get_settings().base_url.rstrip("/")
        if actor.kind == "staff":
            # In the inbox (and its badge) like every other notice, with the same e-mail.
            await post_notice(person_id, Notice(
                kind="message",
                subject=N_("A message is waiting for you"),
                body=N_("Your account manager has sent you a message. Read it in your "
                        "secure thread."),
                email_template="message_waiting",
                link="/messages#latest",
            ), dedupe_key=f"message:{message_id}")  # fmt: skip
        else:
            manager = await affiliation.account_manager_for(person_id)
            if manager is not None:
                await post_staff_notice(
                    manager.id, kind="message",
                    subject=N_("New message from %(name)s"),
                    context={"name": person.full_name},
                    link=f"/staff/people/{person_id}#latest",
                    dedupe_key=f"staff-message:{message_id}",
                )  # fmt: skip
                await queue_mail(
                    to=manager.email,
                    template="message_waiting_staff",
                    language=manager.language,
                    context={"name": manager.full_name, "link": f"{base}/staff/people/{person_id}"},
                )
    return message_id


async def post_staff_notice(staff_id: uuid.UUID, *, kind: str, subject: str,
                            context: Mapping[str, Any], link: str,
                            dedupe_key: str) -> bool:  # fmt: skip
    """One line in the staff member's inbox (`subject`: an English message id, written in
    their language), once per key; False if already there or the member is gone. Joins the
    caller's transaction."""
    member = await identity.staff_member(staff_id)
    if member is None:
        return False
    language = i18n.normalise(member.language) or i18n.DEFAULT_LANGUAGE
    written = _localised(context, language)
    with i18n.language(language):
        text = str(_(subject, **written))[:200]
    rows = await StaffNotice.raw(
        "INSERT INTO staff_notice (id, staff, kind, subject, link, dedupe_key, created_at) "
        "VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
        uuid.uuid4(), staff_id, kind, text, link[:300], dedupe_key[:128], clock.now(),
    )  # fmt: skip
    return bool(rows)


async def open_staff_notice(actor: audit.Actor, notice_id: uuid.UUID) -> str:
    """A staff member opens one notice of theirs: read from now, and where it leads (another
    member's is not found)."""
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    rows = await StaffNotice.raw(
        "UPDATE staff_notice SET read_at = coalesce(read_at, {}) WHERE id = {} AND staff = {} "
        "RETURNING link", clock.now(), notice_id, actor.id,
    )  # fmt: skip
    if not rows:
        raise NotFound()
    return str(rows[0]["link"])


async def mark_staff_notices_read(actor: audit.Actor) -> int:
    """Every unread notice of the staff member marked read."""
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    rows = await StaffNotice.raw(
        "UPDATE staff_notice SET read_at = {} WHERE staff = {} AND read_at IS NULL "
        "RETURNING id", clock.now(), actor.id,
    )  # fmt: skip
    return len(rows)


async def _opt_outs(people: Sequence[uuid.UUID]) -> dict[uuid.UUID, frozenset[str]]:
    """The topics each person switched off, in one query for a batch of notices."""
    rows = await EmailOptOut.raw(
        "SELECT person, topic FROM email_opt_out WHERE person = ANY({}::uuid[])",
        list(dict.fromkeys(people)),
    )
    found: dict[uuid.UUID, set[str]] = {}
    for row in rows:
        found.setdefault(row["person"], set()).add(row["topic"])
    return {person: frozenset(topics) for person, topics in found.items()}


async def email_topics(actor: audit.Actor) -> frozenset[str]:
    """The optional topics the affiliate switched off (their preferences page)."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return (await _opt_outs([actor.id])).get(actor.id, frozenset())


async def set_email_topics(actor: audit.Actor, wanted: Sequence[str]) -> frozenset[str]:
    """Keep by e-mail exactly the optional topics in `wanted` (unknown names are ignored;
    legal notices are not topics, so they cannot be switched off). Returns those now off."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    off = frozenset(preferences.TOPICS) - frozenset(wanted)
    async with transaction():
        await EmailOptOut.raw("DELETE FROM email_opt_out WHERE person = {}", actor.id)
        for topic in sorted(off):
            await EmailOptOut.raw(
                "INSERT INTO email_opt_out (id, person, topic, created_at) VALUES ({}, {}, {}, {})",
                uuid.uuid4(), actor.id, topic, clock.now(),
            )  # fmt: skip
        await audit.record(actor, "messaging.email_preferences", subject=("person", actor.id),
                           details={"off": sorted(off)})  # fmt: skip
    return off


async def mark_inbox_read(actor: audit.Actor, message_id: uuid.UUID) -> bool:
    """The affiliate opened one of their inbox messages: read from now (once; another's is
    not found). True when it was unread."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    rows = await InboxMessage.raw(
        "UPDATE inbox_message SET read_at = {} WHERE id = {} AND person = {} "
        "AND read_at IS NULL RETURNING id",
        clock.now(), message_id, actor.id,
    )  # fmt: skip
    if not rows and not await InboxMessage.exists().where(
        (InboxMessage.id == message_id) & (InboxMessage.person == actor.id)
    ):
        raise NotFound()
    return bool(rows)


async def mark_inbox_all_read(actor: audit.Actor) -> int:
    """Every unread inbox message of the affiliate marked read (the inbox's own button)."""
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    rows = await InboxMessage.raw(
        "UPDATE inbox_message SET read_at = {} WHERE person = {} AND read_at IS NULL "
        "RETURNING id",
        clock.now(), actor.id,
    )  # fmt: skip
    return len(rows)


async def mark_thread_read(actor: audit.Actor, *, person_id: uuid.UUID) -> int:
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


async def move_to_file(claimant_id: uuid.UUID, file_id: uuid.UUID) -> int:
    """A self-registered account was linked into the known file of the same person: its thread
    messages, inbox notices and appointments move there (attachments follow their message).
    Joins the caller's transaction (requests.move_to_file, which checks the link and audits
    it). Returns how many rows moved."""
    async with transaction():
        thread = await ThreadMessage.raw(
            "UPDATE thread_message SET person = {} WHERE person = {} RETURNING id",
            file_id,
            claimant_id,
        )
        inbox = await InboxMessage.raw(
            "UPDATE inbox_message SET person = {} WHERE person = {} RETURNING id",
            file_id,
            claimant_id,
        )
        booked = await appointments.move_to_file(claimant_id, file_id)
    return len(thread) + len(inbox) + booked


__all__ = [
    "Notice",
    "NoticeFor",
    "deliver_welcome",
    "erase_thread_attachment",
    "mark_thread_read",
    "move_to_file",
    "post_message",
    "post_notice",
    "post_notices",
]


async def forget_badge(redis: Any, account_id: uuid.UUID, kind: str) -> None:
    """After a read elsewhere (the staff inbox): the nav counts again on the next page."""
    from app.messaging import badge

    await badge.forget(redis, account_id, kind)


async def erase_thread_attachment(actor: audit.Actor, attachment_id: uuid.UUID) -> int:
    """A staff decision of the retention review: one document of the thread goes; the message
    that carried it stays. 0 when it was gone already."""
    async with transaction():
        rows = await ThreadAttachment.raw(
            "DELETE FROM thread_attachment WHERE id = {} RETURNING id", attachment_id
        )
        if rows:
            await audit.record(
                actor, "retention.thread_file_erased", subject=("thread_attachment", attachment_id)
            )
    return len(rows)
