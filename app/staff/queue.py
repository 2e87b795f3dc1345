"""Back-office reads: the queue by deadline, one request's file, the teams' load.

Agents see their team's requests; supervisors and admins see every team. Reading a person's
file is an audit event (Charte / GDPR: who looked at what).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.affiliation import queries as affiliation
from app.identity import queries as identity
from app.identity.rules import Permission
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.messaging import queries as messaging
from app.requests import queries as requests
from app.requests import states
from app.requests.states import Status

PAGE_SIZE = 50
MAX_PAGE = 10_000  # past any real queue; keeps OFFSET inside an integer
OPEN = states.sql_list(states.OPEN)
HANDLING = states.sql_list(states.HANDLING)
WAITING = Status.INFORMATION_REQUESTED.value


@dataclass(frozen=True, slots=True)
class QueueFilters:
    kind: str | None = None
    status: str | None = None
    assignee: str | None = None  # "me", "none" or a staff id
    overdue: bool = False
    due_this_week: bool = False
    team: str | None = None  # supervisors only


async def staff_member(actor: audit.Actor) -> identity.StaffMember:
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    member = await identity.staff_member(actor.id)
    if member is None or not member.active:
        raise NotFound()
    return member


def _sees_every_team(member: identity.StaffMember) -> bool:
    return member.allows(Permission.SUPERVISE_TEAMS)


def _where(
    member: identity.StaffMember, filters: QueueFilters, today: date
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if filters.status:
        clauses.append("r.status = {}")
        args.append(filters.status)
    else:
        clauses.append(f"r.status IN {OPEN}")
    if not _sees_every_team(member):
        clauses.append("r.team = {}")
        args.append(member.team)
    elif filters.team:
        clauses.append("r.team = {}")
        args.append(filters.team)
    if filters.kind:
        clauses.append("r.kind = {}")
        args.append(filters.kind)
    if filters.assignee == "me":
        clauses.append("r.assignee = {}")
        args.append(member.id)
    elif filters.assignee == "none":
        clauses.append("r.assignee IS NULL")
    elif filters.assignee:
        try:
            clauses.append("r.assignee = {}")
            args.append(uuid.UUID(filters.assignee))
        except ValueError:
            clauses.pop()
    if filters.overdue:
        # Paused requests are not late: the clock stands still while the affiliate answers.
        clauses.append(f"r.legal_due < {{}} AND r.status <> '{WAITING}'")
        args.append(today)
    if filters.due_this_week:
        sunday = today + timedelta(days=6 - today.weekday())
        clauses.append("r.legal_due BETWEEN {} AND {}")
        args.extend([today, sunday])
    return " AND ".join(clauses), args


async def staff_queue(
    actor: audit.Actor, filters: QueueFilters, *, page: int = 1
) -> dict[str, Any]:
    """Open requests by legal deadline (earliest first), with counts for the filter bar."""
    member = await staff_member(actor)
    today = clock.today()
    where, args = _where(member, filters, today)
    offset = (min(max(page, 1), MAX_PAGE) - 1) * PAGE_SIZE
    rows = await fetch(
        "SELECT r.id, r.reference, r.kind, r.status, r.legal_due, r.target_due, r.received_on, "
        "r.paused_days, r.paused_since, r.team, r.escalated_at, r.created_at, r.decided_at, "
        "p.first_name || ' ' || p.last_name AS person_name, s.full_name AS assignee_name "
        "FROM request r JOIN person p ON p.id = r.person "
        "LEFT JOIN staff_user s ON s.id = r.assignee "
        f"WHERE {where} ORDER BY r.legal_due NULLS LAST, r.id LIMIT {PAGE_SIZE} OFFSET {offset}",
        *args,
    )
    counts = await _counts(member, filters.team, today)
    return {
        "rows": [requests.with_due_dates(row, today) for row in rows],
        "counts": counts,
        "member": member,
        "today": today,
    }


async def _counts(member: identity.StaffMember, team: str | None, today: date) -> dict[str, int]:
    """Open, overdue, due this week and mine, in one pass over the open-requests index."""
    scope, args = "", []
    if not _sees_every_team(member):
        scope, args = "AND team = {}", [member.team]
    elif team:
        scope, args = "AND team = {}", [team]
    sunday = today + timedelta(days=6 - today.weekday())
    rows = await fetch(
        "SELECT count(*) AS open, "
        f"count(*) FILTER (WHERE legal_due < {{}} AND status <> '{WAITING}') AS overdue, "
        "count(*) FILTER (WHERE legal_due BETWEEN {} AND {}) AS due_this_week, "
        "count(*) FILTER (WHERE assignee = {}) AS mine, "
        f"count(*) FILTER (WHERE status = '{WAITING}') AS waiting "
        f"FROM request WHERE status IN {OPEN} {scope}",
        today,
        today,
        sunday,
        member.id,
        *args,
    )
    return {k: int(v) for k, v in rows[0].items()}


async def request_for_staff(actor: audit.Actor, request_id: uuid.UUID) -> dict[str, Any]:
    """One request with the person's summary and thread; the read is audited."""
    member = await staff_member(actor)
    row = await requests.request_row(request_id)
    if row is None:
        raise NotFound()
    if not _sees_every_team(member) and row["team"] != member.team:
        raise NotFound()
    detail = await requests.request_detail(row)
    person = await identity.person_summary(row["person"])
    others = await fetch(
        "SELECT id, reference, kind, status, created_at FROM request "
        "WHERE person = {} AND id <> {} ORDER BY created_at DESC LIMIT 20",
        row["person"],
        request_id,
    )
    assignee = await identity.staff_member(row["assignee"]) if row["assignee"] else None
    colleagues = await identity.active_staff()
    await audit.record(
        actor,
        "staff.request_read",
        subject=("person", row["person"]),
        details={"request_id": str(request_id)},
    )
    detail.update(
        person=person,
        other_requests=[requests.with_due_dates(r, clock.today()) for r in others],
        assignee=assignee,
        colleagues=colleagues,
        colleague_options=[(str(c.id), f"{c.full_name} ({c.team})") for c in colleagues],
        member=member,
        thread=await messaging.thread_rows(row["person"]),
    )
    return detail


async def attachment_for_staff(actor: audit.Actor, attachment_id: uuid.UUID) -> dict[str, Any]:
    member = await staff_member(actor)
    rows = await fetch(
        "SELECT a.filename, a.content_type, a.data, r.team, r.person FROM request_attachment a "
        "JOIN request r ON r.id = a.request WHERE a.id = {}",
        attachment_id,
    )
    if not rows or (not _sees_every_team(member) and rows[0]["team"] != member.team):
        raise NotFound()
    await audit.record(
        actor,
        "staff.attachment_read",
        subject=("person", rows[0]["person"]),
        details={"attachment_id": str(attachment_id)},
    )
    return rows[0]


async def team_loads(actor: audit.Actor) -> list[dict[str, Any]]:
    """Per team: open, overdue, escalated, waiting for the affiliate (supervisors only)."""
    member = await staff_member(actor)
    if not _sees_every_team(member):
        raise NotFound()
    today = clock.today()
    return list(
        await fetch(
            "SELECT team, count(*) AS open, "
            f"count(*) FILTER (WHERE legal_due < {{}} AND status <> '{WAITING}') "
            "AS overdue, count(*) FILTER (WHERE escalated_at IS NOT NULL) AS escalated, "
            f"count(*) FILTER (WHERE status = '{WAITING}') AS waiting, "
            "count(*) FILTER (WHERE assignee IS NULL) AS unassigned "
            f"FROM request WHERE status IN {OPEN} "
            "GROUP BY team ORDER BY team",
            today,
        )
    )


async def overdue_items(actor: audit.Actor, *, limit: int = 50) -> list[dict[str, Any]]:
    """Escalated or late requests of every team, earliest deadline first (supervisors)."""
    member = await staff_member(actor)
    if not _sees_every_team(member):
        raise NotFound()
    return list(
        await fetch(
            "SELECT r.id, r.reference, r.kind, r.status, r.team, r.legal_due, r.escalated_at, "
            "s.full_name AS assignee_name FROM request r "
            "LEFT JOIN staff_user s ON s.id = r.assignee "
            f"WHERE r.status IN {HANDLING} "
            "AND (r.escalated_at IS NOT NULL OR r.legal_due < {}) "
            "ORDER BY r.legal_due LIMIT {}",
            clock.today(),
            limit,
        )
    )


async def check_person_access(
    actor: audit.Actor, person_id: uuid.UUID, *, audit_action: str = "staff.person_read"
) -> identity.StaffMember:
    """Agents reach a person whose account manager is in their team or who has a request in
    it; supervisors reach everyone. The read is audited."""
    member = await staff_member(actor)
    if not _sees_every_team(member) and not (
        await requests.person_has_request_in_team(person_id, member.team)
        or await affiliation.managed_by_team(person_id, member.team)
    ):
        raise NotFound()
    await audit.record(actor, audit_action, subject=("person", person_id))
    return member


async def person_for_staff(actor: audit.Actor, person_id: uuid.UUID) -> dict[str, Any]:
    """A person's summary, requests and thread with the fund (audited)."""
    member = await check_person_access(actor, person_id)
    person = await identity.person_summary(person_id)
    if person is None:
        raise NotFound()
    rows = await fetch(
        "SELECT id, reference, kind, status, received_on, legal_due, target_due, paused_days, "
        "paused_since, created_at FROM request WHERE person = {} ORDER BY created_at DESC "
        "LIMIT 50",
        person_id,
    )
    today = clock.today()
    return {
        "person": person,
        "member": member,
        "requests": [requests.with_due_dates(r, today) for r in rows],
        "thread": await messaging.thread_rows(person_id),
    }
