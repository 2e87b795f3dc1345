"""The API's text patterns: the OpenAPI document accepts exactly what the API accepts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.kit import forms
from app.kit.api_params import MONEY_PATTERN, iso_date_pattern


def _every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_the_date_pattern_takes_every_real_day_of_its_years_and_nothing_else() -> None:
    pattern = re.compile(iso_date_pattern([2023, 2024, 2100]))
    for day in _every_day(date(2022, 12, 1), date(2025, 1, 31)):
        assert bool(pattern.match(day.isoformat())) == (day.year in (2023, 2024)), day
    assert pattern.match("2024-02-29") and not pattern.match("2023-02-29")
    assert not pattern.match("2100-02-29")  # not a leap year
    assert pattern.match("2100-12-31")
    for text in ("2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", " 2024-01-01"):
        assert not pattern.match(text), text


def test_the_date_pattern_stops_at_its_last_day() -> None:
    pattern = re.compile(iso_date_pattern(range(2025, 2027), until=date(2026, 3, 15)))
    for day in _every_day(date(2025, 1, 1), date(2026, 12, 31)):
        assert bool(pattern.match(day.isoformat())) == (day <= date(2026, 3, 15)), day


@pytest.mark.parametrize(
    ("text", "amount"),
    [("0", "0"), ("25000", "25000"), ("1,5", "1.5"), ("944.29", "944.29"),
     ("999999999.99", "999999999.99")],
)  # fmt: skip
def test_an_amount_the_pattern_takes_is_one_the_forms_read(text: str, amount: str) -> None:
    assert re.match(MONEY_PATTERN, text)
    assert forms.money(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["", "-1", "1.234", "1e5", "25 000", "1,2,3", "1000000000"])
def test_the_pattern_refuses_what_is_not_a_plain_amount(text: str) -> None:
    assert not re.match(MONEY_PATTERN, text)
