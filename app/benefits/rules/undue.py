"""An undue benefit: what was paid for days the person had no right to, and what it leaves of
the payments not yet made. PURE.

Staff record the day from which the right was not due (the activity resumed, the child was not
born in Belgium, the interruption ended early…). Each payment covers a period: a payment made
for a period wholly from that day is undue in full; one whose period straddles it is undue for
its days from that day, pro rata of the period's calendar days, rounded half-up to the cent
(the fund's rounding of every amount). Payments not yet made stop: one wholly from that day is
cancelled, one that straddles it is cut to its days before.

The claim is repaid by a date the fund sets (`UnduePolicy.repay_days` after the decision): it
is fund policy, not a legal figure, and says so where it is kept (undue.toml).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

from app.kit.money import cents

ZERO = Decimal("0.00")
MOTIVATION_MIN = 20  # a motivation "clearly" given: more than a word or two
MOTIVATION_MAX = 4000
POLICY_FILE = Path(__file__).with_name("undue.toml")


class PaidState(StrEnum):
    PAID = "paid"
    SCHEDULED = "scheduled"


@dataclass(frozen=True, slots=True)
class PaidPeriod:
    """One payment of the schedule: its period, its amount (None: not confirmed) and state."""

    number: int
    start: date
    end: date  # inclusive
    amount: Decimal | None
    state: PaidState


@dataclass(frozen=True, slots=True)
class UndueLine:
    """What a paid payment gives back: its undue days out of its days, and the amount."""

    number: int
    start: date
    end: date
    days: int
    undue_days: int
    paid: Decimal
    undue: Decimal


@dataclass(frozen=True, slots=True)
class Cut:
    """What becomes of a payment not made yet: cancelled (amount None) or cut to its days
    before the day the right stopped."""

    number: int
    cancelled: bool
    amount: Decimal | None
    end: date


@dataclass(frozen=True, slots=True)
class UndueClaim:
    not_entitled_from: date
    lines: tuple[UndueLine, ...]
    cuts: tuple[Cut, ...]

    @property
    def amount(self) -> Decimal:
        return sum((line.undue for line in self.lines), ZERO)


@dataclass(frozen=True, slots=True)
class UnduePolicy:
    repay_days: int
    source: str


class UndueRefused(ValueError):
    """A claim that cannot be recorded: `code` names why (for a message)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def undue_claim(periods: Iterable[PaidPeriod], not_entitled_from: date) -> UndueClaim:
    """The amount paid without right from `not_entitled_from`, line by line, and the cuts to
    the payments not yet made. Refused when it gives back nothing and stops nothing."""
    lines: list[UndueLine] = []
    cuts: list[Cut] = []
    for period in sorted(periods, key=lambda p: (p.start, p.number)):
        if period.end < not_entitled_from:
            continue  # wholly before: rightly paid or to pay
        days = _days(period.start, period.end)
        undue_days = _days(max(period.start, not_entitled_from), period.end)
        if period.state is PaidState.PAID:
            if period.amount is None:
                continue  # nothing was paid on an unconfirmed figure
            share = (
                period.amount if undue_days == days else cents(period.amount * undue_days / days)
            )
            lines.append(UndueLine(period.number, period.start, period.end, days, undue_days,
                                   period.amount, share))  # fmt: skip
        elif undue_days == days:
            cuts.append(Cut(period.number, True, None, period.end))
        else:
            kept = (
                None if period.amount is None else cents(period.amount * (days - undue_days) / days)
            )
            cuts.append(Cut(period.number, False, kept, not_entitled_from - timedelta(days=1)))
    claim = UndueClaim(not_entitled_from, tuple(lines), tuple(cuts))
    if claim.amount <= 0 and not cuts:
        raise UndueRefused("nothing_undue")
    return claim


def check_motivation(text: str) -> str:
    """The decision's motivation, trimmed: the charter wants it clear, so not a word."""
    cleaned = " ".join(text.split())
    if len(cleaned) < MOTIVATION_MIN:
        raise UndueRefused("motivation_short")
    if len(cleaned) > MOTIVATION_MAX:
        raise UndueRefused("motivation_long")
    return text.strip()


def check_day(not_entitled_from: date, starts_on: date, today: date) -> date:
    """The day the right stopped lies within the entitlement and not in the future."""
    if not_entitled_from < starts_on:
        raise UndueRefused("before_start")
    if not_entitled_from > today:
        raise UndueRefused("future")
    return not_entitled_from


def repay_by(policy: UnduePolicy, decided_on: date) -> date:
    return decided_on + timedelta(days=policy.repay_days)


@cache
def load_policy(path: Path = POLICY_FILE) -> UnduePolicy:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    days = data["repay_days"]
    if not isinstance(days, int) or not 8 <= days <= 90:
        raise ValueError(f"{path}: repay_days must be a whole number of days, 8 to 90")
    return UnduePolicy(repay_days=days, source=str(data["source"]))
