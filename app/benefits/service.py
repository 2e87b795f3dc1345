"""Writes of the benefits: a granted request opens its entitlement and schedule.

Requests (rank 4) cannot import benefits (rank 6): at wiring, `create_app` registers
`effect_for(kind)` with `requests.effects.register_effect` for each kind that opens a benefit,
so the entitlement and its payments are written in the deciding transaction. Only a full grant
opens one (a partial grant says in its motivation what was granted). The entitlement is
inserted ON CONFLICT (request) DO NOTHING and its payments only with a new entitlement: a
decision replayed, or the effect run again, writes nothing twice.

What the schedule needs comes from the request: the pillar and the event's date (its answers),
and, for a request filed through the bankruptcy guide, the career, the family charge and the
interruption's length (the guide's answers kept with it). Without a career the months are the
shortest right the pillar grants to anyone entitled, said so in the details (months_assumed).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from app.benefits import undue as undue  # undue claims, for the back office and the pages
from app.benefits.rules.birth import birth_leave, maternity_aid
from app.benefits.rules.bridging import (
    FAMILY,
    SINGLE,
    BridgingTerms,
    Pillar,
    bridging_schedule,
    granted_months,
)
from app.benefits.rules.common import BenefitKind, Period
from app.contributions.rules.errors import UnknownYear
from app.contributions.rules.parameters import load_year
from app.kit import audit, clock
from app.kit.db import execute, fetch
from app.requests.kinds import GUIDE_KEY
from app.requests.states import Status

# requests.effects.DecisionEffect: (actor, person, request, reference, answers, decision).
Effect = Callable[
    [audit.Actor, uuid.UUID, uuid.UUID, str, Mapping[str, Any], Status], Awaitable[None]
]


class EntitlementStatus(StrEnum):
    ACTIVE = "active"  # payments scheduled
    ORDERED = "ordered"  # service vouchers ordered: no money
    NO_PAYMENT = "no_payment"  # granted, but the rules give no period to pay


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _guide_answers(answers: Mapping[str, Any]) -> Mapping[str, Any]:
    guide = answers.get(GUIDE_KEY)
    given = guide.get("answers") if isinstance(guide, dict) else None
    return given if isinstance(given, dict) else {}


class _Plan:
    """What to write for one grant: the entitlement's columns and its periods."""

    def __init__(self, kind: BenefitKind, starts_on: date, status: EntitlementStatus,
                 details: dict[str, Any], periods: tuple[Period, ...] = (),
                 pillar: str | None = None) -> None:  # fmt: skip
        self.kind = kind
        self.pillar = pillar
        self.details = details
        self.periods = periods
        self.starts_on = periods[0].starts_on if periods else starts_on
        self.ends_on = periods[-1].ends_on if periods else starts_on
        self.status = (
            status
            if periods or status is EntitlementStatus.ORDERED
            else (EntitlementStatus.NO_PAYMENT)
        )


def _bridging(answers: Mapping[str, Any], today: date) -> _Plan | None:
    event = _day(answers.get("event_date"))
    try:
        pillar = Pillar(str(answers.get("event")))
    except ValueError:
        return None
    if event is None:
        return None
    guide = _guide_answers(answers)
    career = _int(guide.get("career_years"))
    family = guide.get("family_charge") == "yes"
    days = _int(guide.get("interruption_days")) if pillar is Pillar.FORCED_INTERRUPTION else None
    months = granted_months(load_year(event.year), pillar, career)
    terms = BridgingTerms(pillar, event, months, family, days)
    periods = bridging_schedule(terms, today) if months else ()
    details = {
        "event_date": event.isoformat(),
        "months": months,
        "months_assumed": career is None,
        "career_years": career,
        "family": family,
        "interruption_days": days,
        "figure": FAMILY if family else SINGLE,
    }
    return _Plan(BenefitKind.BRIDGING_RIGHT, event, EntitlementStatus.ACTIVE, details,
                 periods, pillar.value)  # fmt: skip


def _birth_leave(answers: Mapping[str, Any], today: date) -> _Plan | None:
    birth = _day(answers.get("birth_date"))
    if birth is None:
        return None
    leave = birth_leave(load_year(birth.year), birth, _int(answers.get("days")) or 0, today)
    details = {"birth_date": birth.isoformat(), "days": leave.days, "vouchers": leave.vouchers}
    periods = (leave.period,) if leave.days else ()
    return _Plan(BenefitKind.BIRTH_LEAVE, birth, EntitlementStatus.ACTIVE, details, periods)


def _maternity_aid(answers: Mapping[str, Any], today: date) -> _Plan | None:
    birth = _day(answers.get("birth_date")) or today
    order = maternity_aid(load_year(birth.year))
    details = {
        "birth_date": birth.isoformat(),
        "service_vouchers": order.count,
        "status": order.status,
        "source": order.source,
    }
    return _Plan(BenefitKind.MATERNITY_AID, birth, EntitlementStatus.ORDERED, details)


PLANNERS = {
    BenefitKind.BRIDGING_RIGHT: _bridging,
    BenefitKind.BIRTH_LEAVE: _birth_leave,
    BenefitKind.MATERNITY_AID: _maternity_aid,
}


async def open_entitlement(
    actor: audit.Actor,
    kind: BenefitKind,
    person_id: uuid.UUID,
    request_id: uuid.UUID,
    reference: str,
    answers: Mapping[str, Any],
) -> uuid.UUID | None:
    """The entitlement a granted request opens, with its payments; None when it already
    exists (nothing is written again) or the request lacks what the rules need (an event's
    date, a year file)."""
    today = clock.today()
    try:
        plan = PLANNERS[kind](answers, today)
    except UnknownYear:
        plan = None
    if plan is None:
        await audit.record(actor, "benefits.not_opened", subject=("request", request_id),
                           details={"request": reference, "kind": kind.value})  # fmt: skip
        return None
    rows = await execute(
        "INSERT INTO benefit_entitlement (id, person, kind, request, pillar, details, "
        "starts_on, ends_on, status, created_at) "
        "VALUES (gen_random_uuid(), {}, {}, {}, {}, {}::jsonb, {}, {}, {}, {}) "
        "ON CONFLICT (request) DO NOTHING RETURNING id",
        person_id,
        plan.kind.value,
        request_id,
        plan.pillar,
        json.dumps(plan.details),
        plan.starts_on,
        plan.ends_on,
        plan.status.value,
        clock.now(),
    )
    if not rows:
        return None
    entitlement_id: uuid.UUID = rows[0]["id"]
    if plan.periods:
        await _insert_payments(entitlement_id, plan.periods)
    await audit.record(actor, "benefits.opened", subject=("person", person_id),
                       details={"request": reference, "kind": kind.value,
                                "payments": len(plan.periods)})  # fmt: skip
    return entitlement_id


async def _insert_payments(entitlement_id: uuid.UUID, periods: tuple[Period, ...]) -> None:
    await execute(
        "INSERT INTO benefit_payment (id, entitlement, number, kind, period_start, period_end, "
        "due_on, share, amount, figure, figure_status, status) "
        "SELECT gen_random_uuid(), {}, n, k, ps, pe, d, s, a, f, fs, 'scheduled' "
        "FROM unnest({}::int[], {}::text[], {}::date[], {}::date[], {}::date[], {}::numeric[], "
        "{}::numeric[], {}::text[], {}::text[]) AS t(n, k, ps, pe, d, s, a, f, fs) "
        "ON CONFLICT (entitlement, number) DO NOTHING",
        entitlement_id,
        list(range(1, len(periods) + 1)),
        [p.kind.value for p in periods],
        [p.starts_on for p in periods],
        [p.ends_on for p in periods],
        [p.due_on for p in periods],
        [p.share for p in periods],
        [p.payable for p in periods],
        [p.amount.name for p in periods],
        [p.amount.status for p in periods],
    )


def effect_for(kind: BenefitKind) -> Effect:
    """The decision effect of `kind` (registered with requests.effects at wiring)."""

    async def effect(actor: audit.Actor, person_id: uuid.UUID, request_id: uuid.UUID,
                     reference: str, answers: Mapping[str, Any],
                     decision: Status) -> None:  # fmt: skip
        if decision is Status.GRANTED:
            await open_entitlement(actor, kind, person_id, request_id, reference, answers)

    return effect


@dataclass(frozen=True, slots=True)
class Preview:
    """What granting a request would open, for the staff member about to decide."""

    kind: BenefitKind
    months: int | None  # the bridging right's
    months_assumed: bool
    payments: int
    unconfirmed: int  # payments whose amount is not confirmed
    starts_on: date
    ends_on: date
    vouchers: int | None  # maternity aid's order, birth leave's option


async def preview_for_request(request_id: uuid.UUID) -> Preview | None:
    """The entitlement a grant of this request would open (None for a kind that opens none,
    or a request lacking what the rules need). The caller checked the staff member may see
    the request."""
    rows = await fetch("SELECT kind, answers FROM request WHERE id = {}", request_id)
    if not rows:
        return None
    try:
        kind = BenefitKind(rows[0]["kind"])
    except ValueError:
        return None
    answers = rows[0]["answers"]
    answers = json.loads(answers) if isinstance(answers, str) else dict(answers or {})
    try:
        plan = PLANNERS[kind](answers, clock.today())
    except UnknownYear:
        return None
    if plan is None:
        return None
    details = plan.details
    vouchers = details.get("service_vouchers", details.get("vouchers"))
    return Preview(
        kind=kind, months=details.get("months"),
        months_assumed=bool(details.get("months_assumed")), payments=len(plan.periods),
        unconfirmed=sum(1 for p in plan.periods if p.payable is None),
        starts_on=plan.starts_on, ends_on=plan.ends_on, vouchers=vouchers,
    )  # fmt: skip
