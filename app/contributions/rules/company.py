"""Annual company contribution (cotisation annuelle des sociétés / vennootschapsbijdrage).

The amount depends on the balance-sheet total of year N-2: the low amount up to and including
the threshold, the high amount above it. Due by 31 December since 2023.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.contributions.rules import explanation as ex
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.money import as_amount
from app.contributions.rules.parameters import YearParameters


@dataclass(frozen=True)
class CompanyContribution:
    year: int
    balance_sheet_total: Decimal  # of year N-2
    threshold: Decimal
    amount: Decimal
    due_date: date
    explanation: Explanation
    parameters_used: tuple[str, ...]


def company_contribution(
    params: YearParameters, balance_sheet_total: Decimal
) -> CompanyContribution:
    """Raises UnknownParameter (an UnknownYear) when the year's figures are unknown (2026)."""
    total = as_amount(balance_sheet_total, field="balance_sheet_total")
    threshold = params.require_amount("company.balance_sheet_threshold")
    low = params.require_amount("company.amount_low")
    high = params.require_amount("company.amount_high")
    if total <= threshold:
        code, amount, used = ex.COMPANY_LOW, low, "company.amount_low"
    else:
        code, amount, used = ex.COMPANY_HIGH, high, "company.amount_high"
    return CompanyContribution(
        year=params.year,
        balance_sheet_total=total,
        threshold=threshold,
        amount=amount,
        due_date=params.company_due_date,
        explanation=(Line(code, base=total, amount=amount),),
        parameters_used=("company.balance_sheet_threshold", used, "company.due_date"),
    )
