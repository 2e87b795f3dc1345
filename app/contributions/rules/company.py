"""Annual company contribution (cotisation annuelle des sociétés / vennootschapsbijdrage).

The amount depends on the balance-sheet total of year N-2: the low amount up to and including
the threshold, the high amount above it. Due by 31 December since 2023. Paid late, it costs
1 % per month of delay; a start-up company may ask to be exempted for its first three years
(not an NV/SA) — both single-source figures (fund pages 2025), flagged as such.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.contributions.rules import explanation as ex
from app.contributions.rules.errors import InvalidAmount, UnknownParameter
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.money import as_amount
from app.contributions.rules.parameters import YearParameters
from app.kit.money import cents


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
    params: YearParameters,
    balance_sheet_total: Decimal,
    *,
    incorporated_on: date | None = None,
    public_limited: bool = False,
    exemption_requested: bool = False,
) -> CompanyContribution:
    """Raises UnknownParameter (an UnknownYear) when the year's figures are unknown (2026).

    With `exemption_requested` and an `incorporated_on` within the start-up years (not an
    NV/SA), the amount is zero (see company_exempt).
    """
    total = as_amount(balance_sheet_total, field="balance_sheet_total")
    if (
        exemption_requested
        and incorporated_on is not None
        and company_exempt(params, incorporated_on, public_limited=public_limited)
    ):
        return CompanyContribution(
            year=params.year,
            balance_sheet_total=total,
            threshold=params.require_amount("company.balance_sheet_threshold"),
            amount=Decimal("0.00"),
            due_date=params.company_due_date,
            explanation=(Line(ex.COMPANY_EXEMPT, base=total, amount=Decimal("0.00")),),
            parameters_used=("company.startup_exemption_years",),
        )
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


@dataclass(frozen=True)
class CompanyLateFine:
    """The fine on an annual company contribution paid late: a rate per month of delay."""

    contribution: Decimal
    due_date: date
    settled_on: date
    months_late: int
    rate: Decimal  # monthly rate × months late
    fine: Decimal
    explanation: Explanation
    parameters_used: tuple[str, ...]


def months_late(due_date: date, settled_on: date) -> int:
    """Months of delay, each started month counting: due 31/12, paid 1/1 -> 1; 31/1 -> 1;
    1/2 -> 2. Paid on the due date itself is on time (0)."""
    if settled_on <= due_date:
        return 0
    months = (settled_on.year - due_date.year) * 12 + settled_on.month - due_date.month
    # A month is complete on the same day number (or the month's last day when shorter).
    anniversary = _same_day(due_date, months)
    return months + 1 if settled_on > anniversary else months


def delay_months(due_date: date, today: date) -> list[date]:
    """The first day of each month of delay started by `today` (the days a monthly late fine
    falls due): due 31/12/2025 -> 1/1/2026, 1/2/2026, ...; empty on or before the due date.
    Their number is months_late(due_date, today)."""
    return [_same_day(due_date, n) + timedelta(days=1) for n in range(months_late(due_date, today))]


def _same_day(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    # From a month's last day, the month after ends on its own last day (31/12 -> 31/1, 28/2).
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return date(year, month, last)
    return date(year, month, min(day.day, last))


def company_late_fine(
    params: YearParameters,
    contribution: Decimal,
    *,
    paid_on: date | None = None,
    today: date | None = None,
) -> CompanyLateFine:
    """The late fine on `contribution`, due on the year's company due date (31 December).

    `company.late_rate_monthly` (1 %) per started month after the due date; rounded half-up to
    the cent. Exactly one of paid_on or today (still unpaid).
    """
    if (paid_on is None) == (today is None):
        raise InvalidAmount(
            "give exactly one of paid_on or today", field="paid_on", code="paid_on.exactly_one"
        )
    amount = as_amount(contribution, field="amount")
    settled_on = paid_on if paid_on is not None else today
    assert settled_on is not None
    due = params.company_due_date
    months = months_late(due, settled_on)
    rate = params.require_amount("company.late_rate_monthly") * months
    fine = cents(amount * rate)
    return CompanyLateFine(
        contribution=amount,
        due_date=due,
        settled_on=settled_on,
        months_late=months,
        rate=rate,
        fine=fine,
        explanation=(Line(ex.COMPANY_LATE, base=amount, rate=rate, amount=fine),),
        parameters_used=("company.late_rate_monthly", "company.due_date"),
    )


def company_exempt(params: YearParameters, incorporated_on: date, *, public_limited: bool) -> bool:
    """A start-up company may ask to be exempted for its first `company.startup_exemption_years`
    (3) contribution years: the year of its incorporation and the two after. Never an NV/SA."""
    if public_limited:
        return False
    years = params.leaf("company.startup_exemption_years").value
    if not isinstance(years, int):
        raise UnknownParameter(params.year, "company.startup_exemption_years")
    return incorporated_on.year <= params.year < incorporated_on.year + years
