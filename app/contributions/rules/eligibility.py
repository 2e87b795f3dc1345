"""Eligibility and date rules of the social status that the law sets, outside the contribution
formula. PURE: figures come from the year's parameters, dates are passed in.

How long the bridging right (droit passerelle) lasts and which share of a month it pays, when
the legal pension starts and how early it can be asked, which quarters are exempt after a
birth, from which quarter a sickness assimilation runs, and the deadlines counted in quarters,
months or days. Every figure is a leaf of app/contributions/parameters/<year>.toml, with its
source; the life-event wizards (app/wizards/rules) show these results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
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


def bridging_months(p: YearParameters, reason: str, career_years: int) -> int:
    """Maximum duration of the droit passerelle for this pillar and career.

    Economic difficulties: none under `bridging_economic_min_years` (2) years of career, then
    3, 6 or 12 months. Other pillars: 12 months, 24 from a career of 15 years (60 quarters).
    """
    if reason == BRIDGING_ECONOMIC:
        if career_years < _value(p, "benefits.bridging_economic_min_years"):
            return 0
        if career_years < _value(p, "benefits.bridging_economic_medium_years"):
            return int(_value(p, "benefits.bridging_economic_months_short"))
        if career_years <= _value(p, "benefits.bridging_long_career_years"):
            return int(_value(p, "benefits.bridging_economic_months_medium"))
        return int(_value(p, "benefits.bridging_economic_months_long"))
    if career_years >= _value(p, "benefits.bridging_long_career_years"):
        return int(_value(p, "benefits.bridging_max_months_long_career"))
    return int(_value(p, "benefits.bridging_max_months"))


def bridging_partial_ratio(p: YearParameters, days: int) -> Decimal:
    """Share of the monthly amount for `days` of forced interruption within a month.

    7–13 days 25 %, 14–20 days 50 %, 21–27 days 75 %, 28 days or more 100 %; fewer than 7: 0.
    """
    ratio = Decimal(0)
    for tier in (1, 2, 3, 4):
        if days >= _value(p, f"benefits.bridging_partial.tier{tier}_days"):
            ratio = _value(p, f"benefits.bridging_partial.tier{tier}_ratio")
    return ratio


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


def forced_interruption(p: YearParameters, days: int, months: int) -> ForcedInterruption:
    """Whole months of 30 days, then the share of a month the remaining days give."""
    full, rest = divmod(days, DAYS_PER_MONTH)
    full = min(full, months)
    ratio = bridging_partial_ratio(p, rest) if full < months else Decimal(0)
    return ForcedInterruption(days, full, ratio)


def bridging_application_deadline(p: YearParameters, cessation: date) -> date:
    """End of the `bridging_application_quarters`-th (2nd) quarter after the cessation's."""
    return quarter_deadline(cessation, _value(p, "benefits.bridging_application_quarters"))


# ------------------------------------------------------------------------ pension


def _birthday(birth: date, age: int) -> date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        return date(birth.year + age, 3, 1)


def legal_pension_date(p: YearParameters, birth: date) -> tuple[int, date]:
    """(legal age, first day of the month after that birthday) for someone born on `birth`.

    The age is `pension_age` (66), or `pension_age_next` (67) when that birthday falls on or
    after the date the higher age applies from (1 January 2030).
    """
    age = int(str(_value(p, "benefits.pension_age")))
    next_leaf = p.leaf("benefits.pension_age_next")
    birthday = _birthday(birth, age)
    if next_leaf.effective_from is not None and birthday >= next_leaf.effective_from:
        age = int(str(next_leaf.value))
        birthday = _birthday(birth, age)
    return age, add_months(birthday.replace(day=1), 1)


def earliest_pension_application(p: YearParameters, start: date) -> date:
    """The earliest day the pension can be asked: `pension_application_months_before` ahead."""
    return add_months(start, -_value(p, "benefits.pension_application_months_before"))


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


def incapacity_declaration_deadline(p: YearParameters, since: date) -> date:
    """Last day to declare an incapacity to the mutualité: `incapacity_declaration_days` later."""
    return since + timedelta(days=_value(p, "benefits.incapacity_declaration_days") or 0)


def sickness_assimilation_first_quarter(since: date) -> YearQuarter:
    """The quarter a sickness assimilation is shown from: the quarter of the incapacity's start."""
    return since.year, quarter_of(since)


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
