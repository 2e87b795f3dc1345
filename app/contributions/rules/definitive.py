"""Definitive contribution and regularisation (régularisation).

When SPF Finances sends the real income of year N, the fund recomputes the year on that
income *without indexation* (the revaluation coefficient only serves provisional amounts),
with the parameters of year N, and refunds the excess or claims a supplement. The supplement
is due by the last day of the quarter following the quarter of the revision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from app.contributions.rules import explanation as ex
from app.contributions.rules.categories import (
    AnnualContribution,
    Category,
    annual_contribution,
    parse_category,
)
from app.contributions.rules.errors import InvalidQuarter
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.money import ZERO, as_amount
from app.contributions.rules.parameters import YearParameters
from app.contributions.rules.provisional import annualised_income, covered_quarters
from app.contributions.rules.quarters import add_quarters, quarter_end, quarter_of


@dataclass(frozen=True)
class RegularisedQuarter:
    """difference = definitive − provisional: positive is due, negative is refunded."""

    quarter: int
    category: Category
    provisional: Decimal
    definitive: Decimal
    difference: Decimal


@dataclass(frozen=True)
class Regularisation:
    year: int
    real_income: Decimal
    income_basis: Decimal  # real income, annualised for a partial year (never indexed)
    quarters: tuple[RegularisedQuarter, ...]
    total_provisional: Decimal
    total_definitive: Decimal
    balance: Decimal  # total_definitive − total_provisional
    balance_due: Decimal  # supplement to pay (≥ 0)
    refund: Decimal  # excess to refund (≥ 0)
    supplement_due_date: date | None  # None when nothing is due
    explanation: Explanation
    parameters_used: tuple[str, ...]


def definitive_contribution(
    params: YearParameters,
    category: Category | str,
    real_income: Decimal,
    *,
    start_quarter: int = 1,
    end_quarter: int = 4,
) -> AnnualContribution:
    """Definitive contribution on the real income of the year (no revaluation coefficient)."""
    real_income = as_amount(real_income, field="income", income=True)
    basis = annualised_income(real_income, start_quarter=start_quarter, end_quarter=end_quarter)
    result = annual_contribution(params, category, basis.income)
    lines = (Line(ex.INCOME_REAL, amount=real_income), *basis.explanation)
    return replace(result, explanation=lines + result.explanation)


def supplement_due_date(revision_date: date) -> date:
    """Last day of the quarter following the quarter in which the revision was made."""
    year, quarter = add_quarters(revision_date.year, quarter_of(revision_date), 1)
    return quarter_end(year, quarter)


def regularise(
    params: YearParameters,
    category: Category | str | Mapping[int, Category | str],
    *,
    real_income: Decimal,
    provisional_paid: Mapping[int, Decimal],
    revision_date: date,
    start_quarter: int = 1,
    end_quarter: int = 4,
) -> Regularisation:
    """Compare the provisional contributions paid per quarter with the definitive ones.

    category: one category for the whole year, or one per quarter (e.g. primo-starter
    quarters followed by main-activity quarters).
    provisional_paid: provisional net contribution paid per quarter (1–4); a quarter left out
    was not paid. Only quarters from start_quarter to end_quarter are subject.
    """
    real = as_amount(real_income, field="income", income=True)
    n_quarters = covered_quarters(start_quarter, end_quarter)
    subject = tuple(range(start_quarter, start_quarter + n_quarters))
    for q in provisional_paid:
        if q not in subject:
            raise InvalidQuarter(q)
    per_quarter = _categories_per_quarter(category, subject)

    results: dict[Category, AnnualContribution] = {}
    for cat in dict.fromkeys(per_quarter.values()):  # distinct, in quarter order
        results[cat] = definitive_contribution(
            params, cat, real, start_quarter=start_quarter, end_quarter=end_quarter
        )

    rows = []
    for q in subject:
        paid = as_amount(provisional_paid.get(q, ZERO), field="provisional_paid")
        definitive = results[per_quarter[q]].quarterly
        rows.append(RegularisedQuarter(q, per_quarter[q], paid, definitive, definitive - paid))

    total_provisional = sum((r.provisional for r in rows), ZERO)
    total_definitive = sum((r.definitive for r in rows), ZERO)
    balance = total_definitive - total_provisional

    lines: list[Line] = []
    used: list[str] = []
    for result in results.values():
        lines.extend(line for line in result.explanation if line not in lines)
        used.extend(name for name in result.parameters_used if name not in used)
    lines.append(Line(ex.REGULARISATION_PROVISIONAL, amount=total_provisional))
    lines.append(Line(ex.REGULARISATION_DEFINITIVE, amount=total_definitive))
    if balance > 0:
        lines.append(Line(ex.REGULARISATION_BALANCE_DUE, amount=balance))
    elif balance < 0:
        lines.append(Line(ex.REGULARISATION_REFUND, amount=-balance))
    else:
        lines.append(Line(ex.REGULARISATION_SETTLED, amount=ZERO))

    first = results[per_quarter[subject[0]]]
    return Regularisation(
        year=params.year,
        real_income=real,
        income_basis=first.income,
        quarters=tuple(rows),
        total_provisional=total_provisional,
        total_definitive=total_definitive,
        balance=balance,
        balance_due=max(balance, ZERO),
        refund=max(-balance, ZERO),
        supplement_due_date=supplement_due_date(revision_date) if balance > 0 else None,
        explanation=tuple(lines),
        parameters_used=tuple(used),
    )


def _categories_per_quarter(
    category: Category | str | Mapping[int, Category | str], subject: tuple[int, ...]
) -> dict[int, Category]:
    if isinstance(category, Mapping):
        missing = [q for q in subject if q not in category]
        if missing:
            raise InvalidQuarter(missing[0])
        return {q: parse_category(category[q]) for q in subject}
    cat = parse_category(category)
    return dict.fromkeys(subject, cat)
