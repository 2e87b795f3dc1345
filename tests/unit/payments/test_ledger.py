"""The account's arithmetic: balance, quarter statuses, what is due next, which notices leave."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.affiliation.queries import AffiliationView
from app.affiliation.rules import Category
from app.payments.rules.ledger import (
    Entry,
    EntryKind,
    QuarterStatus,
    balance,
    check_amount,
    next_due,
    quarter_positions,
)
from app.payments.service import quarter_due, quarters_to_issue

D = Decimal
Q1_DUE, Q2_DUE = date(2026, 3, 31), date(2026, 6, 30)


def charges(year: int, quarter: int, due: date) -> list[Entry]:
    """The two charges of a 2026 minimum notice: 890,42 + 3,05 % fees 27,16."""
    return [
        Entry(EntryKind.CONTRIBUTION, D("890.42"), date(2026, 1, 15), year, quarter, due),
        Entry(EntryKind.MANAGEMENT_FEE, D("27.16"), date(2026, 1, 15), year, quarter, due),
    ]


def pay(amount: str, on: date, quarter: int | None = None) -> Entry:
    return Entry(EntryKind.PAYMENT, -D(amount), on, 2026 if quarter else None, quarter)


@pytest.mark.parametrize(
    ("credits", "today", "status", "outstanding"),
    [
        ([], date(2026, 3, 1), QuarterStatus.DUE, "917.58"),
        ([], date(2026, 4, 1), QuarterStatus.LATE, "917.58"),
        ([pay("917.58", date(2026, 3, 20), 1)], date(2026, 4, 1), QuarterStatus.PAID, "0.00"),
        ([pay("500.00", date(2026, 3, 20), 1)], date(2026, 4, 1), QuarterStatus.PARTLY_PAID,
         "417.58"),
        ([pay("500.00", date(2026, 3, 20), 1)], date(2026, 3, 25), QuarterStatus.DUE, "417.58"),
        # A payment that names no quarter settles the oldest one.
        ([pay("917.58", date(2026, 3, 20))], date(2026, 4, 1), QuarterStatus.PAID, "0.00"),
        ([Entry(EntryKind.EXEMPTION, D("-917.58"), date(2026, 2, 1), 2026, 1)],
         date(2026, 4, 1), QuarterStatus.EXEMPTED, "0.00"),
    ],
)  # fmt: skip
def test_a_quarters_status(
    credits: list[Entry], today: date, status: QuarterStatus, outstanding: str
) -> None:
    [position] = quarter_positions([*charges(2026, 1, Q1_DUE), *credits], today)
    assert (position.status, position.outstanding) == (status, D(outstanding))


def test_balance_next_due_and_the_oldest_first_rule() -> None:
    entries = [
        *charges(2026, 1, Q1_DUE),
        *charges(2026, 2, Q2_DUE),
        pay("1000.00", date(2026, 5, 2)),
    ]
    assert balance(entries) == D("835.16")  # 2 × 917,58 − 1 000
    q1, q2 = quarter_positions(entries, date(2026, 5, 10))
    assert (q1.status, q1.outstanding) == (QuarterStatus.PAID, D("0.00"))
    assert (q2.status, q2.outstanding) == (QuarterStatus.DUE, D("835.16"))
    upcoming = next_due([q1, q2])
    assert upcoming is not None and (upcoming.quarter, upcoming.due_on) == (2, Q2_DUE)


def test_amounts_are_decimals_with_two_decimals_at_most() -> None:
    assert check_amount(D("12.3")) == D("12.30")
    for bad in (D("1.005"), D("NaN")):
        with pytest.raises(ValueError):
            check_amount(bad)
    with pytest.raises(ValueError):
        check_amount(12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 12, 20), [(2025, 4)]),  # Q1 2026 is still more than 75 days away
        (date(2026, 1, 14), []),  # Q4 2025's day has passed: nothing new yet
        (date(2026, 1, 15), [(2026, 1)]),  # 31 March − 75 days
        (date(2026, 4, 16), [(2026, 2)]),  # 30 June − 75 days
        (date(2026, 10, 17), [(2026, 4)]),  # 31 December − 75 days
        (date(2026, 12, 31), [(2026, 4)]),
    ],
)
def test_which_notices_leave(today: date, expected: list[tuple[int, int]]) -> None:
    assert quarters_to_issue(today, 75) == expected


def view(category: Category, starts: date, **fields: object) -> AffiliationView:
    values: dict[str, object] = {"ends_on": None, "first_main_activity": False,
                                 "declared_income": None, "declared_income_year": None,
                                 "source_reference": None} | fields  # fmt: skip
    return AffiliationView(person_id=None, category=category, starts_on=starts, **values)  # type: ignore[arg-type]


def test_a_quarter_costs_what_the_contribution_engine_says() -> None:
    # 2026, main activity, no income known: the legal minimum, 890,42 € a quarter (tamtam's
    # 2026 figure), plus the fund's 3,05 % fees: 27,16 €.
    due = quarter_due(view(Category.MAIN, date(2019, 3, 1)), 2026, 1)
    assert due is not None
    assert (due.contribution, due.management_fee, due.due_on) == (D("890.42"), D("27.16"), Q1_DUE)
    # 2026, main activity, 200 000 € declared for 2026: 5 103,05 € (tamtam) a quarter.
    rich = view(Category.MAIN, date(2019, 3, 1), declared_income=D("200000"),
                declared_income_year=2026)  # fmt: skip
    assert quarter_due(rich, 2026, 2).contribution == D("5103.05")  # type: ignore[union-attr]
    # Not affiliated in that quarter: nothing is due.
    assert quarter_due(view(Category.MAIN, date(2026, 5, 1)), 2026, 1) is None
    ended = view(Category.MAIN, date(2019, 3, 1), ends_on=date(2025, 12, 31))
    assert quarter_due(ended, 2026, 1) is None
