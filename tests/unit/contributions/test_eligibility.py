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
    bridging_months,
    bridging_partial_ratio,
    caregiver_exemption,
    earliest_pension_application,
    exemption_allowed,
    exemption_deadline,
    forced_interruption,
    incapacity_declaration_deadline,
    legal_pension_date,
    quarter_deadline,
    sickness_assimilation_first_quarter,
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
    ("reason", "career", "months"),
    [
        # 2025.toml: economic pillar, < 2 years none (bridging_economic_min_years = 2), 2 to < 5
        # years 3 months, 5 to 15 years 6 months, > 15 years 12 months.
        pytest.param("economic", 1, 0, id="eco-1y"),
        pytest.param("economic", 2, 3, id="eco-2y"),
        pytest.param("economic", 3, 3, id="eco-3y"),
        pytest.param("economic", 5, 6, id="eco-5y"),
        pytest.param("economic", 10, 6, id="eco-10y"),
        pytest.param("economic", 15, 6, id="eco-15y"),
        pytest.param("economic", 16, 12, id="eco-16y"),
        pytest.param("economic", 20, 12, id="eco-20y"),
        # Other pillars: bridging_max_months = 12, 24 from bridging_long_career_years = 15.
        pytest.param("bankruptcy", 10, 12, id="bkr-10y"),
        pytest.param("bankruptcy", 14, 12, id="bkr-14y"),
        pytest.param("bankruptcy", 15, 24, id="bkr-15y"),
        pytest.param("debt_settlement", 3, 12, id="debt-3y"),
        pytest.param("forced_interruption", 0, 12, id="forced-0y"),
        pytest.param("forced_interruption", 30, 24, id="forced-30y"),
    ],
)
def test_bridging_months(reason: str, career: int, months: int) -> None:
    assert bridging_months(load_year(2025), reason, career) == months


@pytest.mark.parametrize(
    ("days", "ratio"),
    [
        # 2025.toml [benefits.bridging_partial]: 7 days 25 %, 14 days 50 %, 21 days 75 %,
        # 28 days 100 %; under 7 days nothing.
        pytest.param(0, D("0"), id="0d"),
        pytest.param(6, D("0"), id="6d"),
        pytest.param(7, D("0.25"), id="7d"),
        pytest.param(13, D("0.25"), id="13d"),
        pytest.param(14, D("0.50"), id="14d"),
        pytest.param(20, D("0.50"), id="20d"),
        pytest.param(21, D("0.75"), id="21d"),
        pytest.param(27, D("0.75"), id="27d"),
        pytest.param(28, D("1"), id="28d"),
        pytest.param(29, D("1"), id="29d"),
    ],
)
def test_bridging_partial_ratio(days: int, ratio: Decimal) -> None:
    assert bridging_partial_ratio(load_year(2025), days) == ratio


@pytest.mark.parametrize(
    ("days", "months", "monthly", "full", "partial", "partial_amount", "total"),
    [
        # 45 days = 1 month of 30 + 15 days (50 %): 1638.26 + 819.13 = 2457.39 (2025.toml
        # bridging_monthly 1638.26).
        pytest.param(45, 12, D("1638.26"), 1, D("0.50"), D("819.13"), D("2457.39"), id="45d"),
        # 10 days: 25 % of 1638.26 = 409.565, half-up 409.57.
        pytest.param(10, 3, D("1638.26"), 0, D("0.25"), D("409.57"), D("409.57"), id="10d"),
        # 27 days: 75 % of 1638.26 = 1228.695, half-up 1228.70.
        pytest.param(27, 3, D("1638.26"), 0, D("0.75"), D("1228.70"), D("1228.70"), id="27d"),
        # 5 days: under the 7-day tier, nothing.
        pytest.param(5, 12, D("1638.26"), 0, D("0"), D("0.00"), D("0.00"), id="5d"),
        # 60 days: 2 whole months, 0 days left: 2 × 1638.26 = 3276.52.
        pytest.param(60, 12, D("1638.26"), 2, D("0"), D("0.00"), D("3276.52"), id="60d"),
        # 400 days = 13 months + 10 days, capped at 12 months: 12 × 1638.26 = 19659.12, and
        # no partial month beyond the cap.
        pytest.param(400, 12, D("1638.26"), 12, D("0"), D("0.00"), D("19659.12"), id="capped"),
        # With a family charge (bridging_monthly_family 2047.18): 14 days = 50 % = 1023.59.
        pytest.param(14, 12, D("2047.18"), 0, D("0.50"), D("1023.59"), D("1023.59"), id="family"),
    ],
)  # fmt: skip
def test_forced_interruption(
    days: int,
    months: int,
    monthly: Decimal,
    full: int,
    partial: Decimal,
    partial_amount: Decimal,
    total: Decimal,
) -> None:
    split = forced_interruption(load_year(2025), days, months)
    assert (split.days, split.full_months, split.partial) == (days, full, partial)
    assert split.partial_amount(monthly) == partial_amount
    assert split.total(monthly) == total


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
    ("year", "birth", "age", "start"),
    [
        # 2026.toml pension_age = 66: 66th birthday 5/5/2026, first day of the next month.
        pytest.param(2026, date(1960, 5, 5), 66, date(2026, 6, 1), id="66"),
        # 66th birthday 31/12/2029 is before pension_age_next's effective_from 1/1/2030.
        pytest.param(2026, date(1963, 12, 31), 66, date(2030, 1, 1), id="66-just-before-2030"),
        # 66th birthday 1/1/2030 is on effective_from: 67 (pension_age_next), 1/1/2031 + 1 month.
        pytest.param(2026, date(1964, 1, 1), 67, date(2031, 2, 1), id="67-from-2030"),
        pytest.param(2026, date(1964, 3, 10), 67, date(2031, 4, 1), id="67-born-march-1964"),
        # 2024.toml pension_age = 65: 65th birthday 15/1/2024.
        pytest.param(2024, date(1959, 1, 15), 65, date(2024, 2, 1), id="65-in-2024"),
        # 2025.toml pension_age = 66: 66th birthday 1/1/2026.
        pytest.param(2025, date(1960, 1, 1), 66, date(2026, 2, 1), id="66-in-2025"),
    ],
)
def test_legal_pension_date(year: int, birth: date, age: int, start: date) -> None:
    assert legal_pension_date(load_year(year), birth) == (age, start)


@pytest.mark.parametrize(
    ("start", "earliest"),
    [
        # pension_application_months_before = 12 (2026.toml).
        pytest.param(date(2026, 6, 1), date(2025, 6, 1), id="june"),
        pytest.param(date(2030, 1, 1), date(2029, 1, 1), id="january"),
    ],
)
def test_earliest_pension_application(start: date, earliest: date) -> None:
    assert earliest_pension_application(load_year(2026), start) == earliest


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
    ("since", "deadline"),
    [
        # incapacity_declaration_days = 7 (2026.toml): 7 calendar days after the first day.
        pytest.param(date(2026, 2, 2), date(2026, 2, 9), id="february"),
        pytest.param(date(2026, 12, 28), date(2027, 1, 4), id="across-the-year"),
    ],
)
def test_incapacity_declaration_deadline(since: date, deadline: date) -> None:
    assert incapacity_declaration_deadline(load_year(2026), since) == deadline


@pytest.mark.parametrize(
    ("since", "quarter"),
    [
        pytest.param(date(2026, 2, 2), (2026, 1), id="q1"),
        pytest.param(date(2025, 11, 30), (2025, 4), id="q4"),
    ],
)
def test_sickness_assimilation_first_quarter(since: date, quarter: tuple[int, int]) -> None:
    assert sickness_assimilation_first_quarter(since) == quarter


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
