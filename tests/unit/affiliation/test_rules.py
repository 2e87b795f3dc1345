"""A person's status: the category contributions are computed in, and sound records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.affiliation.rules import (
    Category,
    LegalForm,
    StatusRecord,
    active_on,
    company_errors,
    company_year_errors,
    contribution_category,
    income_error,
    status_errors,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("record", "today", "expected"),
    [
        # Started 1 April 2026: quarters 2/2026 to 1/2027 are the four primo-starter quarters.
        (StatusRecord(Category.MAIN, date(2026, 4, 1), None, True), date(2026, 4, 1), "starter"),
        (StatusRecord(Category.MAIN, date(2026, 4, 1), None, True), date(2027, 3, 31), "starter"),
        (StatusRecord(Category.MAIN, date(2026, 4, 1), None, True), date(2027, 4, 1), "main"),
        # Started mid-quarter: that quarter counts as the first.
        (StatusRecord(Category.MAIN, date(2026, 5, 15), None, True), date(2027, 3, 1), "starter"),
        (StatusRecord(Category.MAIN, date(2026, 5, 15), None, True), date(2027, 4, 1), "main"),
        # Not a first main activity, or not a main activity: the category as recorded.
        (StatusRecord(Category.MAIN, date(2026, 4, 1), None, False), date(2026, 4, 2), "main"),
        (
            StatusRecord(Category.SECONDARY, date(2026, 4, 1), None, True),
            date(2026, 4, 2),
            "secondary",
        ),
    ],
    ids=["first-day", "fourth-quarter", "fifth-quarter", "mid-quarter", "mid-quarter-after",
         "not-first", "secondary"],
)  # fmt: skip
def test_contribution_category(record: StatusRecord, today: date, expected: str) -> None:
    assert contribution_category(record, today).value == expected


def test_a_status_cannot_end_before_it_starts() -> None:
    record = StatusRecord(Category.MAIN, date(2026, 4, 1), date(2026, 3, 31))
    assert status_errors(record) == {"ends_on": "ends_before_start"}
    assert status_errors(StatusRecord(Category.MAIN, date(2026, 4, 1), date(2026, 4, 1))) == {}


@pytest.mark.parametrize(
    ("income", "code"),
    [("0", None), ("25000.50", None), ("-1", "negative"), ("1000000000.01", "too_large")],
    ids=["zero", "usual", "negative", "absurd"],
)
def test_declared_income_bounds(income: str, code: str | None) -> None:
    assert income_error(Decimal(income)) == code


def test_active_between_start_and_end() -> None:
    record = StatusRecord(Category.MAIN, date(2026, 4, 1), date(2026, 12, 31))
    assert [
        active_on(record, d) for d in (date(2026, 3, 31), date(2026, 4, 1), date(2027, 1, 1))
    ] == [
        False,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("name", "incorporated", "errors"),
    [
        pytest.param("Claes SRL", date(2018, 4, 3), {}, id="sound"),
        pytest.param("Claes SRL", None, {}, id="date-unknown"),
        pytest.param("   ", None, {"name": "company_name"}, id="blank-name"),
        pytest.param("x" * 201, None, {"name": "too_long"}, id="long-name"),
        pytest.param("Claes SRL", date(2026, 12, 3), {"incorporated_on": "in_future"}, id="future"),
    ],
)
def test_company_errors(name: str, incorporated: date | None, errors: dict[str, str]) -> None:
    assert company_errors(name, incorporated, date(2026, 12, 2)) == errors


@pytest.mark.parametrize(
    ("year", "total", "errors"),
    [
        pytest.param(2025, "412000.00", {}, id="sound"),
        pytest.param(2025, "0", {}, id="zero"),
        pytest.param(1999, "1", {"year": "year"}, id="too-early"),
        pytest.param(2025, "-0.01", {"balance_sheet_total": "negative"}, id="negative"),
        pytest.param(2025, "1000000000000.01", {"balance_sheet_total": "too_large"}, id="absurd"),
    ],
)
def test_company_year_errors(year: int, total: str, errors: dict[str, str]) -> None:
    assert company_year_errors(year, Decimal(total)) == errors


def test_only_the_sa_is_public_limited() -> None:
    assert [f.value for f in LegalForm if f.public_limited] == ["sa"]
