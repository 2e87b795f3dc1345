"""Annual company contribution from the balance-sheet total of N-2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.company import (
    company_contribution,
    company_exempt,
    company_late_fine,
    delay_months,
)
from app.contributions.rules.errors import InvalidAmount, UnknownParameter, UnknownYear
from app.contributions.rules.parameters import load_year

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("year", "total", "amount", "code"),
    [
        pytest.param(2024, "0", "387.34", "company.low", id="2024-zero"),
        pytest.param(2024, "831990.83", "387.34", "company.low", id="2024-at-threshold"),
        pytest.param(2024, "831990.84", "967.52", "company.high", id="2024-above"),
        pytest.param(2025, "858605.72", "399.73", "company.low", id="2025-at-threshold"),
        pytest.param(2025, "858605.73", "998.47", "company.high", id="2025-above"),
    ],
)
def test_amount(year: int, total: str, amount: str, code: str) -> None:
    result = company_contribution(load_year(year), Decimal(total))
    assert result.amount == Decimal(amount)
    assert result.due_date == date(year, 12, 31)
    assert [line.code for line in result.explanation] == [code]


def test_2026_is_unknown() -> None:
    with pytest.raises(UnknownParameter) as info:
        company_contribution(load_year(2026), Decimal("100000"))
    assert isinstance(info.value, UnknownYear)
    assert info.value.field == "year"
    assert info.value.code == "parameter.unknown"
    assert info.value.name.startswith("company.")


def test_negative_total() -> None:
    with pytest.raises(InvalidAmount) as info:
        company_contribution(load_year(2025), Decimal("-1"))
    assert info.value.field == "balance_sheet_total"


class TestLateFine:
    """1 % per month of delay (adeconsultants.webwin.be; raad.webwin.be — single source)."""

    @pytest.mark.parametrize(
        ("paid_on", "months", "fine"),
        [
            # 2025: 399.73 due 31/12/2025.
            pytest.param(date(2025, 12, 31), 0, "0.00", id="on-time"),
            pytest.param(date(2026, 1, 1), 1, "4.00", id="one-day-late"),  # 3.9973 → 4.00
            pytest.param(date(2026, 1, 31), 1, "4.00", id="one-full-month"),
            pytest.param(date(2026, 2, 1), 2, "7.99", id="second-month-started"),  # 7.9946
            pytest.param(date(2026, 2, 28), 2, "7.99", id="two-full-months"),
            pytest.param(date(2026, 3, 1), 3, "11.99", id="third-month"),  # 11.9919
            pytest.param(date(2026, 12, 31), 12, "47.97", id="a-year"),  # 47.9676
        ],
    )
    def test_fine(self, paid_on: date, months: int, fine: str) -> None:
        result = company_late_fine(load_year(2025), Decimal("399.73"), paid_on=paid_on)
        assert result.months_late == months
        assert result.fine == Decimal(fine)
        assert result.due_date == date(2025, 12, 31)
        assert load_year(2025).status("company.late_rate_monthly") == "S"

    def test_exactly_one_of_paid_on_or_today(self) -> None:
        with pytest.raises(InvalidAmount):
            company_late_fine(load_year(2025), Decimal("399.73"))


@pytest.mark.parametrize(
    ("year", "incorporated", "public_limited", "exempt"),
    [
        pytest.param(2024, date(2024, 5, 1), False, True, id="incorporation-year"),
        pytest.param(2025, date(2023, 1, 1), False, True, id="third-year"),
        pytest.param(2026, date(2023, 12, 31), False, False, id="fourth-year"),
        pytest.param(2025, date(2024, 3, 1), True, False, id="nv-sa-never"),
        pytest.param(2024, date(2025, 1, 1), False, False, id="not-yet-incorporated"),
    ],
)
def test_startup_exemption(
    year: int, incorporated: date, public_limited: bool, exempt: bool
) -> None:
    assert company_exempt(load_year(year), incorporated, public_limited=public_limited) is exempt


@pytest.mark.parametrize(
    ("incorporated", "requested", "amount", "code"),
    [
        # 2025, balance-sheet total 100 000 ≤ 858 605.72: 399.73 (adeconsultants.webwin.be).
        pytest.param(date(2024, 2, 1), True, "0.00", "company.exempt", id="startup-asks"),
        pytest.param(date(2024, 2, 1), False, "399.73", "company.low", id="startup-does-not-ask"),
        pytest.param(date(2021, 2, 1), True, "399.73", "company.low", id="fifth-year"),
    ],
)
def test_contribution_with_the_startup_exemption(
    incorporated: date, requested: bool, amount: str, code: str
) -> None:
    result = company_contribution(
        load_year(2025),
        Decimal("100000"),
        incorporated_on=incorporated,
        exemption_requested=requested,
    )
    assert result.amount == Decimal(amount)
    assert result.explanation[0].code == code


@pytest.mark.parametrize(
    ("due", "today", "starts"),
    [
        pytest.param(date(2025, 12, 31), date(2025, 12, 31), [], id="on-the-due-date"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 1), [date(2026, 1, 1)], id="next-day"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 31), [date(2026, 1, 1)], id="month-1"),
        pytest.param(
            date(2025, 12, 31), date(2026, 2, 1), [date(2026, 1, 1), date(2026, 2, 1)],
            id="month-2-starts",
        ),
        pytest.param(
            date(2025, 12, 31), date(2026, 3, 1),
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)], id="past-february",
        ),
        pytest.param(date(2025, 6, 30), date(2025, 7, 30), [date(2025, 7, 1)], id="old-june"),
        # 30 June is June's last day: its month ends on 31 July, the second starts 1 August.
        pytest.param(date(2025, 6, 30), date(2025, 7, 31), [date(2025, 7, 1)], id="to-july-31"),
        pytest.param(
            date(2025, 6, 30), date(2025, 8, 1), [date(2025, 7, 1), date(2025, 8, 1)],
            id="to-august-1",
        ),
    ],
)  # fmt: skip
def test_delay_months_start_on_the_day_after_each_monthly_anniversary(
    due: date, today: date, starts: list[date]
) -> None:
    assert delay_months(due, today) == starts
