"""The bridging right's schedule of payments. PURE (the year files are data shipped with the
code, read through the contributions rules' loader).

avixi.be and vlaio.be: the right is paid per 7-day segment up to the end
of the month after the event, then per calendar month. A segment is `guides.bridging.
segment_ratio` (25 %) of the monthly amount (ucm.be FAQ 'je suis forcé d'interrompre'). The
monthly amount is the dated series `guides.bridging.monthly_single` / `monthly_family` that
holds on the first day of each period, so a mid-year indexation (a later leaf with its own
effective_from) applies from its date. A forced interruption shorter than the months granted
(the "partial" pillar of the year files, `benefits.bridging_partial`) ends with its last days
paid at the tier's share (7–13 days 25 %, 14–20 days 50 %, 21–27 days 75 %, 28 or more 100 %).

The right starts on the day of the event. The months granted cap the whole schedule: the
segments count as their share of a month, and what the cap leaves after the last whole month
is paid as segments of the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from app.benefits.rules.common import (
    Amount,
    Period,
    PeriodKind,
    Series,
    due_after,
    month_end,
    priced,
    series_from_files,
)
from app.contributions.rules.eligibility import add_months
from app.contributions.rules.parameters import YearParameters, load_year

SINGLE = "guides.bridging.monthly_single"
FAMILY = "guides.bridging.monthly_family"
# Years whose files a schedule may read: the longest right (24 months) ends within 3 years.
YEARS_AHEAD = 3


class Pillar(StrEnum):
    """The pillars of the bridging right (multipen.be; dyzo.be), as the bridging_right request names
    them."""

    BANKRUPTCY = "bankruptcy"
    DEBT_SETTLEMENT = "debt_settlement"
    FORCED_INTERRUPTION = "forced_interruption"
    ECONOMIC_DIFFICULTY = "economic_difficulty"


@dataclass(frozen=True, slots=True)
class BridgingTerms:
    pillar: Pillar
    event: date  # the bankruptcy, the interruption's first day, the cessation
    months: int  # granted
    family: bool  # with family charge: the higher amount
    interruption_days: int | None = None  # a forced interruption of known length


def _count(p: YearParameters, name: str) -> int:
    value = p.require(name)
    if not isinstance(value, int):
        raise TypeError(name)
    return value


def granted_months(p: YearParameters, pillar: Pillar, career_years: int | None) -> int:
    """Months of bridging right for this pillar and career (multipen.be: 12 months, 24 from a
    15-year career; dyzo.be, economic difficulties: none under 2 years, 3 under 5, 6 under 15,
    12 from 15). An unknown career gives the shortest right the pillar grants to anyone entitled
    (12 months; 3 for economic difficulties): the staff member sees it and decides otherwise
    through a partial grant."""
    economic = pillar is Pillar.ECONOMIC_DIFFICULTY
    if career_years is None:
        name = "economic_months_short" if economic else "max_months"
        return _count(p, f"benefits.bridging_{name}")
    long_career = career_years >= _count(p, "guides.bridging.long_career_years")
    if economic:
        if career_years < _count(p, "benefits.bridging_economic_min_years"):
            return 0
        if career_years < _count(p, "benefits.bridging_economic_medium_years"):
            return _count(p, "benefits.bridging_economic_months_short")
        if not long_career:
            return _count(p, "benefits.bridging_economic_months_medium")
        return _count(p, "benefits.bridging_economic_months_long")
    if long_career:
        return _count(p, "benefits.bridging_max_months_long_career")
    return _count(p, "benefits.bridging_max_months")


def partial_share(p: YearParameters, days: int) -> Decimal:
    """Share of the monthly amount for an interruption of `days` days in a month
    (`benefits.bridging_partial`): the highest tier reached, 0 under the first."""
    share = Decimal(0)
    for tier in (1, 2, 3, 4):
        if days >= _count(p, f"benefits.bridging_partial.tier{tier}_days"):
            share = p.require_amount(f"benefits.bridging_partial.tier{tier}_ratio")
    return share


def bridging_series(family: bool, event: date) -> Series:
    """The monthly amounts from the event's year file and the following years' files."""
    name = FAMILY if family else SINGLE
    return series_from_files(name, range(event.year, event.year + YEARS_AHEAD + 1))


def _period(
    kind: PeriodKind, start: date, end: date, share: Decimal, series: Series, decided: date
) -> Period:
    amount: Amount = series.on(start)
    return Period(kind, start, end, due_after(end, decided), share, amount, priced(amount, share))


def bridging_schedule(
    terms: BridgingTerms, decided_on: date, series: Series | None = None
) -> tuple[Period, ...]:
    """The periods to pay, in order. `series` defaults to the year files' amounts (single or
    family); a test may give its own to show an indexation."""
    p = load_year(terms.event.year)
    series = series or bridging_series(terms.family, terms.event)
    segment_days = _count(p, "guides.bridging.segment_days")
    segment_share = p.require_amount("guides.bridging.segment_ratio")
    cap = Decimal(terms.months)
    start = terms.event
    last = None
    if terms.pillar is Pillar.FORCED_INTERRUPTION and terms.interruption_days is not None:
        last = start + timedelta(days=max(terms.interruption_days, 0) - 1)
    until = month_end(add_months(start.replace(day=1), 1))
    first_phase_end = until if last is None else min(until, last)
    periods: list[Period] = []
    used = Decimal(0)
    day = start
    step = timedelta(days=segment_days - 1)
    while day + step <= first_phase_end and used + segment_share <= cap:
        periods.append(_period(PeriodKind.SEGMENT, day, day + step, segment_share, series,
                               decided_on))  # fmt: skip
        used += segment_share
        day += step + timedelta(days=1)
    day = until + timedelta(days=1)
    while used + 1 <= cap and (last is None or month_end(day) <= last):
        periods.append(_period(PeriodKind.MONTH, day, month_end(day), Decimal(1), series,
                               decided_on))  # fmt: skip
        used += 1
        day = month_end(day) + timedelta(days=1)
    remaining = cap - used
    if remaining <= 0 or (last is not None and last < day):
        return tuple(periods)
    if last is None:  # the cap's remainder: that many segments of the next month
        share = remaining
        end = day + timedelta(days=int(remaining / segment_share) * segment_days - 1)
    else:  # the interruption's last days in its last month
        share = min(partial_share(p, (last - day).days + 1), remaining)
        end = last
    if share > 0:
        periods.append(_period(PeriodKind.PARTIAL, day, end, share, series, decided_on))
    return tuple(periods)
