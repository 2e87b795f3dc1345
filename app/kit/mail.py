"""Mail: queued in the business transaction, rendered and sent by the worker, always recorded.

    await queue_mail(to=..., template="activation", language="fr", context={...})

`templates/emails/<template>.txt` is required, `.html` optional. The first line of the text
template is the subject; the rest (after one blank line) is the body. Templates are rendered in
the recipient's language. With SMTP_URL set (smtp://host:port) the mail goes out by SMTP;
otherwise it is only stored, and /dev/mailbox shows it (development on this machine only).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, TemplateNotFound, select_autoescape
from litestar import Controller, get
from litestar.params import FromQuery
from litestar.response import Template
from piccolo.columns import Column

from app.kit import clock, i18n, outbox
from app.kit.db import in_transaction
from app.kit.settings import get_settings
from app.kit.tables import MailMessage
from app.kit.templating import build_environment

MAIL_JOB = "mail.send"


class MailUsageError(RuntimeError):
    pass


# Context keys that carry a one-time secret (an activation or recovery link, a sign-up code).
# The stored copy of a sent mail has them blanked outside development; the outbox row that
# carried them is emptied once the mail is sent (workers/runner.py).
ONE_TIME_KEYS = ("url", "code")
BLANKED = "***"


def without_secrets(text: str | None, context: dict[str, Any]) -> str | None:
    """The text with every one-time value of the context replaced by ***."""
    if text is None:
        return None
    for key in ONE_TIME_KEYS:
        value = context.get(key)
        if value not in (None, ""):
            text = text.replace(str(value), BLANKED)
    return text


@dataclass(frozen=True, slots=True)
class MailAttachment:
    """A small text file sent with the mail (an appointment's .ics): it travels in the
    outbox row, so it stays small."""

    filename: str
    content_type: str  # maintype/subtype, e.g. text/calendar
    content: str


@dataclass(frozen=True, slots=True)
class QueuedMail:
    """One mail of `queue_mails` (the arguments of `queue_mail`)."""

    to: str
    template: str
    language: str
    context: dict[str, Any]
    attachments: tuple[MailAttachment, ...] = ()


async def queue_mail(*, to: str, template: str, language: str, context: dict[str, Any],
                     attachments: Sequence[MailAttachment] = ()) -> None:  # fmt: skip
    """Queue one mail inside the caller's transaction: it leaves only if the change commits.

    `context` must be JSON-friendly (str, numbers, lists, dicts; UUIDs and dates become text).
    A one-time secret goes under a key of ONE_TIME_KEYS, so no copy of it is kept once sent.
    """
    if not in_transaction():
        raise MailUsageError("queue_mail() must be called inside a transaction")
    queued = QueuedMail(to, template, language, context, tuple(attachments))
    await outbox.enqueue(MAIL_JOB, **_payload(queued))


async def queue_mails(mails: Sequence[QueuedMail]) -> None:
    """`queue_mail` of several mails, written in one INSERT (a batch job's e-mails)."""
    if not in_transaction():
        raise MailUsageError("queue_mail() must be called inside a transaction")
    await outbox.enqueue_many(MAIL_JOB, [_payload(mail) for mail in mails])


def _payload(mail: QueuedMail) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "mail_id": uuid.uuid4(),
        "to": mail.to,
        "template": mail.template,
        "language": i18n.normalise(mail.language) or i18n.DEFAULT_LANGUAGE,
        "context": mail.context,
    }
    if mail.attachments:
        payload["attachments"] = [
            {"filename": a.filename, "content_type": a.content_type, "content": a.content}
            for a in mail.attachments
        ]
    return payload


@dataclass(frozen=True, slots=True)
class RenderedMail:
    subject: str
    body: str
    html: str | None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = build_environment()
    # Plain-text mails must not be HTML-escaped (links with & would break).
    env.autoescape = select_autoescape(["html"], default_for_string=False)
    return env


def render_mail(template: str, language: str, context: dict[str, Any]) -> RenderedMail:
    env = _environment()
    with i18n.language(language):
        text = env.get_template(f"emails/{template}.txt").render(**context)
        try:
            html: str | None = env.get_template(f"emails/{template}.html").render(**context)
        except TemplateNotFound:
            html = None
    subject, _, body = text.strip().partition("\n")
    return RenderedMail(subject=subject.strip(), body=body.strip() + "\n", html=html)


def _attachments(listed: Sequence[dict[str, str]] | None) -> list[MailAttachment]:
    return [MailAttachment(str(a["filename"]), str(a["content_type"]), str(a["content"]))
            for a in listed or ()]  # fmt: skip


async def _send_smtp(smtp_url: str, to: str, mail: RenderedMail,
                     attachments: Sequence[MailAttachment] = ()) -> None:  # fmt: skip
    import aiosmtplib  # imported late: only workers with SMTP_URL need it

    parts = urlsplit(smtp_url)
    message = EmailMessage()
    message["From"] = get_settings().mail_from
    message["To"] = to
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    for attachment in attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        message.add_attachment(attachment.content.encode("utf-8"), maintype=maintype,
                               subtype=subtype, filename=attachment.filename)  # fmt: skip
    await aiosmtplib.send(
        message,
        hostname=parts.hostname or "localhost",
        port=parts.port or 25,
        username=parts.username,
        password=parts.password,
        use_tls=parts.scheme == "smtps",
        timeout=20,
    )


async def deliver_mail(
    *,
    mail_id: uuid.UUID,
    to: str,
    template: str,
    language: str,
    context: dict[str, Any],
    attachments: Sequence[dict[str, str]] | None = None,
) -> bool:
    """Render, send (SMTP when configured) and record one mail. False if it was already sent."""
    existing = await MailMessage.select(MailMessage.sent_at).where(MailMessage.id == mail_id)
    if existing and existing[0]["sent_at"] is not None:
        return False  # the queue delivered the job twice: one mail is enough
    mail = render_mail(template, language, context)
    settings = get_settings()
    if settings.smtp_url:
        await _send_smtp(settings.smtp_url, to, mail, _attachments(attachments))
    # Development keeps the links usable in its local mailbox; elsewhere the stored copy of a
    # sent mail holds no usable secret.
    keep = settings.is_development
    values: dict[str, Any] = {
        "to": to,
        "subject": mail.subject[:300],
        "body": mail.body if keep else without_secrets(mail.body, context),
        "html": mail.html if keep else without_secrets(mail.html, context),
        "template": template,
        "language": language,
        "transport": "smtp" if settings.smtp_url else "none",
        "sent_at": clock.now(),
    }
    if existing:
        columns: dict[Column | str, Any] = {key: value for key, value in values.items()}
        await MailMessage.update(columns, use_auto_update=False).where(MailMessage.id == mail_id)
    else:
        await MailMessage.insert(MailMessage(id=mail_id, **values))
    return True


async def latest_mails(*, to: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    query = MailMessage.select().order_by(MailMessage.created_at, ascending=False).limit(limit)
    if to:
        query = query.where(MailMessage.to.ilike(to.strip()))
    return list(await query)


class DevMailboxController(Controller):
    """The local mailbox of development on a loopback host; app/main.py mounts it nowhere else."""

    path = "/dev/mailbox"
    include_in_schema = False

    @get("/", name="dev_mailbox")
    async def mailbox(self, to: FromQuery[str | None] = None) -> Template:
        mails = await latest_mails(to=to)
        return Template(template_name="kit/dev_mailbox.html", context={"mails": mails, "to": to})


def mailbox_enabled() -> bool:
    """Only in development, served on this machine: it shows every code and link sent."""
    settings = get_settings()
    return settings.is_development and settings.loopback


async def erase_month(month: str) -> int:
    """The copies of the e-mails sent in one month ("2024-03", Brussels time) go: a staff
    decision of the retention review (the caller audits it)."""
    rows = await MailMessage.raw(
        "DELETE FROM mail_message WHERE to_char(created_at AT TIME ZONE 'Europe/Brussels', "
        "'YYYY-MM') = {} RETURNING id",
        month,
    )
    return len(rows)
