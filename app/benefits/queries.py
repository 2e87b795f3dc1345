"""Reads of the benefits: an affiliate's own entitlements and schedules, and a person's for
the back office (its controller checks the staff member may open the person's file)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.benefits.rules.payouts import masked
from app.kit import audit
from app.kit.db import fetch
from app.kit.errors import NotFound

COLUMNS = "id, person, kind, request, pillar, details, starts_on, ends_on, status, created_at"


@dataclass(frozen=True, slots=True)
class PaymentView:
    number: int
    kind: str
    period_start: date
    period_end: date
    due_on: date
    share: Decimal
    amount: Decimal | None  # None: not yet confirmed
    figure_status: str
    status: str
    paid_on: date | None
    iban: str | None = None  # the account it was paid to

    @property
    def iban_masked(self) -> str:
        return masked(self.iban)


@dataclass(frozen=True, slots=True)
class EntitlementView:
    id: uuid.UUID
    person: uuid.UUID
    kind: str
    request: uuid.UUID
    pillar: str | None
    details: dict[str, Any]
    starts_on: date
    ends_on: date
    status: str
    created_at: datetime
    payments: tuple[PaymentView, ...] = ()

    def next_payment(self, today: date) -> PaymentView | None:
        """The first scheduled payment due today or later (or the oldest one still due)."""
        due = [p for p in self.payments if p.status == "scheduled"]
        upcoming = [p for p in due if p.due_on >= today]
        return upcoming[0] if upcoming else (due[0] if due else None)

    @property
    def unconfirmed(self) -> int:
        return sum(1 for p in self.payments if p.amount is None)

    @property
    def confirmed_total(self) -> Decimal:
        return sum((p.amount for p in self.payments if p.amount is not None), Decimal(0))


def _details(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        value = json.loads(value)
    return value if isinstance(value, dict) else {}


def _view(row: dict[str, Any], payments: tuple[PaymentView, ...] = ()) -> EntitlementView:
    return EntitlementView(
        id=row["id"], person=row["person"], kind=row["kind"], request=row["request"],
        pillar=row["pillar"], details=_details(row["details"]), starts_on=row["starts_on"],
        ends_on=row["ends_on"], status=row["status"], created_at=row["created_at"],
        payments=payments,
    )  # fmt: skip


async def _payments(entitlement_id: uuid.UUID) -> tuple[PaymentView, ...]:
    rows = await fetch(
        "SELECT number, kind, period_start, period_end, due_on, share, amount, figure_status, "
        "status, paid_on, iban FROM benefit_payment WHERE entitlement = {} ORDER BY number",
        entitlement_id,
    )
    return tuple(PaymentView(**row) for row in rows)


def _person(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound("entitlement")
    return actor.id


async def entitlements_for_affiliate(actor: audit.Actor) -> list[EntitlementView]:
    """The affiliate's own entitlements, newest first, without their schedules."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM benefit_entitlement WHERE person = {{}} "
        "ORDER BY created_at DESC, id",
        _person(actor),
    )
    return [_view(r) for r in rows]


async def entitlement_for_affiliate(
    actor: audit.Actor, entitlement_id: uuid.UUID
) -> EntitlementView:
    """One of the affiliate's own entitlements with its schedule; NotFound for anyone else's."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM benefit_entitlement WHERE id = {{}} AND person = {{}}",
        entitlement_id,
        _person(actor),
    )
    if not rows:
        raise NotFound("entitlement")
    return _view(rows[0], await _payments(entitlement_id))


async def entitlement_of_request(actor: audit.Actor, request_id: uuid.UUID) -> uuid.UUID | None:
    """The entitlement a request of the affiliate opened, if any (its page links to it)."""
    if actor.kind != "affiliate" or actor.id is None:
        return None
    rows = await fetch(
        "SELECT id FROM benefit_entitlement WHERE request = {} AND person = {}",
        request_id,
        actor.id,
    )
    return rows[0]["id"] if rows else None


async def entitlements_of_person(person_id: uuid.UUID) -> list[EntitlementView]:
    """Every entitlement of a person with its schedule, newest first: the back office's view."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM benefit_entitlement WHERE person = {{}} "
        "ORDER BY created_at DESC, id",
        person_id,
    )
    return [_view(r, await _payments(r["id"])) for r in rows]


async def entitlement_of_person(person_id: uuid.UUID,
                                entitlement_id: uuid.UUID) -> EntitlementView | None:  # fmt: skip
    """One of a person's entitlements with its schedule, for the back office (its controller
    checks the staff member may open the person's file)."""
    rows = await fetch(
        f"SELECT {COLUMNS} FROM benefit_entitlement WHERE id = {{}} AND person = {{}}",
        entitlement_id,
        person_id,
    )
    return _view(rows[0], await _payments(entitlement_id)) if rows else None


@dataclass(frozen=True, slots=True)
class NextPayment:
    """An entitlement of the affiliate's and its next payment (None: nothing left to pay)."""

    entitlement: uuid.UUID
    kind: str
    pillar: str | None
    due_on: date | None
    amount: Decimal | None
    paid_on: date | None = None  # the last payment made, if any
    paid_amount: Decimal | None = None
    paid_iban: str | None = None

    @property
    def paid_iban_masked(self) -> str:
        return masked(self.paid_iban)


async def next_payments_for_affiliate(actor: audit.Actor, today: date) -> list[NextPayment]:
    """Each of the affiliate's entitlements with its first scheduled payment due from `today`
    (else its oldest one still scheduled), newest entitlement first: the home page's lines."""
    rows = await fetch(
        "SELECT e.id, e.kind, e.pillar, n.due_on, n.amount, l.paid_on, l.amount AS paid_amount, "
        "l.iban AS paid_iban FROM benefit_entitlement e "
        "LEFT JOIN LATERAL (SELECT p.due_on, p.amount FROM benefit_payment p "
        "WHERE p.entitlement = e.id AND p.status = 'scheduled' "
        "ORDER BY p.due_on < {} , p.due_on, p.number LIMIT 1) n ON true "
        "LEFT JOIN LATERAL (SELECT p.paid_on, p.amount, p.iban FROM benefit_payment p "
        "WHERE p.entitlement = e.id AND p.status = 'paid' "
        "ORDER BY p.paid_on DESC, p.number DESC LIMIT 1) l ON true "
        "WHERE e.person = {} ORDER BY e.created_at DESC, e.id",
        today,
        _person(actor),
    )
    return [NextPayment(r["id"], r["kind"], r["pillar"], r["due_on"], r["amount"],
                        r["paid_on"], r["paid_amount"], r["paid_iban"]) for r in rows]  # fmt: skip
