"""A court procedure on a debt, as pure rules: its states, the steps allowed after each, the
dates and costs a step may carry, and what the affiliate is told (as codes: the words are in
app/payments/court.py).

Two kinds of procedure, after the personal contact of the recovery (rules/recovery.py), never
before it:
- ordinary, with a bailiff (huissier de justice) or a lawyer (avocat): handed_over -> summons
  (citation) -> judgment (jugement) -> payment_received (any number) -> closed;
- bankruptcy (faillite), with the curator (curateur): curator_recorded -> claim_filed
  (déclaration de créance) -> dividend_received (any number) -> closed.
A procedure may be closed from any open state (paid in full, withdrawn, bankruptcy closed).

A step is dated: not before the previous step (nor, the first, before the personal contact),
never in the future. Its costs are euros and cents, 0 to MAX_COSTS. A claim filed, a payment or
a dividend received carries its amount (above 0, at most MAX_AMOUNT); the other steps none.
No clock is read: `today` is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Final


class ProcedureKind(StrEnum):
    BAILIFF = "bailiff"  # huissier de justice
    LAWYER = "lawyer"  # avocat
    BANKRUPTCY = "bankruptcy"  # faillite: the curator's


class PartyKind(StrEnum):
    BAILIFF = "bailiff"
    LAWYER = "lawyer"
    CURATOR = "curator"


class CourtStep(StrEnum):
    HANDED_OVER = "handed_over"
    SUMMONS = "summons"
    JUDGMENT = "judgment"
    PAYMENT_RECEIVED = "payment_received"
    CURATOR_RECORDED = "curator_recorded"
    CLAIM_FILED = "claim_filed"
    DIVIDEND_RECEIVED = "dividend_received"
    CLOSED = "closed"


# The party each kind of procedure is handed to.
PARTY_OF: Final = {
    ProcedureKind.BAILIFF: PartyKind.BAILIFF,
    ProcedureKind.LAWYER: PartyKind.LAWYER,
    ProcedureKind.BANKRUPTCY: PartyKind.CURATOR,
}

_ORDINARY: Final[dict[CourtStep | None, tuple[CourtStep, ...]]] = {
    None: (CourtStep.HANDED_OVER,),
    CourtStep.HANDED_OVER: (CourtStep.SUMMONS, CourtStep.CLOSED),
    CourtStep.SUMMONS: (CourtStep.JUDGMENT, CourtStep.CLOSED),
    CourtStep.JUDGMENT: (CourtStep.PAYMENT_RECEIVED, CourtStep.CLOSED),
    CourtStep.PAYMENT_RECEIVED: (CourtStep.PAYMENT_RECEIVED, CourtStep.CLOSED),
    CourtStep.CLOSED: (),
}
_BANKRUPTCY: Final[dict[CourtStep | None, tuple[CourtStep, ...]]] = {
    None: (CourtStep.CURATOR_RECORDED,),
    CourtStep.CURATOR_RECORDED: (CourtStep.CLAIM_FILED, CourtStep.CLOSED),
    CourtStep.CLAIM_FILED: (CourtStep.DIVIDEND_RECEIVED, CourtStep.CLOSED),
    CourtStep.DIVIDEND_RECEIVED: (CourtStep.DIVIDEND_RECEIVED, CourtStep.CLOSED),
    CourtStep.CLOSED: (),
}

WITH_AMOUNT: Final = frozenset(
    {CourtStep.CLAIM_FILED, CourtStep.PAYMENT_RECEIVED, CourtStep.DIVIDEND_RECEIVED}
)
MAX_COSTS: Final = Decimal("100000.00")  # a bailiff's or lawyer's costs on one step
MAX_AMOUNT: Final = Decimal("10000000.00")


class StepRefused(StrEnum):
    NO_CONTACT = "no_contact"  # the personal contact is not recorded
    NOT_ALLOWED = "not_allowed"  # this step cannot follow the last one
    BEFORE_PREVIOUS = "before_previous"
    BEFORE_CONTACT = "before_contact"
    IN_FUTURE = "in_future"


def allowed_next(kind: ProcedureKind, last: CourtStep | None) -> tuple[CourtStep, ...]:
    """The steps that may be recorded after `last` (None: the procedure is not opened)."""
    table = _BANKRUPTCY if kind is ProcedureKind.BANKRUPTCY else _ORDINARY
    return table.get(last, ())


@dataclass(frozen=True, slots=True)
class Previous:
    """Where the procedure stands: its last step and that step's date (None before any)."""

    step: CourtStep | None
    on: date | None


def check_step(
    kind: ProcedureKind,
    previous: Previous,
    step: CourtStep,
    on: date,
    *,
    contact_on: date | None,
    today: date,
) -> StepRefused | None:
    """Why this step cannot be recorded on this date, or None when it can."""
    if contact_on is None:
        return StepRefused.NO_CONTACT
    if step not in allowed_next(kind, previous.step):
        return StepRefused.NOT_ALLOWED
    if on > today:
        return StepRefused.IN_FUTURE
    if on < contact_on:
        return StepRefused.BEFORE_CONTACT
    if previous.on is not None and on < previous.on:
        return StepRefused.BEFORE_PREVIOUS
    return None


def is_open(last: CourtStep | None) -> bool:
    return last is not None and last is not CourtStep.CLOSED


def expected_next(kind: ProcedureKind, last: CourtStep | None) -> CourtStep | None:
    """The step the affiliate should expect next (what they are told), None once closed."""
    if last is CourtStep.CLOSED:
        return None
    return allowed_next(kind, last)[0] if allowed_next(kind, last) else None


def check_money(step: CourtStep, costs: Decimal, amount: Decimal | None) -> str | None:
    """Why these costs or this amount do not fit the step ("costs", "amount"), or None."""
    if costs < 0 or costs > MAX_COSTS or costs != costs.quantize(Decimal("0.01")):
        return "costs"
    if step in WITH_AMOUNT:
        if amount is None or amount <= 0 or amount > MAX_AMOUNT:
            return "amount"
    elif amount is not None:
        return "amount"
    return None
