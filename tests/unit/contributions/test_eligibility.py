"""The law's eligibility and date rules (app/contributions/rules/eligibility.py), table-driven.

Every expected value is a literal worked out by hand from the parameter files
(app/contributions/parameters/<year>.toml); the comment of each row says how.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.eligibility import (
    ExemptQuarters,
    add_months,
    birth_exempt_quarters,
    birth_leave_deadline,
    bridging_application_deadline,
    caregiver_exemption,
    exemption_allowed,
    exemption_deadline,
    quarter_deadline,
    unlimited_work_after_pension,
)
from app.contributions.rules.parameters import load_year

pytestmark = pytest.mark.unit

D = Decimal


# ------------------------------------------------------------------------- calendar


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2026, 10, 31), 4, date(2027, 2, 28), id="31-oct-to-end-feb"),
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="leap-february"),
        pytest.param(date(2025, 12, 15), 1, date(2026, 1, 15), id="across-the-year"),
        pytest.param(date(2026, 6, 1), -12, date(2025, 6, 1), id="a-year-back"),
        pytest.param(date(2026, 3, 31), -1, date(2026, 2, 28), id="back-to-a-shorter-month"),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "quarters_after", "expected"),
    [
        pytest.param(date(2026, 3, 16), 0, date(2026, 3, 31), id="same-quarter"),
        pytest.param(date(2025, 12, 31), 1, date(2026, 3, 31), id="next-year"),
        pytest.param(date(2025, 6, 10), 2, date(2025, 12, 31), id="q2-plus-2"),
        pytest.param(date(2020, 11, 5), 4, date(2021, 12, 31), id="q4-plus-4"),
    ],
)
def test_quarter_deadline(day: date, quarters_after: int, expected: date) -> None:
    assert quarter_deadline(day, quarters_after) == expected


# -------------------------------------------------------------------- bridging right


@pytest.mark.parametrize(
    ("cessation", "deadline"),
    [
        # bridging_application_quarters = 2: end of the 2nd quarter after the cessation's.
        pytest.param(date(2025, 6, 10), date(2025, 12, 31), id="q2-to-q4"),
        pytest.param(date(2025, 10, 15), date(2026, 6, 30), id="q4-to-next-q2"),
        pytest.param(date(2025, 1, 1), date(2025, 9, 30), id="q1-to-q3"),
    ],
)
def test_bridging_application_deadline(cessation: date, deadline: date) -> None:
    assert bridging_application_deadline(load_year(2025), cessation) == deadline


# ------------------------------------------------------------------------ pension


@pytest.mark.parametrize(
    ("career", "unlimited"),
    # pension_unlimited_career_years = 45 (2026.toml).
    [pytest.param(44, False, id="44y"), pytest.param(45, True, id="45y"),
     pytest.param(46, True, id="46y")],
)  # fmt: skip
def test_unlimited_work_after_pension(career: int, unlimited: bool) -> None:
    assert unlimited_work_after_pension(load_year(2026), career) is unlimited


# -------------------------------------------------------------------------- birth


@pytest.mark.parametrize(
    ("year", "birth", "expected"),
    [
        # 2025.toml birth_exempt_quarters = 1: the quarter after the birth quarter.
        pytest.param(2025, date(2025, 5, 10), ExemptQuarters(1, (2025, 3), (2025, 3)), id="2025"),
        pytest.param(
            2025, date(2025, 12, 31), ExemptQuarters(1, (2026, 1), (2026, 1)), id="2025-dec"
        ),
        # 2026.toml birth_exempt_quarters = 2: the two quarters after the birth quarter.
        pytest.param(2026, date(2026, 5, 10), ExemptQuarters(2, (2026, 3), (2026, 4)), id="2026"),
        pytest.param(
            2026, date(2026, 11, 20), ExemptQuarters(2, (2027, 1), (2027, 2)), id="2026-nov"
        ),
    ],
)
def test_birth_exempt_quarters(year: int, birth: date, expected: ExemptQuarters) -> None:
    assert birth_exempt_quarters(load_year(year), birth) == expected


@pytest.mark.parametrize(
    ("birth", "deadline"),
    [
        # birth_leave_window_months = 4 (2026.toml).
        pytest.param(date(2026, 5, 10), date(2026, 9, 10), id="may"),
        pytest.param(date(2026, 10, 31), date(2027, 2, 28), id="end-of-october"),
    ],
)
def test_birth_leave_deadline(birth: date, deadline: date) -> None:
    assert birth_leave_deadline(load_year(2026), birth) == deadline


# ------------------------------------------------------------------------ illness


@pytest.mark.parametrize(
    ("full", "months", "exempt"),
    [
        # caregiver_exempt_after_months = 3 (2025.toml), full interruption only.
        pytest.param(True, 2, False, id="full-2m"),
        pytest.param(True, 3, True, id="full-3m"),
        pytest.param(True, 6, True, id="full-6m"),
        pytest.param(False, 6, False, id="partial-6m"),
    ],
)
def test_caregiver_exemption(full: bool, months: int, exempt: bool) -> None:
    assert caregiver_exemption(load_year(2025), full, months) is exempt


# ------------------------------------------------------------------ contributions


@pytest.mark.parametrize(
    ("activity", "four_quarters", "stopping", "allowed"),
    [
        pytest.param("main", True, False, True, id="main-after-4-quarters"),
        pytest.param("main", False, False, False, id="main-too-early"),
        pytest.param("main", False, True, True, id="main-too-early-but-stopping"),
        pytest.param("helper", True, False, True, id="helper"),
        pytest.param("secondary", True, True, False, id="secondary-never"),
    ],
)
def test_exemption_allowed(
    activity: str, four_quarters: bool, stopping: bool, allowed: bool
) -> None:
    assert exemption_allowed(activity, four_quarters, stopping) is allowed


@pytest.mark.parametrize(
    ("day", "deadline"),
    [
        # exemption_window_quarters = 4: end of the same quarter a year later.
        pytest.param(date(2026, 3, 16), date(2027, 3, 31), id="q1-2026"),
        pytest.param(date(2020, 11, 5), date(2021, 12, 31), id="q4-2020"),
    ],
)
def test_exemption_deadline(day: date, deadline: date) -> None:
    assert exemption_deadline(load_year(2026), day) == deadline
