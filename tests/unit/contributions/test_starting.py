"""Starting out: default amounts (AR 38 art. 13bis), the first-quarter reduction (art. 12
§1bis) and the first year's calendar with the catch-up quarter.

Literals: facts §1.2 (published quarterly amounts), facts §8 point 5 (pensioner 2025
138,31 €), and hand computations written next to each case. Fund fee 3.05 % every year.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.parameters import load_year
from app.contributions.rules.simulation import simulate
from app.contributions.rules.starting import (
    default_starting_quarterly,
    first_quarter_reduction_applies,
    reduced_first_quarter,
    starter_calendar,
)

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("year", "category", "quarterly"),
    [
        pytest.param(2025, "main", "871.71", id="2025-main-eloya"),
        pytest.param(2025, "starter", "450.15", id="2025-primo-xerius"),
        pytest.param(2025, "helper", "382.94", id="2025-helper-billy"),
        pytest.param(2025, "secondary", "96.44", id="2025-secondary"),  # 1881.76 × 20.5 % / 4
        pytest.param(2025, "student", "96.44", id="2025-student-ucm"),  # 100.35 incl. 4.05 %
        pytest.param(2025, "pensioner", "138.31", id="2025-pensioner-facts-8-5"),
        pytest.param(2024, "main", "864.15", id="2024-main-liantis"),
        pytest.param(2024, "secondary", "95.60", id="2024-secondary-liantis"),
        # 3730.89 × 14.70 % / 4 = 137.110 → 137.11 (derived).
        pytest.param(2024, "pensioner", "137.11", id="2024-pensioner-derived"),
        pytest.param(2026, "main", "890.42", id="2026-main-tamtam"),
        # 3844.32 × 14.70 % / 4 = 141.279 → 141.28 (derived).
        pytest.param(2026, "pensioner", "141.28", id="2026-pensioner-derived"),
    ],
)
def test_default_starting_amounts(year: int, category: str, quarterly: str) -> None:
    assert default_starting_quarterly(load_year(year), category).quarterly == Decimal(quarterly)


def test_simulation_without_estimate_uses_the_default() -> None:
    # Pensioner 2025 starting in Q3 without estimate: 138.31 + 3.05 % (4.218 → 4.22) = 142.53.
    result = simulate(2025, "pensioner", start_quarter=3)
    assert result.quarterly_contribution == Decimal("138.31")
    assert result.quarterly_total == Decimal("142.53")
    assert result.explanation[0].code == "starter.default"
    assert [(q.quarter, q.due_date, q.extended) for q in result.calendar] == [
        (3, date(2025, 12, 31), True),
        (4, date(2026, 3, 31), True),
    ]


@pytest.mark.parametrize(
    ("category", "requested", "applies"),
    [
        ("main", True, True),
        ("starter", True, True),
        ("main", False, False),
        ("secondary", True, False),
        ("helper", True, False),
        ("student", True, False),
        ("pensioner", True, False),
    ],
)
def test_reduction_needs_a_request_and_a_main_activity(
    category: str, requested: bool, applies: bool
) -> None:
    assert first_quarter_reduction_applies(category, requested=requested) is applies


def test_reduced_first_quarter() -> None:
    # 2025: 25.01 × 4.63943928 = 116.03 (derived, U); 450.15 − 116.03 = 334.12.
    assert reduced_first_quarter(load_year(2025), Decimal("450.15")) == Decimal("334.12")
    assert reduced_first_quarter(load_year(2025), Decimal("50.00")) == Decimal("0.00")


def test_simulation_with_the_reduction_flags_it_unconfirmed() -> None:
    # Primo-starter 2025 at the minimum, start in Q2, reduction asked:
    # Q2: 334.12 + 3.05 % (10.191 → 10.19) = 344.31; Q3, Q4: 450.15 + 13.73 = 463.88 (xerius).
    result = simulate(
        2025, "starter", income=Decimal("0"), start_quarter=2, first_quarter_reduction=True
    )
    assert result.first_quarter_reduction == Decimal("116.03")
    assert [(q.quarter, q.due_date, q.extended, q.amount) for q in result.calendar] == [
        (2, date(2025, 9, 30), True, Decimal("344.31")),
        (3, date(2025, 12, 31), True, Decimal("463.88")),
        (4, date(2025, 12, 31), False, Decimal("463.88")),
    ]
    assert "starter.first_quarter_reduction" in result.unconfirmed
    # Not asked: no reduction, nothing flagged.
    plain = simulate(2025, "starter", income=Decimal("0"), start_quarter=2)
    assert plain.first_quarter_reduction is None
    assert plain.calendar[0].amount == Decimal("463.88")
    assert "starter.first_quarter_reduction" not in plain.unconfirmed


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # The first two quarters are paid one quarter later (comptateam.be).
        (1, [(1, date(2025, 6, 30), True), (2, date(2025, 9, 30), True),
             (3, date(2025, 9, 30), False), (4, date(2025, 12, 31), False)]),
        (3, [(3, date(2025, 12, 31), True), (4, date(2026, 3, 31), True)]),
        (4, [(4, date(2026, 3, 31), True)]),
    ],
)  # fmt: skip
def test_starter_calendar(start: int, expected: list[tuple[int, date, bool]]) -> None:
    rows = starter_calendar(load_year(2025), start, Decimal("463.88"))
    assert [(r.quarter, r.due_date, r.extended) for r in rows] == expected
    assert all(r.year == 2025 and r.amount == Decimal("463.88") for r in rows)
