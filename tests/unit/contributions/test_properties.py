"""Properties of the contribution rules over all categories, years and incomes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.contributions.rules.categories import Category
from app.contributions.rules.errors import InvalidFeeRate
from app.contributions.rules.explanation import ALL_CODES
from app.contributions.rules.parameters import load_year
from app.contributions.rules.simulation import simulate
from app.kit.money import cents

pytestmark = pytest.mark.unit

YEARS = st.sampled_from((2024, 2025, 2026))
CATEGORIES = st.sampled_from(tuple(Category))
# Incomes built from whole cents: exact decimals, no float anywhere. Up to 250 000 €.
INCOMES = st.integers(min_value=0, max_value=25_000_000).map(lambda c: Decimal(c).scaleb(-2))
# Fee rates in basis points of a percent: 3.05 % … 4.25 %.
FEE_RATES = st.integers(min_value=305, max_value=425).map(lambda r: Decimal(r).scaleb(-4))

MINIMUM_QUARTERLY = {
    Category.MAIN: "minimum_quarterly_main",
    Category.STARTER: "minimum_quarterly_starter",
    Category.HELPER: "minimum_quarterly_helper",
}


@settings(max_examples=300)
@given(year=YEARS, category=CATEGORIES, income=INCOMES)
def test_never_negative_and_codes_known(year: int, category: Category, income: Decimal) -> None:
    result = simulate(year, category, income=income)
    assert result.quarterly_contribution >= 0
    assert result.quarterly_management_fee >= 0
    assert result.quarterly_total == result.quarterly_contribution + result.quarterly_management_fee
    assert all(line.code in ALL_CODES for line in result.explanation)


@settings(max_examples=300)
@given(year=YEARS, category=CATEGORIES, a=INCOMES, b=INCOMES)
def test_non_decreasing_in_income(year: int, category: Category, a: Decimal, b: Decimal) -> None:
    low, high = min(a, b), max(a, b)
    assert (
        simulate(year, category, income=low).quarterly_contribution
        <= simulate(year, category, income=high).quarterly_contribution
    )


@settings(max_examples=300)
@given(year=YEARS, category=CATEGORIES, income=INCOMES)
def test_minimum_and_cap(year: int, category: Category, income: Decimal) -> None:
    p = load_year(year)
    quarterly = simulate(year, category, income=income).quarterly_contribution
    assert quarterly <= p.maximum_quarterly
    if category in MINIMUM_QUARTERLY:
        assert quarterly >= getattr(p, MINIMUM_QUARTERLY[category])
    if income >= p.band2_ceiling and category is not Category.PENSIONER:
        assert quarterly == p.maximum_quarterly


@given(year=YEARS, category=CATEGORIES, extra=INCOMES)
def test_income_above_band2_adds_nothing(year: int, category: Category, extra: Decimal) -> None:
    ceiling = load_year(year).band2_ceiling
    at_ceiling = simulate(year, category, income=ceiling)
    above = simulate(year, category, income=ceiling + extra)
    assert above.quarterly_contribution == at_ceiling.quarterly_contribution


@given(year=YEARS, category=CATEGORIES, income=INCOMES)
def test_quarters_sum_to_four_quarterly(year: int, category: Category, income: Decimal) -> None:
    result = simulate(year, category, income=income)
    assert len(result.quarters) == 4
    assert [q.quarter for q in result.quarters] == [1, 2, 3, 4]
    assert sum(q.amount for q in result.quarters) == 4 * result.quarterly_total
    assert result.annual_contribution == 4 * result.quarterly_contribution


@given(year=YEARS, category=CATEGORIES, income=INCOMES, rate=FEE_RATES)
def test_fee_within_legal_range(
    year: int, category: Category, income: Decimal, rate: Decimal
) -> None:
    p = load_year(year)
    result = simulate(year, category, income=income, fee_rate=rate)
    net = result.quarterly_contribution
    half_cent = Decimal("0.005")
    assert net * p.management_fee_minimum - half_cent <= result.quarterly_management_fee
    assert result.quarterly_management_fee <= net * p.management_fee_maximum + half_cent
    assert abs(result.quarterly_management_fee - net * rate) <= half_cent


@given(year=YEARS, income=INCOMES)
def test_default_fee_is_the_funds_rate(year: int, income: Decimal) -> None:
    result = simulate(year, "main", income=income)
    assert result.management_fee_rate == load_year(year).management_fee_rate


@pytest.mark.parametrize("rate", ["0.0304", "0.0426", "0", "0.5"])
def test_fee_outside_legal_range_is_refused(rate: str) -> None:
    with pytest.raises(InvalidFeeRate) as info:
        simulate(2025, "main", income=Decimal("20000"), fee_rate=Decimal(rate))
    assert info.value.field == "fee_rate"


@given(category=CATEGORIES, reference=INCOMES)
def test_reference_income_is_revalued(category: Category, reference: Decimal) -> None:
    coefficient = load_year(2026).revaluation_coefficient
    assert coefficient is not None
    from_reference = simulate(2026, category, reference_income=reference)
    # The revalued income is rounded to the cent (bofisc.be: 40 000,00 → 47 471,30).
    from_estimate = simulate(2026, category, income=cents(reference * coefficient))
    assert from_reference.quarterly_total == from_estimate.quarterly_total
