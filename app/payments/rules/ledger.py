"""The account's arithmetic, pure: balance, what each quarter stands at, what is due next.

Entries are signed: positive = owed to the fund (a charge), negative = in the affiliate's
favour (a payment, an exemption, the reversal of a charge). A payment that names its quarter
(by the notice's structured communication) settles that quarter; one that names none settles
the oldest quarters first, as the fund books them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from app.contributions.rules.quarters import quarter_end

ZERO = Decimal("0.00")


class EntryKind(StrEnum):
    CONTRIBUTION = "contribution"
    MANAGEMENT_FEE = "management_fee"
    SURCHARGE = "surcharge"
    REGULARISATION = "regularisation"
    REFUND = "refund"  # money the fund paid back: a charge on the account again
    PAYMENT = "payment"
    EXEMPTION = "exemption"
    PLAN_INSTALMENT = "plan_instalment"
    REVERSAL = "reversal"
    UNDUE_BENEFIT = "undue_benefit"  # a benefit paid without right, claimed back


CHARGES = frozenset({EntryKind.CONTRIBUTION, EntryKind.MANAGEMENT_FEE, EntryKind.SURCHARGE,
                     EntryKind.REGULARISATION, EntryKind.REFUND,
                     EntryKind.UNDUE_BENEFIT})  # fmt: skip
CREDITS = frozenset({EntryKind.PAYMENT, EntryKind.EXEMPTION, EntryKind.PLAN_INSTALMENT})


class QuarterStatus(StrEnum):
    DUE = "due"  # not yet at its due date
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    LATE = "late"
    EXEMPTED = "exempted"
    IN_PLAN = "in_plan"  # unpaid, covered by an approved payment plan (set by the queries)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: EntryKind
    amount: Decimal
    booked_on: date
    year: int | None = None
    quarter: int | None = None
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class QuarterPosition:
    year: int
    quarter: int
    due_on: date
    charged: Decimal
    settled: Decimal
    status: QuarterStatus

    @property
    def outstanding(self) -> Decimal:
        return max(self.charged - self.settled, ZERO)


def check_amount(amount: Decimal) -> Decimal:
    """An entry's amount: a Decimal with at most two decimals, never a float or a rounding."""
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValueError("an amount is a finite Decimal")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"{amount} has more than two decimals")
    return amount.quantize(Decimal("0.01"))


def balance(entries: Iterable[Entry]) -> Decimal:
    """What the affiliate owes (positive) or has in credit (negative)."""
    return sum((e.amount for e in entries), ZERO)


def quarter_positions(entries: Iterable[Entry], today: date) -> list[QuarterPosition]:
    """Each charged quarter, oldest first, with what settles it and its status today."""
    listed = list(entries)
    charged: dict[tuple[int, int], Decimal] = {}
    due: dict[tuple[int, int], date] = {}
    settled: dict[tuple[int, int], Decimal] = {}
    exempted: set[tuple[int, int]] = set()
    loose = ZERO  # credits that name no quarter
    for entry in listed:
        key = (entry.year, entry.quarter) if entry.year and entry.quarter else None
        if entry.amount > 0 and key is not None:
            charged[key] = charged.get(key, ZERO) + entry.amount
            if entry.due_on is not None:
                due[key] = min(due.get(key, entry.due_on), entry.due_on)
        elif entry.amount < 0:
            if key is None:
                loose += -entry.amount
            else:
                settled[key] = settled.get(key, ZERO) + -entry.amount
                if entry.kind is EntryKind.EXEMPTION:
                    exempted.add(key)
    positions: list[QuarterPosition] = []
    for key in sorted(charged):
        owed = charged[key]
        paid = settled.get(key, ZERO)
        if paid < owed and loose > 0:  # the oldest quarters first
            taken = min(owed - paid, loose)
            paid, loose = paid + taken, loose - taken
        due_on = due.get(key) or quarter_end(*key)  # the legal due date when none was booked
        positions.append(
            QuarterPosition(key[0], key[1], due_on, owed, paid, _status(key in exempted, owed,
                                                                         paid, due_on, today))
        )  # fmt: skip
    return positions


def _status(
    exempted: bool, owed: Decimal, paid: Decimal, due_on: date, today: date
) -> QuarterStatus:
    if paid >= owed:
        return QuarterStatus.EXEMPTED if exempted else QuarterStatus.PAID
    if today <= due_on:
        return QuarterStatus.DUE
    return QuarterStatus.PARTLY_PAID if paid > 0 else QuarterStatus.LATE


def next_due(positions: Iterable[QuarterPosition]) -> QuarterPosition | None:
    """The open quarter with the earliest due date (late ones first: they are the earliest)."""
    open_ = [p for p in positions if p.outstanding > 0]
    return min(open_, key=lambda p: (p.due_on, p.year, p.quarter)) if open_ else None


# --- quarters named in text: "2026-Q3" as the fund writes them, and as people type them ------

_QUARTER_TOKEN = re.compile(
    r"(?P<year>20\d\d)\s*[-/ ]?\s*[QTK](?P<q>[1-4])"  # 2026-Q3, 2026 T3
    r"|[QTK](?P<q2>[1-4])\s*[-/ ]?\s*(?P<year2>20\d\d)",  # Q3 2026, K3/2026
    re.IGNORECASE,
)


def named_quarters(text: str) -> set[tuple[int, int]]:
    """The quarters a request names: "2026-Q3", "T3 2026", "K3/2026", "2025 Q4"…"""
    found: set[tuple[int, int]] = set()
    for match in _QUARTER_TOKEN.finditer(text):
        year = match.group("year") or match.group("year2")
        quarter = match.group("q") or match.group("q2")
        found.add((int(year), int(quarter)))
    return found


def quarters_text(quarters: list[tuple[int, int]]) -> str:
    return ", ".join(f"{year}-Q{quarter}" for year, quarter in sorted(quarters))
