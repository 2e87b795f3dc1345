"""Annual company contribution from the balance-sheet total of N-2."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.company import company_contribution
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
