"""Who at the fund opened my file ("Qui a consulté mon dossier").

Every staff read of a person's file, request, thread, attachment, document or contribution
account is an audit event whose subject is the person (app/staff records them). This reads
them back for the person, grouped per day, staff member and kind of read: a staff member who
reloads the same page ten times opened it once that day, ten times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.identity.queries import team_name
from app.kit import audit
from app.kit.db import fetch
from app.kit.i18n import lazy_gettext as _

# The audit actions that are a staff member reading a person's data, in the affiliate's words.
READS: dict[str, Any] = {
    "staff.person_read": _("your file"),
    "staff.request_read": _("a request"),
    "staff.thread_read": _("your messages"),
    "staff.attachment_read": _("a document you sent"),
    "staff.document_read": _("a letter or attestation"),
    "staff.account_read": _("your contribution account"),
    "staff.entry_read": _("an entry of your contribution account"),
}

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class FileRead:
    day: date
    last_at: datetime
    staff_name: str
    team: str
    what: str
    reference: str | None  # the request's reference, for a request read
    times: int


async def file_reads_for(actor: audit.Actor, *, page: int = 1) -> tuple[list[FileRead], bool]:
    """The reads of the actor's own file, newest day first; and whether an older page exists.

    Scoped to the session's person: a self-registered account has its own person id and so
    sees nothing of a known file it has not been linked to.
    """
    if actor.kind != "affiliate" or actor.id is None:
        return [], False
    offset = (max(page, 1) - 1) * PAGE_SIZE
    rows = await fetch(
        "SELECT (a.at AT TIME ZONE 'Europe/Brussels')::date AS day, max(a.at) AS last_at, "
        "a.action, s.full_name, s.team, r.reference, count(*) AS times "
        "FROM audit_event a JOIN staff_user s ON s.id = a.actor_id "
        "LEFT JOIN request r ON r.id::text = a.details->>'request_id' "
        "WHERE a.subject_kind = 'person' AND a.subject_id = {} AND a.actor_kind = 'staff' "
        "AND a.action = ANY({}) "
        "GROUP BY 1, a.action, a.actor_id, s.full_name, s.team, r.reference "
        "ORDER BY 2 DESC LIMIT {} OFFSET {}",
        str(actor.id),
        list(READS),
        PAGE_SIZE + 1,
        offset,
    )
    reads = [
        FileRead(
            day=row["day"],
            last_at=row["last_at"],
            staff_name=row["full_name"],
            team=team_name(row["team"]),
            what=str(READS[row["action"]]),
            reference=row["reference"],
            times=int(row["times"]),
        )
        for row in rows[:PAGE_SIZE]
    ]
    return reads, len(rows) > PAGE_SIZE


# What a mandatary read or did for the person, in the person's words (app/mandates records
# them with the mandatary as actor and the person as subject).
MANDATARY_ACTIONS: dict[str, Any] = {
    "mandate.account_read": _("read your contribution account and your requests"),
    "mandate.notices_read": _("read your notices"),
    "mandate.company_account_read": _("read the account of a company you direct"),
    "mandate.request_filed": _("filed a request for you"),
}


@dataclass(frozen=True, slots=True)
class MandataryAction:
    day: date
    last_at: datetime
    mandatary_name: str
    what: str
    reference: str | None  # the request filed, for a filing
    times: int


async def mandatary_actions_for(actor: audit.Actor) -> list[MandataryAction]:
    """What the person's mandataries read and did for them, newest day first (one line per
    day, mandatary and kind, like the staff reads above); the latest PAGE_SIZE lines."""
    if actor.kind != "affiliate" or actor.id is None or actor.delegate is not None:
        return []
    rows = await fetch(
        "SELECT (a.at AT TIME ZONE 'Europe/Brussels')::date AS day, max(a.at) AS last_at, "
        "a.action, p.first_name, p.last_name, a.details->>'reference' AS reference, "
        "count(*) AS times "
        "FROM audit_event a JOIN person p ON p.id = a.actor_id "
        "WHERE a.subject_kind = 'person' AND a.subject_id = {} AND a.actor_kind = 'mandatary' "
        "AND a.action = ANY({}) "
        "GROUP BY 1, a.action, a.actor_id, p.first_name, p.last_name, 6 "
        "ORDER BY 2 DESC LIMIT {}",
        str(actor.id),
        list(MANDATARY_ACTIONS),
        PAGE_SIZE,
    )
    return [
        MandataryAction(
            day=row["day"],
            last_at=row["last_at"],
            mandatary_name=f"{row['first_name']} {row['last_name']}".strip(),
            what=str(MANDATARY_ACTIONS[row["action"]]),
            reference=row["reference"] or None,
            times=int(row["times"]),
        )
        for row in rows
    ]
