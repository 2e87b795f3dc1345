"""The supervisors' dashboard: a read model over requests and the ledger, and the lists behind
its figures.

Every figure is one SQL aggregate per family (GROUP BY / FILTER in PostgreSQL, never a loop over
rows in Python): open requests by kind and age band with their overdue counts; decisions per
week with the share decided by the fund's target; arrears per quarter; recovery steps of
quarters still unpaid. Supervisors only (SUPERVISE_TEAMS); every team is counted.

Definitions (the page says them too):
- open: a request in states.OPEN (filed, not decided nor withdrawn);
- age: calendar days from receipt (or filing, before the receipt) to today;
- overdue: open, not paused (information requested, forwarded to INASTI), its legal deadline
  (Charte art. 10) or the fund's target before today: the queue's `overdue` and
  `late_on_target` filters;
- a decision: granted, partly granted or refused, counted in the week (Monday, Brussels) of
  its `decided_at`; within target when decided on or before its target day;
- arrears: a quarter of an account whose entries sum to more than zero after their due date;
- recovery in progress: a recovery step (sent, or a contact still to make) of such a quarter.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from app.identity import queries as identity
from app.identity.rules import Permission
from app.kit import audit, clock
from app.kit.db import fetch, in_transaction
from app.kit.errors import NotFound
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.requests import queries as requests
from app.requests import states
from app.requests.states import Status
from app.staff import rules
from app.staff.queue import PAUSED, staff_member

OPEN = states.sql_list(states.OPEN)
DECIDED = states.sql_list((Status.GRANTED, Status.PARTLY_GRANTED, Status.REFUSED))
BRUSSELS_DAY = "(({column}) AT TIME ZONE 'Europe/Brussels')::date"
RECEIVED = "coalesce(r.received_on, (r.created_at AT TIME ZONE 'Europe/Brussels')::date)"
LIST_LIMIT = 200

STEP_LABELS: dict[str, str] = {
    "reminder": N_("Reminders"),
    "statement": N_("Account statements"),
    "formal_notice": N_("Formal notices"),
    "personal_contact": N_("Personal contacts"),
    "court": N_("Court recovery"),
}
STEP_ORDER = tuple(STEP_LABELS)


def _day(column: str) -> str:
    return BRUSSELS_DAY.format(column=column)


# An account's quarters in arrears: what its entries of that quarter still owe after the due day
# (payments keeps each quarter's sum on every ledger insert: ledger_quarter_balance).
ARREARS_SQL = (
    "SELECT account, year, quarter, outstanding, due_on FROM ledger_quarter_balance "
    "WHERE outstanding > 0 AND due_on < {}"
)


@dataclass(frozen=True, slots=True)
class KindRow:
    kind: str
    label: str
    total: int
    bands: dict[str, int]
    late_legal: int
    late_target: int


@dataclass(frozen=True, slots=True)
class WeekRow:
    week: date
    decided: int
    on_target: int

    @property
    def label(self) -> str:
        return f"W{self.week.isocalendar().week:02d}"


@dataclass(frozen=True, slots=True)
class QuarterRow:
    year: int
    quarter: int
    accounts: int
    amount: Decimal

    @property
    def code(self) -> str:
        return rules.quarter_label(self.year, self.quarter)


@dataclass(frozen=True, slots=True)
class StepRow:
    kind: str
    label: str
    sent: int
    waiting: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    today: date
    kinds: tuple[KindRow, ...]
    bands: dict[str, int]  # open requests per age band, every kind
    open_total: int
    late_legal: int
    late_target: int
    weeks: tuple[WeekRow, ...]
    decided: int
    on_target: int
    share_on_target: int | None  # percent, None without a decision
    quarters: tuple[QuarterRow, ...]
    arrears_total: Decimal
    steps: tuple[StepRow, ...]

    @property
    def band_codes(self) -> tuple[str, ...]:
        return tuple(code for code, _first, _last in rules.REQUEST_AGE_BANDS)


async def _supervisor(actor: audit.Actor) -> identity.StaffMember:
    member = await staff_member(actor)
    if not member.allows(Permission.SUPERVISE_TEAMS):
        raise NotFound()
    return member


async def open_requests(today: date) -> list[dict[str, Any]]:
    """Open requests per kind and age band, with how many are past their legal deadline and
    past the fund's target (paused ones are not late)."""
    band = rules.band_sql("age", rules.REQUEST_AGE_BANDS)
    return await fetch(
        f"SELECT kind, {band} AS band, count(*) AS n, "
        f"count(*) FILTER (WHERE legal_due < today AND status NOT IN {PAUSED}) AS late_legal, "
        f"count(*) FILTER (WHERE target_due < today AND status NOT IN {PAUSED}) AS late_target "
        f"FROM (SELECT r.kind, r.status, r.legal_due, r.target_due, t.today, "
        f"t.today - {RECEIVED} AS age FROM request r, (SELECT {{}}::date AS today) t "
        f"WHERE r.status IN {OPEN}) o GROUP BY kind, band",
        today,
    )


async def decisions_per_week(first_monday: date) -> list[dict[str, Any]]:
    since = datetime.combine(first_monday, time(0), tzinfo=clock.BRUSSELS)
    decided_on = _day("decided_at")
    return await fetch(
        f"SELECT date_trunc('week', decided_at AT TIME ZONE 'Europe/Brussels')::date AS week, "
        f"count(*) AS decided, "
        f"count(*) FILTER (WHERE target_due IS NOT NULL AND {decided_on} <= target_due) "
        f"AS on_target FROM request WHERE decided_at >= {{}} AND status IN {DECIDED} "
        "GROUP BY 1 ORDER BY 1",
        since,
    )


async def arrears_per_quarter(today: date, first: tuple[int, int]) -> list[dict[str, Any]]:
    return await fetch(
        "SELECT year, quarter, count(*) AS accounts, sum(outstanding) AS amount "
        f"FROM ({ARREARS_SQL}) q WHERE (year, quarter) >= ({{}}, {{}}) "
        "GROUP BY year, quarter ORDER BY year, quarter",
        today,
        first[0],
        first[1],
    )


async def recovery_in_progress(today: date) -> list[dict[str, Any]]:
    return await fetch(
        "SELECT s.kind, count(*) FILTER (WHERE s.done_on IS NOT NULL) AS sent, "
        "count(*) FILTER (WHERE s.done_on IS NULL) AS waiting "
        f"FROM recovery_step s JOIN ({ARREARS_SQL}) q "
        "ON q.account = s.account AND q.year = s.year AND q.quarter = s.quarter "
        "GROUP BY s.kind",
        today,
    )


async def _families(today: date) -> list[list[dict[str, Any]]]:
    """The four figure families' rows. They are independent reads: outside a transaction each
    runs on a connection of its own at the same time (bench/scale.py: the page waits for the
    slowest, not the sum); inside one they share its connection, one after the other."""
    mondays, quarters = rules.last_weeks(today), rules.last_quarters(today)
    reads: tuple[Callable[[], Awaitable[list[dict[str, Any]]]], ...] = (
        lambda: open_requests(today),
        lambda: decisions_per_week(mondays[0]),
        lambda: arrears_per_quarter(today, quarters[0]),
        lambda: recovery_in_progress(today),
    )
    if in_transaction():
        return [await read() for read in reads]
    return list(await asyncio.gather(*(read() for read in reads)))


async def dashboard(actor: audit.Actor) -> Dashboard:
    await _supervisor(actor)
    today = clock.today()
    open_rows, decision_rows, arrears_rows, recovery_rows = await _families(today)
    codes = [code for code, _f, _l in rules.REQUEST_AGE_BANDS]
    per_kind: dict[str, dict[str, Any]] = {}
    bands = dict.fromkeys(codes, 0)
    for row in open_rows:
        entry = per_kind.setdefault(
            row["kind"], {"bands": dict.fromkeys(codes, 0), "late_legal": 0, "late_target": 0}
        )
        entry["bands"][row["band"]] = entry["bands"].get(row["band"], 0) + row["n"]
        entry["late_legal"] += row["late_legal"]
        entry["late_target"] += row["late_target"]
        bands[row["band"]] = bands.get(row["band"], 0) + row["n"]
    kinds = tuple(
        sorted(
            (
                KindRow(
                    kind=kind,
                    label=requests.kind_label(kind),
                    total=sum(entry["bands"].values()),
                    bands=entry["bands"],
                    late_legal=entry["late_legal"],
                    late_target=entry["late_target"],
                )
                for kind, entry in per_kind.items()
            ),
            key=lambda k: (-k.total, k.label),
        )
    )
    mondays = rules.last_weeks(today)
    decided = {row["week"]: row for row in decision_rows}
    weeks = tuple(
        WeekRow(
            week=monday,
            decided=int(decided.get(monday, {}).get("decided", 0)),
            on_target=int(decided.get(monday, {}).get("on_target", 0)),
        )
        for monday in mondays
    )
    quarters_wanted = rules.last_quarters(today)
    arrears = {(row["year"], row["quarter"]): row for row in arrears_rows}
    quarters = tuple(
        QuarterRow(
            year=y,
            quarter=q,
            accounts=int(arrears.get((y, q), {}).get("accounts", 0)),
            amount=Decimal(arrears.get((y, q), {}).get("amount") or 0),
        )
        for y, q in quarters_wanted
    )
    found = {row["kind"]: row for row in recovery_rows}
    steps = tuple(
        StepRow(
            kind=kind,
            label=_(STEP_LABELS[kind]),
            sent=int(found.get(kind, {}).get("sent", 0)),
            waiting=int(found.get(kind, {}).get("waiting", 0)),
        )
        for kind in STEP_ORDER
    )
    total_decided = sum(w.decided for w in weeks)
    total_on_target = sum(w.on_target for w in weeks)
    return Dashboard(
        today=today,
        kinds=kinds,
        bands=bands,
        open_total=sum(k.total for k in kinds),
        late_legal=sum(k.late_legal for k in kinds),
        late_target=sum(k.late_target for k in kinds),
        weeks=weeks,
        decided=total_decided,
        on_target=total_on_target,
        share_on_target=rules.percent(total_on_target, total_decided),
        quarters=quarters,
        arrears_total=sum((q.amount for q in quarters), Decimal("0")),
        steps=steps,
    )


# --- the lists behind the figures ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DecisionRow:
    id: uuid.UUID
    reference: str | None
    kind: str
    kind_label: str
    status: str
    received_on: date | None
    target_due: date | None
    decided_on: date
    assignee_name: str | None

    @property
    def late(self) -> bool:
        return self.target_due is not None and self.decided_on > self.target_due


@dataclass(frozen=True, slots=True)
class DecisionList:
    start: date
    end: date  # excluded
    late_only: bool
    rows: tuple[DecisionRow, ...]


async def decision_list(actor: audit.Actor, *, week: date | None, late_only: bool) -> DecisionList:
    """The decisions of one week (a Monday), or of the dashboard's 12 weeks; with `late_only`,
    those decided after the fund's target."""
    await _supervisor(actor)
    today = clock.today()
    start = week or rules.last_weeks(today)[0]
    end = start + timedelta(weeks=1) if week else rules.week_start(today) + timedelta(weeks=1)
    decided_on = _day("r.decided_at")
    late = f"AND r.target_due IS NOT NULL AND {decided_on} > r.target_due " if late_only else ""
    rows = await fetch(
        f"SELECT r.id, r.reference, r.kind, r.status, r.received_on, r.target_due, "
        f"{decided_on} AS decided_on, s.full_name AS assignee_name FROM request r "
        "LEFT JOIN staff_user s ON s.id = r.assignee "
        f"WHERE r.decided_at >= {{}} AND r.decided_at < {{}} AND r.status IN {DECIDED} {late}"
        f"ORDER BY r.decided_at DESC, r.id LIMIT {LIST_LIMIT}",
        datetime.combine(start, time(0), tzinfo=clock.BRUSSELS),
        datetime.combine(end, time(0), tzinfo=clock.BRUSSELS),
    )
    return DecisionList(
        start=start,
        end=end,
        late_only=late_only,
        rows=tuple(DecisionRow(kind_label=requests.kind_label(r["kind"]), **r) for r in rows),
    )


@dataclass(frozen=True, slots=True)
class ArrearsRow:
    account_number: int
    person_id: uuid.UUID | None
    holder: str
    year: int
    quarter: int
    outstanding: Decimal
    due_on: date | None


async def arrears_list(actor: audit.Actor, quarter: tuple[int, int]) -> tuple[ArrearsRow, ...]:
    """The accounts whose given quarter is in arrears, the largest debt first."""
    await _supervisor(actor)
    rows = await fetch(
        "SELECT a.number AS account_number, a.person AS person_id, "
        "coalesce(p.first_name || ' ' || p.last_name, c.name, '') AS holder, "
        "q.year, q.quarter, q.outstanding, q.due_on "
        f"FROM ({ARREARS_SQL}) q JOIN payment_account a ON a.id = q.account "
        "LEFT JOIN person p ON p.id = a.person LEFT JOIN company c ON c.id = a.company "
        "WHERE q.year = {} AND q.quarter = {} "
        f"ORDER BY q.outstanding DESC, a.number LIMIT {LIST_LIMIT}",
        clock.today(),
        quarter[0],
        quarter[1],
    )
    return tuple(ArrearsRow(**{**r, "outstanding": Decimal(r["outstanding"])}) for r in rows)


@dataclass(frozen=True, slots=True)
class RecoveryRow:
    account_number: int
    person_id: uuid.UUID | None
    holder: str
    year: int
    quarter: int
    kind: str
    scheduled_on: date
    done_on: date | None
    outstanding: Decimal


async def recovery_list(actor: audit.Actor, kind: str | None) -> tuple[RecoveryRow, ...]:
    """The recovery steps (of one kind, or all) whose quarter is still in arrears (sent, or
    waiting)."""
    await _supervisor(actor)
    if kind is not None and kind not in STEP_LABELS:
        return ()
    rows = await fetch(
        "SELECT a.number AS account_number, a.person AS person_id, "
        "coalesce(p.first_name || ' ' || p.last_name, c.name, '') AS holder, "
        "s.year, s.quarter, s.kind, s.scheduled_on, s.done_on, q.outstanding "
        "FROM recovery_step s "
        f"JOIN ({ARREARS_SQL}) q "
        "ON q.account = s.account AND q.year = s.year AND q.quarter = s.quarter "
        "JOIN payment_account a ON a.id = s.account "
        "LEFT JOIN person p ON p.id = a.person LEFT JOIN company c ON c.id = a.company "
        "WHERE ({}::text IS NULL OR s.kind = {}) "
        f"ORDER BY s.done_on NULLS FIRST, s.scheduled_on, a.number LIMIT {LIST_LIMIT}",
        clock.today(),
        kind,
        kind,
    )
    return tuple(RecoveryRow(**{**r, "outstanding": Decimal(r["outstanding"])}) for r in rows)
