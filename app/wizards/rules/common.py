"""What every life-event outcome is made of, and the helpers they share. PURE.

Each outcome function takes the typed answers and today's date and returns codes with values
(Decimal amounts, dates, counts) and the parameter figures they come from; the catalogue gives
each code its sentence. Every amount comes from app/contributions/parameters/<year>.toml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

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


@dataclass(frozen=True)
class Offer:
    """A request the person can file in one tap, prefilled from the answers."""

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
