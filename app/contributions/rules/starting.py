"""Starting out: the default provisional amounts, the primo-starter first-quarter reduction
and the calendar of the first year.

- AR 38 art. 13bis: a starter who gives no estimate pays a provisional amount set by category
  (main: the minimum; primo-starter: the primo minimum; helping spouse: the maxi-statut
  minimum; secondary and student: the amount on the secondary threshold; working pensioner:
  14.70 % of the pensioner threshold).
- AR 38 art. 12 §1bis (since 1/4/2022): on request, the contribution of the first quarter of
  subjection as a main activity is reduced by 25.01 € × the index factor. Whether the funds
  apply it on top of the primo-starter minimum is unconfirmed: the year files flag it (U).
- The quarters of the first year from the start quarter on, each with its due date; the first
  two quarters get one more quarter to pay (the catch-up quarter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.affiliation.rules import Category
from app.contributions.rules.categories import parse_category
from app.contributions.rules.money import ZERO, as_amount
from app.contributions.rules.parameters import YearParameters
from app.contributions.rules.quarters import check_quarter, starter_due_dates

# Category -> leaf of the year file with its default starting quarterly amount (net).
DEFAULT_STARTING: dict[Category, str] = {
    Category.MAIN: "quarterly.minimum_main",
    Category.STARTER: "quarterly.minimum_starter",
    Category.HELPER: "quarterly.minimum_helper",
    Category.SECONDARY: "quarterly.secondary_starting",
    # The student's starting amount is the secondary one (ucm.be student provisional 100.35
    # incl. 4.05 % = 96.44 net in 2025).
    Category.STUDENT: "quarterly.secondary_starting",
    Category.PENSIONER: "quarterly.pensioner_starting",
}

# The first-quarter reduction is for a first quarter of subjection as a main activity.
MAIN_ACTIVITY = frozenset({Category.MAIN, Category.STARTER})
REDUCTION_LEAF = "starter.first_quarter_reduction"


@dataclass(frozen=True)
class DefaultStarting:
    category: Category
    quarterly: Decimal  # net, before management fees
    parameter: str  # the leaf it comes from (for its status and source)


def default_starting_quarterly(params: YearParameters, category: Category | str) -> DefaultStarting:
    """The provisional amount per quarter of a starter who gives no income estimate."""
    cat = parse_category(category)
    name = DEFAULT_STARTING[cat]
    return DefaultStarting(cat, params.require_amount(name), name)


def first_quarter_reduction_applies(category: Category | str, *, requested: bool) -> bool:
    """Asked for, and the first quarter is one of main activity (main or primo-starter)."""
    return requested and parse_category(category) in MAIN_ACTIVITY


def reduced_first_quarter(params: YearParameters, quarterly: Decimal) -> Decimal:
    """The first quarter's net amount after the art. 12 §1bis reduction (never below zero)."""
    amount = as_amount(quarterly, field="amount")
    return max(ZERO, amount - params.starter_first_quarter_reduction)


@dataclass(frozen=True)
class StarterQuarter:
    year: int
    quarter: int
    due_date: date
    extended: bool  # paid one quarter later (the starter's catch-up quarter)
    amount: Decimal


def starter_calendar(
    params: YearParameters,
    start_quarter: int,
    quarterly: Decimal,
    *,
    first_quarter: Decimal | None = None,
) -> tuple[StarterQuarter, ...]:
    """The quarters from `start_quarter` to Q4 of `params.year`, each with its due date and
    amount; `first_quarter` replaces the amount of the first one (the reduction)."""
    check_quarter(start_quarter)
    amount = as_amount(quarterly, field="amount")
    dates = starter_due_dates(params, start_quarter, count=5 - start_quarter)
    rows = []
    for n, d in enumerate(dates):
        value = first_quarter if n == 0 and first_quarter is not None else amount
        rows.append(StarterQuarter(d.year, d.quarter, d.due_date, d.extended, value))
    return tuple(rows)
