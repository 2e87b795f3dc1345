"""What every benefit schedule is made of: a sourced amount and a period to pay. PURE.

An amount is a leaf of a year file (`app/contributions/parameters/<year>.toml`) with its status
and source. A leaf without value (status U: the year's figure was not found) gives no amount:
the period is scheduled, flagged unconfirmed, and nothing is made up for it. A leaf with a
value but status U (a figure whose date or year is not confirmed) gives the amount the source
says, still flagged unconfirmed: only a confirmed amount (status C, S or D) is ever stored as
money to pay (`Period.payable`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from app.contributions.rules.eligibility import add_months
from app.contributions.rules.errors import UnknownYear
from app.contributions.rules.parameters import Leaf, load_year
from app.kit.money import cents

UNCONFIRMED = "U"


class BenefitKind(StrEnum):
    """The request kinds that open an entitlement (the same codes as `RequestKind`)."""

    BRIDGING_RIGHT = "bridging_right"
    BIRTH_LEAVE = "birth_leave"
    MATERNITY_AID = "maternity_aid"


class PeriodKind(StrEnum):
    SEGMENT = "segment"  # 7 days, paid a share of the monthly amount
    MONTH = "month"  # a whole calendar month
    PARTIAL = "partial"  # the last, incomplete month of a forced interruption or of the cap
    LEAVE = "leave"  # the days of birth leave, paid at once


@dataclass(frozen=True, slots=True)
class Amount:
    """A figure of the year files: `value` None when the file has none (status U)."""

    name: str
    value: Decimal | None
    status: str
    source: str

    @property
    def confirmed(self) -> bool:
        return self.value is not None and self.status != UNCONFIRMED


def missing(name: str, source: str) -> Amount:
    return Amount(name, None, UNCONFIRMED, source)


def from_leaf(leaf: Leaf) -> Amount:
    value = leaf.value
    if value is not None and not isinstance(value, Decimal):
        raise TypeError(f"{leaf.name} is not an amount")
    return Amount(leaf.name, value, leaf.status, leaf.source)


@dataclass(frozen=True, slots=True)
class Series:
    """A dated series of amounts ("guides.bridging.monthly_single"): the entry with the latest
    effective_from on or before a day holds on that day (a mid-year indexation replaces the
    January amount from its own date)."""

    name: str
    entries: tuple[tuple[date, Amount], ...]  # ascending by effective_from

    def on(self, day: date) -> Amount:
        holding = [amount for since, amount in self.entries if since <= day]
        if not holding:
            return missing(self.name, f"no amount in the year files for {day.isoformat()}")
        return holding[-1]


def series_of(leaves: Mapping[str, Leaf], name: str) -> tuple[tuple[date, Amount], ...]:
    """The dated leaves `<name>.*` of one year file, ascending by effective_from."""
    prefix = f"{name}."
    dated = [
        (leaf.effective_from, from_leaf(leaf))
        for key, leaf in leaves.items()
        if key.startswith(prefix) and leaf.effective_from is not None
    ]
    return tuple(sorted(dated, key=lambda item: item[0]))


def series_from_files(name: str, years: Iterable[int]) -> Series:
    """The series `name` over these years' files (a year without a file adds nothing)."""
    entries: list[tuple[date, Amount]] = []
    for year in sorted(set(years)):
        try:
            leaves = load_year(year).leaves
        except UnknownYear:
            continue
        entries.extend(series_of(leaves, name))
    return Series(name, tuple(sorted(entries, key=lambda item: item[0])))


@dataclass(frozen=True, slots=True)
class Period:
    """One payment of a schedule: the days it pays, when it is due, how much and why."""

    kind: PeriodKind
    starts_on: date
    ends_on: date
    due_on: date
    share: Decimal  # of the monthly amount (1 for a month, 0.25 for a segment); days for leave
    amount: Amount  # the figure the period is computed from
    value: Decimal | None  # the period's amount, None when the figure is unknown

    @property
    def confirmed(self) -> bool:
        return self.value is not None and self.amount.confirmed

    @property
    def payable(self) -> Decimal | None:
        """The money to pay, only when confirmed: never an unconfirmed figure."""
        return self.value if self.confirmed else None


def priced(amount: Amount, share: Decimal) -> Decimal | None:
    return None if amount.value is None else cents(amount.value * share)


def month_end(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


def due_after(ends_on: date, decided_on: date) -> date:
    """Paid the day after the period it pays, and never before the decision (back pay is due on
    the day of the decision): the fund's practice, no legal text read says otherwise."""
    return max(ends_on + timedelta(days=1), decided_on)
