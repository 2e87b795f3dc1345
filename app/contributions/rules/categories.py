"""Annual and quarterly contribution per social category (AR 38 arts. 12, 12bis, 13).

A = 20.50 % × min(R, T1) + 14.16 % × max(0, min(R, T2) − T1), computed on the exact income;
only the quarterly amount A / 4 is rounded (half-up, to the cent), as the funds publish it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.affiliation.rules import Category
from app.contributions.rules import explanation as ex
from app.contributions.rules.errors import UnknownCategory
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.money import ZERO, as_amount
from app.contributions.rules.parameters import YearParameters
from app.kit.money import cents

__all__ = [
    "AnnualContribution",
    "Category",
    "annual_contribution",
    "parse_category",
    "quarterly_from_annual",
]


def parse_category(value: Category | str) -> Category:
    if isinstance(value, Category):
        return value
    try:
        return Category(value)
    except ValueError:
        raise UnknownCategory(value) from None


@dataclass(frozen=True)
class AnnualContribution:
    """Contribution of one year for one category, before management fees.

    income: the income given to the rule (after indexation/annualisation, exact).
    income_basis: the income the formula ran on (after a legal minimum, exact).
    annual: exact annual amount; quarterly: annual / 4 rounded to the cent.
    parameters_used: dotted names of every parameter consulted (for status flags).
    """

    year: int
    category: Category
    income: Decimal
    income_basis: Decimal
    annual: Decimal
    quarterly: Decimal
    explanation: Explanation
    parameters_used: tuple[str, ...]


def quarterly_from_annual(annual: Decimal) -> Decimal:
    # Rounding happens once, on the quarter: the published amounts reproduce only this way.
    return cents(annual / 4)


# Which minimum income applies to which category (None: no minimum).
_MINIMUM = {
    Category.MAIN: ("minimum_income_main", "minimum_income.main"),
    Category.STARTER: ("minimum_income_starter", "minimum_income.starter"),
    Category.HELPER: ("minimum_income_helper", "minimum_income.helper"),
}


class _Computation:
    """Collects lines and consulted parameters while a rule runs."""

    def __init__(self, params: YearParameters) -> None:
        self.params = params
        self.lines: list[Line] = []
        self.used: list[str] = []

    def use(self, *names: str) -> None:
        for name in names:
            if name not in self.used:
                self.used.append(name)

    def bands(self, income: Decimal, *, pensioner: bool = False) -> Decimal:
        p = self.params
        if pensioner:
            rate1, rate2 = p.law.rate_pensioner_band1, p.law.rate_pensioner_band2
            code1, code2 = ex.PENSIONER_BAND1, ex.PENSIONER_BAND2
            self.use("law.rates.pensioner_band1", "law.rates.pensioner_band2")
        else:
            rate1, rate2 = p.law.rate_band1, p.law.rate_band2
            code1, code2 = ex.BAND1, ex.BAND2
            self.use("law.rates.band1", "law.rates.band2")
        t1, t2 = p.band1_ceiling, p.band2_ceiling
        self.use("bands.band1_ceiling", "bands.band2_ceiling")
        if income > t2:
            # Income above the band-2 ceiling carries no contribution.
            self.lines.append(Line(ex.CAP_BAND2, base=income, amount=t2))
        part1 = min(income, t1)
        part2 = max(ZERO, min(income, t2) - t1)
        amount1 = part1 * rate1
        amount2 = part2 * rate2
        self.lines.append(Line(code1, base=part1, rate=rate1, amount=amount1))
        if part2 > 0:
            self.lines.append(Line(code2, base=part2, rate=rate2, amount=amount2))
        return amount1 + amount2

    def with_minimum(self, category: Category, income: Decimal) -> Decimal:
        field_name, leaf_name = _MINIMUM[category]
        minimum: Decimal = getattr(self.params, field_name)
        self.use(leaf_name)
        if income < minimum:
            self.lines.append(Line(ex.INCOME_MINIMUM_APPLIED, base=income, amount=minimum))
            return minimum
        return income


def annual_contribution(
    params: YearParameters, category: Category | str, income: Decimal
) -> AnnualContribution:
    """Contribution for `income` (annual net taxable professional income) in `category`."""
    category = parse_category(category)
    income = as_amount(income, field="income", income=True)
    c = _Computation(params)
    basis = income
    annual: Decimal

    if category in _MINIMUM:
        basis = c.with_minimum(category, income)
        annual = c.bands(basis)
    elif category is Category.SECONDARY:
        c.use("thresholds.secondary")
        if income < params.secondary_threshold:
            c.lines.append(
                Line(ex.SECONDARY_BELOW_THRESHOLD, base=income, amount=params.secondary_threshold)
            )
            annual = ZERO
        else:
            annual = c.bands(income)  # full formula, no minimum
    elif category is Category.STUDENT:
        c.use("thresholds.student_exemption", "thresholds.student_full_regime")
        exemption = params.student_exemption_threshold
        full = params.student_full_regime_threshold
        if income < exemption:
            c.lines.append(Line(ex.STUDENT_EXEMPT, base=income, amount=exemption))
            annual = ZERO
        elif income < full:
            # AR 38 art. 12bis: 20.50 % only on the part above the exemption threshold.
            c.use("law.rates.band1")
            rate = params.law.rate_band1
            annual = (income - exemption) * rate
            c.lines.append(
                Line(ex.STUDENT_REDUCED, base=income - exemption, rate=rate, amount=annual)
            )
        else:
            c.lines.append(Line(ex.STUDENT_FULL_REGIME, base=income, amount=full))
            basis = c.with_minimum(Category.MAIN, income)
            annual = c.bands(basis)
    elif category is Category.PENSIONER:
        c.use("thresholds.pensioner")
        if income < params.pensioner_threshold:
            c.lines.append(
                Line(ex.PENSIONER_EXEMPT, base=income, amount=params.pensioner_threshold)
            )
            annual = ZERO
        else:
            annual = c.bands(income, pensioner=True)
    else:  # pragma: no cover - parse_category guarantees one of the above
        raise UnknownCategory(category)

    quarterly = quarterly_from_annual(annual)
    c.lines.append(Line(ex.ANNUAL, amount=annual))
    c.lines.append(Line(ex.QUARTERLY, base=annual, amount=quarterly))
    return AnnualContribution(
        year=params.year,
        category=category,
        income=income,
        income_basis=basis,
        annual=annual,
        quarterly=quarterly,
        explanation=tuple(c.lines),
        parameters_used=tuple(c.used),
    )
