"""Quarterly split and due dates, including the starters' extra quarter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.errors import InvalidQuarter
from app.contributions.rules.parameters import load_year
from app.contributions.rules.quarters import (
    DueDate,
    Quarter,
    add_quarters,
    quarter_end,
    quarter_of,
    quarters,
    starter_due_dates,
)

pytestmark = pytest.mark.unit


class TestQuarters:
    def test_four_quarters_due_at_quarter_ends(self) -> None:
        result = quarters(load_year(2025), Decimal("898.30"))
        assert result == (
            Quarter(1, date(2025, 3, 31), Decimal("898.30")),
            Quarter(2, date(2025, 6, 30), Decimal("898.30")),
            Quarter(3, date(2025, 9, 30), Decimal("898.30")),
            Quarter(4, date(2025, 12, 31), Decimal("898.30")),
        )
        assert sum(q.amount for q in result) == Decimal("3593.20")


class TestCalendar:
    @pytest.mark.parametrize(
        ("year", "quarter", "expected"),
        [
            (2024, 1, date(2024, 3, 31)),
            (2024, 2, date(2024, 6, 30)),
            (2025, 3, date(2025, 9, 30)),
            (2026, 4, date(2026, 12, 31)),
        ],
    )
    def test_quarter_end(self, year: int, quarter: int, expected: date) -> None:
        assert quarter_end(year, quarter) == expected

    @pytest.mark.parametrize("quarter", [0, 5, -1])
    def test_invalid_quarter(self, quarter: int) -> None:
        with pytest.raises(InvalidQuarter) as info:
            quarter_end(2025, quarter)
        assert info.value.field == "quarter"

    @pytest.mark.parametrize(
        ("day", "quarter"),
        [
            (date(2025, 1, 1), 1),
            (date(2025, 3, 31), 1),
            (date(2025, 4, 1), 2),
            (date(2025, 9, 30), 3),
            (date(2025, 12, 31), 4),
        ],
    )
    def test_quarter_of(self, day: date, quarter: int) -> None:
        assert quarter_of(day) == quarter

    def test_add_quarters_crosses_years(self) -> None:
        assert add_quarters(2025, 4, 1) == (2026, 1)
        assert add_quarters(2025, 3, 6) == (2027, 1)
        assert add_quarters(2025, 1, 0) == (2025, 1)


class TestStarterDueDates:
    """The first 2 quarters of affiliation get one extra quarter to pay (comptateam.be)."""

    @pytest.mark.parametrize(
        ("start", "expected"),
        [
            pytest.param(
                1,
                (
                    DueDate(2025, 1, date(2025, 6, 30), True),
                    DueDate(2025, 2, date(2025, 9, 30), True),
                    DueDate(2025, 3, date(2025, 9, 30), False),
                    DueDate(2025, 4, date(2025, 12, 31), False),
                ),
                id="start-q1",
            ),
            pytest.param(
                2,
                (
                    DueDate(2025, 2, date(2025, 9, 30), True),
                    DueDate(2025, 3, date(2025, 12, 31), True),
                    DueDate(2025, 4, date(2025, 12, 31), False),
                    DueDate(2026, 1, date(2026, 3, 31), False),
                ),
                id="start-q2",
            ),
            pytest.param(
                4,
                (
                    DueDate(2025, 4, date(2026, 3, 31), True),
                    DueDate(2026, 1, date(2026, 6, 30), True),
                    DueDate(2026, 2, date(2026, 6, 30), False),
                    DueDate(2026, 3, date(2026, 9, 30), False),
                ),
                id="start-q4-crosses-year",
            ),
        ],
    )
    def test_due_dates(self, start: int, expected: tuple[DueDate, ...]) -> None:
        assert starter_due_dates(load_year(2025), start) == expected

    def test_count(self) -> None:
        assert len(starter_due_dates(load_year(2025), 3, count=6)) == 6

    def test_invalid_start(self) -> None:
        with pytest.raises(InvalidQuarter):
            starter_due_dates(load_year(2025), 5)
