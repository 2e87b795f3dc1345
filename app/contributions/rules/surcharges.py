"""Surcharges (majorations) on late provisional contributions.

- 3 % of the unpaid amount at each quarter end from the due date on, repeated every quarter
  while it stays unpaid (not compounded: always on the unpaid contribution);
- a one-off 7 % on what is still unpaid at 31 December of the year of the due date.
A surcharge at a quarter end applies when the amount was not on the fund's account at the end
of that day: paid on the quarter end itself is on time. The quarterly surcharges stop at the
quarter before the one in which the regularisation is communicated (AR 19/12/1967 art. 44):
no quarter end from the communication's quarter on is surcharged. Each surcharge is rounded
half-up to the cent. "Today" is passed in by the caller (rules never read the clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.contributions.rules import explanation as ex
from app.contributions.rules.errors import InvalidAmount
from app.contributions.rules.explanation import Explanation, Line
from app.contributions.rules.money import ZERO, as_amount
from app.contributions.rules.parameters import YearParameters, load_year
from app.contributions.rules.quarters import add_quarters, quarter_end, quarter_of
from app.kit.money import cents


@dataclass(frozen=True)
class SurchargeLine:
    code: str  # explanation.SURCHARGE_QUARTERLY or explanation.SURCHARGE_ANNUAL
    on: date  # the quarter end / 31 December at which it applied
    base: Decimal
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Surcharges:
    amount: Decimal
    due_date: date
    settled_on: date  # payment date, or "today" while unpaid
    paid: bool
    lines: tuple[SurchargeLine, ...]
    total: Decimal
    # The quarter end from which nothing more is surcharged because the regularisation was
    # communicated (AR 19/12/1967 art. 44); None when the surcharges ran to the settlement.
    stopped_on: date | None = None

    @property
    def explanation(self) -> Explanation:
        lines = tuple(Line(s.code, base=s.base, rate=s.rate, amount=s.amount) for s in self.lines)
        stop = (Line(ex.SURCHARGE_STOPPED, base=self.amount),) if self.stopped_on else ()
        return (*lines, *stop, Line(ex.SURCHARGE_TOTAL, amount=self.total))


def surcharges(
    amount: Decimal,
    due_date: date,
    *,
    paid_on: date | None = None,
    today: date | None = None,
    communicated_on: date | None = None,
    params: YearParameters | None = None,
) -> Surcharges:
    """Surcharges on `amount` due on `due_date`, paid on `paid_on` or still unpaid `today`.

    communicated_on: the day the regularisation of the year was communicated, if it was; the
    surcharges stop at the end of the quarter before that day's quarter.
    Rates come from `params`, by default the parameters of the due date's year.
    """
    if (paid_on is None) == (today is None):
        raise InvalidAmount(
            "give exactly one of paid_on or today", field="paid_on", code="paid_on.exactly_one"
        )
    amount = as_amount(amount, field="amount")
    settled_on = paid_on if paid_on is not None else today
    assert settled_on is not None
    p = params if params is not None else load_year(due_date.year)
    year_end = date(due_date.year, 12, 31)

    # The first quarter end that is no longer surcharged (None: none is excluded).
    stop: date | None = None
    if communicated_on is not None:
        stop = quarter_end(communicated_on.year, quarter_of(communicated_on))

    lines: list[SurchargeLine] = []
    year, quarter = due_date.year, quarter_of(due_date)
    end = quarter_end(year, quarter)
    stopped = False
    # Every quarter end from the due date on, strictly before the settlement day.
    while amount > 0 and end < settled_on:
        if stop is not None and end >= stop:
            stopped = True
            break
        rate = p.quarterly_surcharge_rate
        lines.append(SurchargeLine(ex.SURCHARGE_QUARTERLY, end, amount, rate, cents(amount * rate)))
        if end == year_end:
            rate = p.annual_surcharge_rate
            lines.append(
                SurchargeLine(ex.SURCHARGE_ANNUAL, end, amount, rate, cents(amount * rate))
            )
        year, quarter = add_quarters(year, quarter, 1)
        end = quarter_end(year, quarter)

    total = sum((line.amount for line in lines), ZERO)
    return Surcharges(
        amount,
        due_date,
        settled_on,
        paid_on is not None,
        tuple(lines),
        total,
        stopped_on=stop if stopped else None,
    )
