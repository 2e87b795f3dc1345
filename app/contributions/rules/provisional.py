"""Provisional contributions of year N (AR 38 art. 11).

Established members pay on their N-3 income revalued with the year's coefficient; starters
(and anyone asking for an adjustment) pay on an estimated income. A year not fully covered
by the activity is annualised (start in Q2 → income × 4/3).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from app.contributions.rules import explanation as ex
from app.contributions.rules.categories import AnnualContribution, Category, annual_contribution
from app.contributions.rules.errors import InvalidIncome, InvalidQuarter, UnknownCoefficient
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.money import as_amount
from app.contributions.rules.parameters import YearParameters
from app.kit.money import cents


@dataclass(frozen=True)
class ProvisionalIncome:
    """The income the provisional contribution is computed on, and how it was obtained."""

    income: Decimal
    explanation: Explanation
    parameters_used: tuple[str, ...] = ()


def income_from_estimate(income: Decimal) -> ProvisionalIncome:
    income = as_amount(income, field="income", income=True)
    return ProvisionalIncome(income, (Line(ex.INCOME_ESTIMATE, amount=income),))


def income_from_reference(params: YearParameters, reference_income: Decimal) -> ProvisionalIncome:
    """N-3 income × revaluation coefficient, rounded half-up to the cent.

    The funds round the revalued income (bofisc.be 05/02/2024: 40 000,00 × 1,18678260 =
    47 471,30); the contribution is then computed on that income as on any other.
    """
    reference_income = as_amount(reference_income, field="reference_income", income=True)
    coefficient = params.revaluation_coefficient
    if coefficient is None:
        raise UnknownCoefficient(params.year)
    indexed = cents(reference_income * coefficient)
    lines = (
        Line(ex.INCOME_REFERENCE, base=reference_income, amount=reference_income),
        Line(ex.INCOME_INDEXED, base=reference_income, rate=coefficient, amount=indexed),
    )
    return ProvisionalIncome(indexed, lines, ("revaluation.coefficient",))


def provisional_income(
    params: YearParameters,
    *,
    income: Decimal | None = None,
    reference_income: Decimal | None = None,
) -> ProvisionalIncome:
    """Exactly one of `income` (an estimate) or `reference_income` (income N-3)."""
    if (income is None) == (reference_income is None):
        raise InvalidIncome(
            "give exactly one of income or reference_income", code="income.exactly_one"
        )
    if income is not None:
        return income_from_estimate(income)
    assert reference_income is not None
    return income_from_reference(params, reference_income)


def covered_quarters(start_quarter: int = 1, end_quarter: int = 4) -> int:
    for q in (start_quarter, end_quarter):
        if isinstance(q, bool) or not isinstance(q, int) or not 1 <= q <= 4:
            raise InvalidQuarter(q)
    if end_quarter < start_quarter:
        raise InvalidQuarter(end_quarter)
    return end_quarter - start_quarter + 1


def annualise(income: Decimal, *, start_quarter: int = 1, end_quarter: int = 4) -> Decimal:
    """Income of a partial year brought to a full year: × 4 / quarters covered.

    Rounded half-up to the cent because it becomes an income figure (4/3 does not terminate).
    A full year is returned unchanged.
    """
    income = as_amount(income, field="income", income=True)
    quarters = covered_quarters(start_quarter, end_quarter)
    if quarters == 4:
        return income
    return cents(income * 4 / quarters)


def annualised_income(
    income: Decimal, *, start_quarter: int = 1, end_quarter: int = 4
) -> ProvisionalIncome:
    annual = annualise(income, start_quarter=start_quarter, end_quarter=end_quarter)
    lines: Explanation = ()
    if covered_quarters(start_quarter, end_quarter) < 4:
        lines = (Line(ex.INCOME_ANNUALISED, base=income, amount=annual),)
    return ProvisionalIncome(annual, lines)


def provisional_contribution(
    params: YearParameters,
    category: Category | str,
    *,
    income: Decimal | None = None,
    reference_income: Decimal | None = None,
) -> AnnualContribution:
    """Provisional contribution from an estimate or from the revalued N-3 income."""
    basis = provisional_income(params, income=income, reference_income=reference_income)
    result = annual_contribution(params, category, basis.income)
    return replace(
        result,
        explanation=basis.explanation + result.explanation,
        parameters_used=basis.parameters_used + result.parameters_used,
    )
