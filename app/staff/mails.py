"""The e-mail log for supervisors (/staff/mails): every mail the portal sent or still tries to
send, with its recipient, template, time and status; one that failed for good stands first.

Sent mails are recorded by app.kit.mail.deliver_mail (mail_message); mails not sent yet are
still outbox jobs (retried with backoff by the worker, then `failed` with their error). The
mails hold no personal data beyond the name, but the addresses are personal: reading the log is
audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from litestar import Controller, get
from litestar.params import FromQuery
from litestar.response import Template

from app.identity.guards import require_permission, who
from app.identity.rules import Permission
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.http import AnyRequest
from app.kit.i18n import lazy_gettext as _

STATUSES: Final = ("failed", "retrying", "queued", "sent")
SENT_COUNTED: Final = timedelta(days=30)
STATUS_LABELS: dict[str, Any] = {
    "failed": _("Failed"),
    "retrying": _("Retrying"),
    "queued": _("Queued"),
    "sent": _("Mail sent"),
}
PAGE: Final = 100

# Mails not sent yet are outbox jobs (a handful: done jobs are not listed); a job whose mail
# was recorded sent is not listed twice. Sent mails are read newest first from mail_message,
# a page at most, so the log costs the same on a fund's millions of mails.
_UNSENT = (
    "SELECT * FROM (SELECT (j.payload->>'mail_id')::uuid AS id, j.payload->>'to' AS recipient, "
    "j.payload->>'template' AS template, j.payload->>'language' AS language, j.created_at, "
    "NULL::timestamptz AS sent_at, "
    "CASE WHEN j.status = 'failed' THEN 'failed' WHEN j.attempts > 0 THEN 'retrying' "
    "ELSE 'queued' END AS status, j.attempts, j.last_error, NULL::text AS transport "
    "FROM outbox_job j WHERE j.name = 'mail.send' AND j.status <> 'done' "
    "AND NOT EXISTS (SELECT 1 FROM mail_message s WHERE s.id::text = j.payload->>'mail_id' "
    "AND s.sent_at IS NOT NULL)) unsent"
)
_SENT = (
    'SELECT id, "to" AS recipient, template, language, created_at, sent_at, '
    "'sent' AS status, NULL::int AS attempts, NULL::text AS last_error, transport "
    "FROM mail_message ORDER BY created_at DESC LIMIT {}"
)


@dataclass(frozen=True, slots=True)
class LoggedMail:
    id: uuid.UUID | None
    recipient: str
    template: str
    language: str
    created_at: datetime
    sent_at: datetime | None
    status: str  # one of STATUSES
    attempts: int | None
    last_error: str | None
    transport: str | None  # smtp, or none (stored only: no SMTP_URL)


@dataclass(frozen=True, slots=True)
class MailLog:
    mails: tuple[LoggedMail, ...]
    counts: dict[str, int]
    status: str | None  # the filter, None for all


async def mail_log(actor: audit.Actor, status: str | None) -> MailLog:
    """The latest mails, failed ones first, optionally of one status; the read is audited."""
    shown = status if status in STATUSES else None
    unsent = [] if shown == "sent" else await fetch(
        _UNSENT + (" WHERE status = {}" if shown else ""), *((shown,) if shown else ())
    )  # fmt: skip
    sent = await fetch(_SENT, PAGE) if shown in (None, "sent") else []
    rows = sorted(
        [*unsent, *sent], key=lambda r: (r["status"] != "failed", -r["created_at"].timestamp())
    )
    counted = await fetch(
        "SELECT status, count(*) AS n FROM (" + _UNSENT + ") c GROUP BY status "
        "UNION ALL SELECT 'sent', count(*) FROM mail_message WHERE created_at >= {}",
        clock.now() - SENT_COUNTED,  # the recent ones, on the index: not every mail ever sent
    )
    await audit.record(actor, "staff.mail_log_read", details={"status": shown or "all"})
    return MailLog(
        tuple(LoggedMail(**row) for row in rows[:PAGE]),
        {row["status"]: int(row["n"]) for row in counted if row["n"]},
        shown,
    )


class StaffMailsController(Controller):
    path = "/staff/mails"
    guards = [require_permission(Permission.SUPERVISE_TEAMS)]
    include_in_schema = False

    @get("/", name="staff:mails")
    async def mails(self, request: AnyRequest, status: FromQuery[str | None] = None) -> Template:
        _me, actor = await who(request)
        log = await mail_log(actor, status)
        return Template(
            "staff/mails.html",
            context={"log": log, "statuses": STATUSES, "labels": STATUS_LABELS},
        )
