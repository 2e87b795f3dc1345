"""Eligibility and date rules of the social status that the law sets, outside the contribution
formula. PURE: figures come from the year's parameters, dates are passed in.

Which quarters are exempt after a birth, the caregiver exemption, when an exemption may be
asked, the bridging right's application deadline, unlimited work after the pension, and the
deadlines counted in quarters or months. Every figure is a leaf of
app/contributions/parameters/<year>.toml, with its source; the life-event guides
(app/wizards/rules) show these results and keep their own rules for the rest (illness, pension
age, the bridging right's duration), with their figures in the year files' [guides.*] tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.contributions.rules.parameters import YearParameters
from app.contributions.rules.quarters import add_quarters, quarter_end, quarter_of
from app.kit.money import cents

YearQuarter = tuple[int, int]  # (year, quarter)

BRIDGING_ECONOMIC = "economic"  # the pillar "cessation for economic difficulties"
DAYS_PER_MONTH = 30  # a forced interruption is counted here in months of 30 days


def _value(p: YearParameters, name: str) -> Any:
    return p.leaf(name).value


# ------------------------------------------------------------------------- calendar


def add_months(day: date, months: int) -> date:
    """The same day `months` months later (or earlier), kept within the target month."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def quarter_deadline(day: date, quarters_after: int) -> date:
    """Last day of the quarter `quarters_after` quarters after the quarter of `day`."""
    year, quarter = add_quarters(day.year, quarter_of(day), quarters_after)
    return quarter_end(year, quarter)


# ----------------------------------------------------------------- bridging right


@dataclass(frozen=True)
class ForcedInterruption:
    """A forced interruption of `days` days, capped at `months` months of bridging right."""

    days: int
    full_months: int
    partial: Decimal  # share of one more month, 0 once the cap is reached

    def total(self, monthly: Decimal) -> Decimal:
        return cents(monthly * self.full_months + monthly * self.partial)

    def partial_amount(self, monthly: Decimal) -> Decimal:
        return cents(monthly * self.partial)


def bridging_application_deadline(p: YearParameters, cessation: date) -> date:
    """End of the `bridging_application_quarters`-th (2nd) quarter after the cessation's."""
    return quarter_deadline(cessation, _value(p, "benefits.bridging_application_quarters"))


# ------------------------------------------------------------------------ pension


def unlimited_work_after_pension(p: YearParameters, career_years: int) -> bool:
    """Whether the career alone (45 years) lifts the income limit of a working pensioner."""
    return career_years >= _value(p, "benefits.pension_unlimited_career_years")


# -------------------------------------------------------------------------- birth


@dataclass(frozen=True)
class ExemptQuarters:
    count: int
    first: YearQuarter
    last: YearQuarter


def birth_exempt_quarters(p: YearParameters, birth: date) -> ExemptQuarters:
    """The quarters exempt after a birth: from the quarter after the birth quarter, as many as
    `birth_exempt_quarters` (1 up to 2025, 2 from 2026)."""
    count = _value(p, "benefits.birth_exempt_quarters") or 0
    first = add_quarters(birth.year, quarter_of(birth), 1)
    last = add_quarters(birth.year, quarter_of(birth), count)
    return ExemptQuarters(count, first, last)


def birth_leave_deadline(p: YearParameters, birth: date) -> date:
    """The birth leave is taken within `birth_leave_window_months` (4) months of the birth."""
    return add_months(birth, _value(p, "benefits.birth_leave_window_months"))


# ------------------------------------------------------------------------ illness


def caregiver_exemption(p: YearParameters, full: bool, months: int) -> bool:
    """A full interruption of `caregiver_exempt_after_months` (3) months exempts a quarter."""
    return full and months >= _value(p, "benefits.caregiver_exempt_after_months")


# ------------------------------------------------------------------ contributions


def exemption_allowed(activity: str | None, active_four_quarters: bool, stopping: bool) -> bool:
    """An exemption (dispense) can be asked from the 5th quarter of activity, or on cessation;
    never in a secondary activity."""
    return activity != "secondary" and (active_four_quarters or stopping)


def exemption_deadline(p: YearParameters, day: date) -> date:
    """Last day to ask the exemption of the quarter of `day`: end of the quarter
    `exemption_window_quarters` (4) quarters later (Q4 2020 -> 31/12/2021)."""
    return quarter_deadline(day, _value(p, "benefits.exemption_window_quarters"))
