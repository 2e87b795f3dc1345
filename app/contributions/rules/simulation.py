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
from app.contributions.rules.provisional import provisional_contribution
from app.contributions.rules.quarters import Quarter, quarters
from app.kit.money import cents

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


def simulate(
    year: int,
    category: Category | str,
    *,
    income: Decimal | None = None,
    reference_income: Decimal | None = None,
    fee_rate: Decimal | None = None,
) -> Simulation:
    """Provisional contribution of `year` for `category`.

    Exactly one of `income` (estimated annual income of the year) or `reference_income`
    (income of N-3, revalued with the year's coefficient). `fee_rate` defaults to the fund's
    rate for the year and must lie within the legal range.
    Raises UnknownYear, UnknownCategory, InvalidIncome, UnknownCoefficient, InvalidFeeRate.
    """
    params = load_year(year)
    category = parse_category(category)
    result = provisional_contribution(
        params, category, income=income, reference_income=reference_income
    )
    used = list(result.parameters_used)
    if fee_rate is None:
        used.append("fees.management_rate")
    else:
        used.extend(("fees.legal_minimum", "fees.legal_maximum"))
    rate = checked_fee_rate(params, fee_rate)

    fee = management_fee(result.quarterly, rate)
    total = result.quarterly + fee
    explanation = (
        *result.explanation,
        Line(ex.FEE, base=result.quarterly, rate=rate, amount=fee),
        Line(ex.TOTAL, amount=total),
    )
    return Simulation(
        year=params.year,
        category=category,
        income_basis=cents(result.income_basis),
        annual_contribution=result.quarterly * 4,
        quarterly_contribution=result.quarterly,
        management_fee_rate=rate,
        quarterly_management_fee=fee,
        quarterly_total=total,
        quarters=quarters(params, total),
        explanation=explanation,
        unconfirmed=tuple(name for name in used if params.status(name) in FLAGGED_STATUSES),
    )
