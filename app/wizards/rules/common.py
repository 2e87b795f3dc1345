"""What every life-event outcome is made of, and the helpers they share. PURE.

Each outcome function takes the typed answers and today's date and returns codes with values
(Decimal amounts, dates, counts) and the parameter figures they come from; the catalogue gives
each code its sentence. Every amount comes from app/contributions/parameters/<year>.toml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

import holidays

from app.contributions.rules.parameters import YearParameters, available_years, load_year

Answers = Mapping[str, Any]


class Rate(Decimal):
    """A ratio shown as a percentage (0.0817 -> 8,17 %)."""


@dataclass(frozen=True)
class Figure:
    """A parameter an outcome relies on, with where it comes from and how sure it is."""

    name: str
    value: Any
    unit: str
    status: str
    source: str
    year: int


@dataclass(frozen=True)
class Item:
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()


NOW = "_now"  # the suffix of an action's code once its date is past


def against_today(actions: list[Item] | tuple[Item, ...], today: date) -> tuple[Item, ...]:
    """Every dated action against today: one whose date ("deadline") is already past becomes
    `<code>_now`, the sentence that says what to do now instead (it keeps the date, to say
    which one passed). The catalogue has a `_now` text for every dated action."""
    return tuple(
        Item(item.code + NOW, item.values, item.figures)
        if isinstance(item.values.get("deadline"), date) and item.values["deadline"] < today
        else item
        for item in actions
    )


@dataclass(frozen=True)
class Offer:
    """A request the person can file, prefilled from the answers. `recommended` is advice
    for the rules' tests and staff; the outcome never ticks a request for the person."""

    kind: str
    answers: Mapping[str, str]
    recommended: bool = True


@dataclass(frozen=True)
class OutcomeResult:
    year: int
    rights: tuple[Item, ...] = ()
    actions: tuple[Item, ...] = ()  # what to do, each with a "deadline" value when there is one
    referrals: tuple[Item, ...] = ()  # where to go for what the fund does not handle
    offers: tuple[Offer, ...] = ()


def params_for(day: date) -> YearParameters:
    """The parameter year of `day`, or the nearest year with a file."""
    years = available_years()
    return load_year(min(max(day.year, years[0]), years[-1]))


def figure(params: YearParameters, name: str) -> Figure:
    leaf = params.leaf(name)
    return Figure(name, leaf.value, leaf.unit, leaf.status, leaf.source, params.year)


def value(params: YearParameters, name: str) -> Any:
    return params.leaf(name).value


def known(params: YearParameters, name: str) -> tuple[Any, tuple[Figure, ...]]:
    """The year's value, or else the latest earlier year's one, with every figure involved.

    A benefit not yet published for the year (status U, no value) is shown with the last
    known amount: both figures go with it, so the page says it is unconfirmed and why.
    """
    own = figure(params, name)
    if own.value is not None:
        return own.value, (own,)
    for year in sorted((y for y in available_years() if y < params.year), reverse=True):
        earlier = figure(load_year(year), name)
        if earlier.value is not None:
            return earlier.value, (own, earlier)
    return None, (own,)


def quarter_label(year: int, quarter: int) -> str:
    """A quarter as the pages and the request forms write it: "2/2026"."""
    return f"{quarter}/{year}"


def _text(answers: Answers, name: str) -> str:
    raw = answers.get(name)
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, Decimal):
        return f"{raw:.2f}"
    return str(raw)


def prefill(answers: Answers, *names: str) -> dict[str, str]:
    return {name: _text(answers, name) for name in names if answers.get(name) is not None}


# ------------------------------------------------------------- the guides' own figures

GUIDES = "guides."  # the guides' own figures: the [guides.*] tables of each year file


def guide(params: YearParameters, name: str) -> Figure:
    """A figure of the year's [guides.*] tables by its name under `guides.`
    ("illness.declaration_days")."""
    return figure(params, GUIDES + name)


def _series(params: YearParameters, series: str) -> list[Figure]:
    prefix = f"{GUIDES}{series}."
    return [
        Figure(leaf.name, leaf.value, leaf.unit, leaf.status, leaf.source, params.year)
        for name, leaf in sorted(
            params.leaves.items(), key=lambda item: item[1].effective_from or date.min
        )
        if name.startswith(prefix) and leaf.effective_from is not None
    ]


def _effective(params: YearParameters, fig: Figure) -> date:
    leaf = params.leaf(fig.name)
    return leaf.effective_from or date.min


def dated(params: YearParameters, series: str, day: date) -> tuple[Any, tuple[Figure, ...]]:
    """The value of a dated series ("bridging.monthly_single") that holds on `day`, with the
    figures involved.

    A series is a table of leaves with an effective_from each; the one with the latest date on
    or before `day` holds, looked up in the year's file and then in earlier years'. A leaf of
    the year without value (status U: the year's amount is not known) goes with the earlier
    value, so the page says it is unconfirmed.
    """
    own = [f for f in _series(params, series) if _effective(params, f) <= day]
    found = [f for f in own if f.value is not None]
    if found:
        return found[-1].value, (found[-1],)
    unknown = tuple(own[-1:])
    for year in sorted((y for y in available_years() if y < params.year), reverse=True):
        earlier = load_year(year)
        values = [f for f in _series(earlier, series) if f.value is not None]
        if values:
            return values[-1].value, (*unknown, values[-1])
    series_all = _series(params, series)
    if not series_all:
        raise KeyError(f"no dated series {series!r}")
    first = next((f for f in series_all if f.value is not None), series_all[0])
    return first.value, (*unknown, first)


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("BE", years=year).keys())


def next_working_day(day: date) -> date:
    """`day` itself on a working day, else the next day that is not a Saturday, a Sunday or a
    Belgian public holiday (the `holidays` package's calendar)."""
    while day.weekday() >= 5 or day in _public_holidays(day.year):
        day += timedelta(days=1)
    return day
