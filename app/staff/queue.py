"""Back-office reads: the queue by deadline, one request's file, the teams' load.

Agents see their team's requests; supervisors and admins see every team. Reading a person's
file is an audit event (Charte / GDPR: who looked at what).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from app.affiliation import queries as affiliation
from app.benefits import queries as benefits_queries
from app.documents import queries as documents_queries
from app.identity import queries as identity
from app.identity.rules import Permission
from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.mandates import queries as mandate_queries
from app.messaging import queries as messaging
from app.messaging.service import appointments
from app.requests import queries as requests
from app.requests import states
from app.requests.states import Status
from app.rights import queries as rights_queries
from app.staff import rules as staff_rules

PAGE_SIZE = 50
MAX_PAGE = 10_000  # past any real queue; keeps OFFSET inside an integer
OPEN = states.sql_list(states.OPEN)
HANDLING = states.sql_list(states.HANDLING)
WAITING = Status.INFORMATION_REQUESTED.value
# The fund's clock is paused: waiting for the affiliate, or for INASTI's decision.
PAUSED = states.sql_list((Status.INFORMATION_REQUESTED, Status.FORWARDED))


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """The filter bar's counts over the open requests in scope."""

    open: int
    overdue: int
    due_this_week: int
    mine: int
    waiting: int


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[requests.RequestSummary, ...]
    counts: QueueCounts
    member: identity.StaffMember
    today: date


@dataclass(frozen=True, slots=True)
class StaffRequestDetail(requests.RequestDetail):
    """A request's page in the back office: the detail plus the person, their other requests,
    the assignee and colleagues to pass it to, and the thread with the fund."""

    person: identity.PersonSummary | None
    other_requests: tuple[requests.RequestSummary, ...]
    # The person's other undecided requests of the same kind: a duplicate to notice.
    open_same_kind: tuple[requests.RequestSummary, ...]
    assignee: identity.StaffMember | None
    colleagues: tuple[identity.StaffMember, ...]
    colleague_options: tuple[tuple[str, str], ...]  # (staff id, "name (team)")
    member: identity.StaffMember
    thread: tuple[messaging.ThreadMessageView, ...]


@dataclass(frozen=True, slots=True)
class TeamLoad:
    team: str
    open: int
    overdue: int
    escalated: int
    waiting: int
    unassigned: int

    @property
    def team_name(self) -> str:
        return identity.team_name(self.team)


@dataclass(frozen=True, slots=True)
class OverdueItem:
    id: uuid.UUID
    reference: str | None
    kind: str
    status: str
    team: str
    legal_due: date | None
    escalated_at: datetime | None
    assignee_name: str | None

    @property
    def team_name(self) -> str:
        return identity.team_name(self.team)


@dataclass(frozen=True, slots=True)
class PersonFile:
    """A person's page in the back office."""

    person: identity.PersonSummary
    member: identity.StaffMember
    requests: tuple[requests.RequestSummary, ...]
    thread: tuple[messaging.ThreadMessageView, ...]
    sign_in_refusals: tuple[identity.SignInRefusal, ...]
    documents: tuple[documents_queries.DocumentMeta, ...] = ()
    rights: tuple[rights_queries.FindingView, ...] = ()  # what the fund found they may claim
    mandates_given: tuple[mandate_queries.MandateView, ...] = ()  # who may act for them
    mandates_held: tuple[mandate_queries.MandateView, ...] = ()  # for whom they may act
    benefits: tuple[benefits_queries.EntitlementView, ...] = ()  # entitlements and schedules
    appointments: tuple[appointments.AppointmentView, ...] = ()  # booked ones to come


@dataclass(frozen=True, slots=True)
class QueueFilters:
    kind: str | None = None
    status: str | None = None
    assignee: str | None = None  # "me", "none" or a staff id
    overdue: bool = False
    due_this_week: bool = False
    team: str | None = None  # supervisors only
    # The dashboard's links: open requests past the fund's own target (not paused), and open
    # requests whose age (days since received, or filed) lies in a band (staff.rules).
    late_on_target: bool = False
    age: str | None = None


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
        clauses.append(f"r.legal_due < {{}} AND r.status NOT IN {PAUSED}")
        args.append(today)
    if filters.late_on_target:
        clauses.append(f"r.target_due < {{}} AND r.status NOT IN {PAUSED}")
        args.append(today)
    if filters.age:
        window = staff_rules.band_range(filters.age, today)
        if window is None:
            clauses.append("false")
        else:
            earliest, latest = window
            received = (
                "coalesce(r.received_on, (r.created_at AT TIME ZONE 'Europe/Brussels')::date)"
            )
            clauses.append(f"{received} <= {{}}")
            args.append(latest)
            if earliest is not None:
                clauses.append(f"{received} >= {{}}")
                args.append(earliest)
    if filters.due_this_week:
        sunday = today + timedelta(days=6 - today.weekday())
        clauses.append("r.legal_due BETWEEN {} AND {}")
        args.extend([today, sunday])
    return " AND ".join(clauses), args


async def staff_queue(actor: audit.Actor, filters: QueueFilters, *, page: int = 1) -> QueuePage:
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
    return QueuePage(
        rows=tuple(requests.with_due_dates(row, today) for row in rows),
        counts=counts,
        member=member,
        today=today,
    )


async def _counts(member: identity.StaffMember, team: str | None, today: date) -> QueueCounts:
    """Open, overdue, due this week and mine, in one pass over the open-requests index."""
    scope, args = "", []
    if not _sees_every_team(member):
        scope, args = "AND team = {}", [member.team]
    elif team:
        scope, args = "AND team = {}", [team]
    sunday = today + timedelta(days=6 - today.weekday())
    rows = await fetch(
        "SELECT count(*) AS open, "
        f"count(*) FILTER (WHERE legal_due < {{}} AND status NOT IN {PAUSED}) AS overdue, "
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
    return QueueCounts(**{k: int(v) for k, v in rows[0].items()})


async def request_for_staff(actor: audit.Actor, request_id: uuid.UUID) -> StaffRequestDetail:
    """One request with the person's summary and thread; the read is audited."""
    member = await staff_member(actor)
    record = await requests.request_row(request_id)
    if record is None:
        raise NotFound()
    if not _sees_every_team(member) and record.team != member.team:
        raise NotFound()
    detail = await requests.request_detail(record)
    person = await identity.person_summary(record.person_id)
    others = await fetch(
        "SELECT id, reference, kind, status, created_at FROM request "
        "WHERE person = {} AND id <> {} ORDER BY created_at DESC LIMIT 20",
        record.person_id,
        request_id,
    )
    assignee = await identity.staff_member(record.assignee_id) if record.assignee_id else None
    colleagues = await identity.active_staff()
    await audit.record(
        actor,
        "staff.request_read",
        subject=("person", record.person_id),
        details={"request_id": str(request_id)},
    )
    base = {f.name: getattr(detail, f.name) for f in fields(detail)}
    other_requests = tuple(requests.with_due_dates(r, clock.today()) for r in others)
    undecided = {status.value for status in states.OPEN}
    return StaffRequestDetail(
        **base,
        person=person,
        other_requests=other_requests,
        open_same_kind=tuple(
            r for r in other_requests if r.kind == record.kind and r.status in undecided
        ),
        assignee=assignee,
        colleagues=tuple(colleagues),
        colleague_options=tuple((str(c.id), f"{c.full_name} ({c.team_name})") for c in colleagues),
        member=member,
        thread=tuple(await messaging.thread_rows(record.person_id)),
    )


async def attachment_for_staff(
    actor: audit.Actor, attachment_id: uuid.UUID
) -> requests.AttachmentFile:
    member = await staff_member(actor)
    rows = await fetch(
        "SELECT a.filename, a.content_type, a.data, r.team, r.person FROM request_attachment a "
        "JOIN request r ON r.id = a.request WHERE a.id = {}",
        attachment_id,
    )
    if not rows or (not _sees_every_team(member) and rows[0]["team"] != member.team):
        raise NotFound()
    row = rows[0]
    await audit.record(
        actor,
        "staff.attachment_read",
        subject=("person", row["person"]),
        details={"attachment_id": str(attachment_id)},
    )
    return requests.AttachmentFile(
        filename=row["filename"], content_type=row["content_type"], data=bytes(row["data"])
    )


async def team_loads(actor: audit.Actor) -> list[TeamLoad]:
    """Per team: open, overdue, escalated, waiting for the affiliate (supervisors only)."""
    member = await staff_member(actor)
    if not _sees_every_team(member):
        raise NotFound()
    today = clock.today()
    rows = await fetch(
        "SELECT team, count(*) AS open, "
        f"count(*) FILTER (WHERE legal_due < {{}} AND status NOT IN {PAUSED}) "
        "AS overdue, count(*) FILTER (WHERE escalated_at IS NOT NULL) AS escalated, "
        f"count(*) FILTER (WHERE status = '{WAITING}') AS waiting, "
        "count(*) FILTER (WHERE assignee IS NULL) AS unassigned "
        f"FROM request WHERE status IN {OPEN} "
        "GROUP BY team ORDER BY team",
        today,
    )
    return [TeamLoad(**row) for row in rows]


async def overdue_items(actor: audit.Actor, *, limit: int = 50) -> list[OverdueItem]:
    """Escalated or late requests of every team, earliest deadline first (supervisors)."""
    member = await staff_member(actor)
    if not _sees_every_team(member):
        raise NotFound()
    rows = await fetch(
        "SELECT r.id, r.reference, r.kind, r.status, r.team, r.legal_due, r.escalated_at, "
        "s.full_name AS assignee_name FROM request r "
        "LEFT JOIN staff_user s ON s.id = r.assignee "
        f"WHERE r.status IN {HANDLING} "
        "AND (r.escalated_at IS NOT NULL OR r.legal_due < {}) "
        "ORDER BY r.legal_due LIMIT {}",
        clock.today(),
        limit,
    )
    return [OverdueItem(**row) for row in rows]


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


async def person_for_staff(actor: audit.Actor, person_id: uuid.UUID) -> PersonFile:
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
    given, held = await mandate_queries.mandates_of_person(person_id)
    return PersonFile(
        person=person,
        member=member,
        requests=tuple(requests.with_due_dates(r, today) for r in rows),
        thread=tuple(await messaging.thread_rows(person_id)),
        sign_in_refusals=tuple(await identity.sign_in_refusals(person_id)),
        documents=tuple(await documents_queries.documents_of(person_id)),
        rights=tuple(await rights_queries.findings_of_person(person_id)),
        benefits=tuple(await benefits_queries.entitlements_of_person(person_id)),
        mandates_given=tuple(given),
        mandates_held=tuple(held),
        appointments=tuple(await appointments.appointments_of_person(person_id)),
    )
