"""Quarterly split of a year's contribution and due dates.

Provisional contributions are due on the last day of the quarter they relate to; starters
affiliated on time get extra quarter(s) for their first quarters of affiliation.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.contributions.rules.errors import InvalidQuarter
from app.contributions.rules.parameters import YearParameters

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Quarter:
    quarter: int
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class DueDate:
    """Due date of the contribution for quarter `quarter` of `year`.

    extended: True when the starter rule moved it to a later quarter end.
    """

    year: int
    quarter: int
    due_date: date
    extended: bool = False


def check_quarter(quarter: int) -> int:
    if isinstance(quarter, bool) or not isinstance(quarter, int) or quarter not in QUARTERS:
        raise InvalidQuarter(quarter)
    return quarter


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    """Last calendar day of a quarter (the legal due date of its provisional contribution)."""
    month = 3 * check_quarter(quarter)
    return date(year, month, calendar.monthrange(year, month)[1])


def add_quarters(year: int, quarter: int, count: int) -> tuple[int, int]:
    index = year * 4 + (check_quarter(quarter) - 1) + count
    return index // 4, index % 4 + 1


def quarters(params: YearParameters, amount: Decimal) -> tuple[Quarter, ...]:
    """Four quarters of `amount` each, due on the year's due dates.

    The quarterly amount is already rounded, so the four add up exactly to 4 × amount.
    """
    return tuple(Quarter(q, params.due_dates[q - 1], amount) for q in QUARTERS)


def starter_due_dates(
    params: YearParameters, start_quarter: int, count: int = 4
) -> tuple[DueDate, ...]:
    """Due dates of the first `count` quarters of an affiliation starting in `start_quarter`
    of `params.year`.

    The first `starter_quarters_concerned` quarters (2) get `starter_extra_quarters` (1)
    more quarter to pay: start in Q2 → Q2 due 30/9, Q3 due 31/12, Q4 due 31/12.
    """
    check_quarter(start_quarter)
    if count < 1:
        raise InvalidQuarter(count)
    dates: list[DueDate] = []
    for n in range(count):
        year, quarter = add_quarters(params.year, start_quarter, n)
        shift = params.starter_extra_quarters if n < params.starter_quarters_concerned else 0
        extended = shift > 0
        due_year, due_quarter = add_quarters(year, quarter, shift)
        dates.append(DueDate(year, quarter, quarter_end(due_year, due_quarter), extended))
    return tuple(dates)
