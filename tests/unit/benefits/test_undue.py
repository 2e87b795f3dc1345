"""The undue amount of a benefit and what it stops: amounts worked out by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.benefits.rules.undue import (
    Cut,
    PaidPeriod,
    PaidState,
    UnduePolicy,
    UndueRefused,
    check_day,
    check_motivation,
    load_policy,
    repay_by,
    undue_claim,
)

PAID, SCHEDULED = PaidState.PAID, PaidState.SCHEDULED
D = Decimal


def month(number: int, m: int, amount: str | None, state: PaidState) -> PaidPeriod:
    ends = {3: 31, 4: 30, 5: 31, 6: 30}
    return PaidPeriod(number, date(2026, m, 1), date(2026, m, ends[m]),
                      None if amount is None else D(amount), state)  # fmt: skip


MONTHS = [month(1, 3, "1700.00", PAID), month(2, 4, "1700.00", PAID),
          month(3, 5, "1700.00", PAID), month(4, 6, "1700.00", SCHEDULED)]  # fmt: skip


@pytest.mark.parametrize(
    ("periods", "from_day", "amount", "undue_lines", "cuts"),
    [
        # April straddles: 15 of its 30 days are undue (850.00); May in full; June stops.
        (
            MONTHS,
            date(2026, 4, 16),
            "2550.00",
            [(2, 15, "850.00"), (3, 31, "1700.00")],
            [Cut(4, True, None, date(2026, 6, 30))],
        ),
        # 21 of May's 31 days: 1 700 × 21 / 31 = 1 151.6129… → 1 151.61.
        (
            MONTHS,
            date(2026, 5, 11),
            "1151.61",
            [(3, 21, "1151.61")],
            [Cut(4, True, None, date(2026, 6, 30))],
        ),
        # From the first of a month: that month in full, nothing pro rata.
        (
            MONTHS,
            date(2026, 5, 1),
            "1700.00",
            [(3, 31, "1700.00")],
            [Cut(4, True, None, date(2026, 6, 30))],
        ),
        # Only the payment to come is cut, to its 10 days before: 1 700 × 10 / 30 = 566.67.
        (MONTHS, date(2026, 6, 11), "0.00", [], [Cut(4, False, D("566.67"), date(2026, 6, 10))]),
        # A 7-day segment, undue from its 4th day: 425 × 4 / 7 = 242.857… → 242.86.
        (
            [PaidPeriod(1, date(2026, 3, 1), date(2026, 3, 7), D("425.00"), PAID)],
            date(2026, 3, 4),
            "242.86",
            [(1, 4, "242.86")],
            [],
        ),
        # Nothing was paid on an unconfirmed figure: nothing to give back for it.
        (
            [
                PaidPeriod(1, date(2026, 3, 1), date(2026, 3, 31), None, PAID),
                PaidPeriod(2, date(2026, 4, 1), date(2026, 4, 30), D("100.00"), PAID),
            ],
            date(2026, 3, 1),
            "100.00",
            [(2, 30, "100.00")],
            [],
        ),
    ],
)
def test_undue_amount_line_by_line(
    periods: list[PaidPeriod], from_day: date, amount: str,
    undue_lines: list[tuple[int, int, str]], cuts: list[Cut],
) -> None:  # fmt: skip
    claim = undue_claim(periods, from_day)
    assert claim.amount == D(amount)
    assert [(line.number, line.undue_days, str(line.undue)) for line in claim.lines] == undue_lines
    assert list(claim.cuts) == cuts


def test_a_day_after_every_period_is_refused() -> None:
    with pytest.raises(UndueRefused) as refused:
        undue_claim(MONTHS, date(2026, 7, 1))
    assert refused.value.code == "nothing_undue"


@pytest.mark.parametrize(
    ("day", "code"),
    [(date(2026, 2, 28), "before_start"), (date(2026, 12, 5), "future"),
     (date(2026, 3, 1), None), (date(2026, 12, 4), None)],
)  # fmt: skip
def test_the_day_lies_within_the_right_and_not_ahead(day: date, code: str | None) -> None:
    if code is None:
        assert check_day(day, date(2026, 3, 1), date(2026, 12, 4)) == day
    else:
        with pytest.raises(UndueRefused) as refused:
            check_day(day, date(2026, 3, 1), date(2026, 12, 4))
        assert refused.value.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Reprise", "motivation_short"), ("x" * 4001, "motivation_long"),
     ("Activité reprise le 16 avril 2026 (BCE)", None)],
)  # fmt: skip
def test_a_motivation_says_why(text: str, code: str | None) -> None:
    if code is None:
        assert check_motivation(text) == text
    else:
        with pytest.raises(UndueRefused) as refused:
            check_motivation(text)
        assert refused.value.code == code


def test_repayment_date_from_the_policy_file() -> None:
    policy = load_policy()
    assert policy.repay_days == 30
    assert "11 avril 1995" in policy.source
    assert repay_by(UnduePolicy(30, ""), date(2026, 12, 4)) == date(2027, 1, 3)
