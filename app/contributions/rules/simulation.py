"""The single entry point of the simulator page and the JSON API.

simulate(2025, "main", income=Decimal("25000")) gives the net quarterly contribution, the
fund's management fee, the total per quarter with its due dates, an explanation made of codes,
and the names of the unconfirmed (U) or derived (D) figures the result depends on.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.contributions.rules import explanation as ex
from app.contributions.rules.categories import Category, parse_category
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.fees import checked_fee_rate, management_fee
from app.contributions.rules.parameters import load_year
from app.contributions.rules.pensioner import Pension, pensioner_regime
from app.contributions.rules.provisional import provisional_contribution
from app.contributions.rules.quarters import Quarter, quarters
from app.contributions.rules.starting import (
    REDUCTION_LEAF,
    StarterQuarter,
    default_starting_quarterly,
    first_quarter_reduction_applies,
    reduced_first_quarter,
    starter_calendar,
)
from app.kit.money import cents

# The income a default starting amount (AR 38 art. 13bis) corresponds to, shown as the
# "income taken into account".
_DEFAULT_BASIS = {
    Category.MAIN: "minimum_income.main",
    Category.STARTER: "minimum_income.starter",
    Category.HELPER: "minimum_income.helper",
    Category.SECONDARY: "thresholds.secondary",
    Category.STUDENT: "thresholds.secondary",
    Category.PENSIONER: "thresholds.pensioner",
}

FLAGGED_STATUSES = frozenset({"U", "D"})


@dataclass(frozen=True)
class Simulation:
    """Result of a simulation. All amounts are Decimal euros rounded to the cent.

    income_basis: income the formula ran on (after revaluation and legal minimum).
    annual_contribution: net contribution of the year = 4 × quarterly_contribution.
    quarterly_contribution: net per quarter, before management fees.
    quarters: the four quarters, each with amount = quarterly_total.
    unconfirmed: dotted parameter names with status U or D used by the computation.
    """

    year: int
    category: Category
    income_basis: Decimal
    annual_contribution: Decimal
    quarterly_contribution: Decimal
    management_fee_rate: Decimal
    quarterly_management_fee: Decimal
    quarterly_total: Decimal
    quarters: tuple[Quarter, ...]
    explanation: Explanation
    unconfirmed: tuple[str, ...]
    # A starter's first year (start_quarter given): the quarters from the start on, with the
    # due dates of the catch-up rule and, when asked, the reduced first quarter (totals, fee
    # included). Empty otherwise: `quarters` is the four-quarter table.
    calendar: tuple[StarterQuarter, ...] = ()
    first_quarter_reduction: Decimal | None = None  # net reduction applied to the 1st quarter


def simulate(
    year: int,
    category: Category | str,
    *,
    income: Decimal | None = None,
    reference_income: Decimal | None = None,
    fee_rate: Decimal | None = None,
    start_quarter: int | None = None,
    first_quarter_reduction: bool = False,
    pension: Pension | str | None = None,
    legal_age_reached: bool = False,
) -> Simulation:
    """Provisional contribution of `year` for `category`.

    Exactly one of `income` (estimated annual income of the year) or `reference_income`
    (income of N-3, revalued with the year's coefficient). `fee_rate` defaults to the fund's
    rate for the year and must lie within the legal range.
    start_quarter: the quarter of `year` the activity starts in (a starter): the result gives
    the calendar of the first year; without any income the default starting amount of the
    category applies (AR 38 art. 13bis). first_quarter_reduction: asked for (AR 38 art. 12
    §1bis), applied when the first quarter is one of main activity.
    pension / legal_age_reached (category pensioner): a survivor's pension before the legal
    age, or the legal age without a pension, pays as a main activity (AR 38 art. 13).
    Raises UnknownYear, UnknownCategory, InvalidIncome, UnknownCoefficient, InvalidFeeRate.
    """
    params = load_year(year)
    category = parse_category(category)
    regime_lines: list[Line] = []
    if category is Category.PENSIONER and pension is not None:
        regime = pensioner_regime(pension, legal_age_reached=legal_age_reached)
        if regime is not Category.PENSIONER:
            regime_lines.append(Line(ex.PENSIONER_MAIN_REGIME))
            category = Category.MAIN
    if start_quarter is not None and income is None and reference_income is None:
        default = default_starting_quarterly(params, category)
        basis_name = _DEFAULT_BASIS[category]
        quarterly = default.quarterly
        income_basis = params.require_amount(basis_name)
        lines: list[Line] = [*regime_lines, Line(ex.STARTER_DEFAULT, amount=quarterly)]
        used = [default.parameter, basis_name]
    else:
        result = provisional_contribution(
            params, category, income=income, reference_income=reference_income
        )
        quarterly, income_basis = result.quarterly, result.income_basis
        lines = [*regime_lines, *result.explanation]
        used = list(result.parameters_used)
    if fee_rate is None:
        used.append("fees.management_rate")
    else:
        used.extend(("fees.legal_minimum", "fees.legal_maximum"))
    rate = checked_fee_rate(params, fee_rate)

    fee = management_fee(quarterly, rate)
    total = quarterly + fee
    explanation = (
        *lines,
        Line(ex.FEE, base=quarterly, rate=rate, amount=fee),
        Line(ex.TOTAL, amount=total),
    )
    calendar: tuple[StarterQuarter, ...] = ()
    reduction: Decimal | None = None
    if start_quarter is not None:
        first_total: Decimal | None = None
        if first_quarter_reduction_applies(category, requested=first_quarter_reduction):
            first_net = reduced_first_quarter(params, quarterly)
            reduction = quarterly - first_net
            first_total = first_net + management_fee(first_net, rate)
            used.append(REDUCTION_LEAF)
            explanation = (
                *explanation,
                Line(ex.STARTER_FIRST_QUARTER_REDUCTION, base=quarterly, amount=reduction),
            )
        calendar = starter_calendar(params, start_quarter, total, first_quarter=first_total)
    return Simulation(
        year=params.year,
        category=category,
        income_basis=cents(income_basis),
        annual_contribution=quarterly * 4,
        quarterly_contribution=quarterly,
        management_fee_rate=rate,
        quarterly_management_fee=fee,
        quarterly_total=total,
        quarters=quarters(params, total),
        explanation=explanation,
        unconfirmed=tuple(name for name in used if params.status(name) in FLAGGED_STATUSES),
        calendar=calendar,
        first_quarter_reduction=reduction,
    )
