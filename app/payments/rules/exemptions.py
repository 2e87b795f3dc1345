"""Which quarters an affiliate may ask INASTI to exempt (dispense de cotisations), as pure rules
over the data of `exemptions.toml`.

A quarter may be asked from the quarter itself (never ahead of it) until 12 months after the
start of the quarter that follows it; a regularisation booked on the account may be asked in the
same window after its booking. Not during an activity's first quarters (except on cessation),
and not for a secondary activity. Only `load_exemption_rules` reads a file.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.contributions.rules.quarters import quarter_end

RULES_FILE = Path(__file__).resolve().with_name("exemptions.toml")
_INTEGERS = ("window_quarters", "waiting_quarters", "regularisation_window_quarters",
             "pension_payback_years", "inasti_decision_days")  # fmt: skip
_KEYS = frozenset({"source", "confirmed", "categories", *_INTEGERS})


class RulesError(ValueError):
    """The rules file breaks a rule; the message names the key."""


@dataclass(frozen=True, slots=True)
class ExemptionRules:
    source: str
    confirmed: bool
    window_quarters: int
    waiting_quarters: int
    regularisation_window_quarters: int
    categories: frozenset[str]
    pension_payback_years: int
    inasti_decision_days: int


@lru_cache(maxsize=4)
def load_exemption_rules(path: Path = RULES_FILE) -> ExemptionRules:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    try:
        return parse_rules(data)
    except RulesError as error:
        raise RulesError(f"{path.name}: {error}") from None


def parse_rules(data: Mapping[str, Any]) -> ExemptionRules:
    if set(data) != _KEYS:
        raise RulesError(f"keys must be exactly {sorted(_KEYS)}, got {sorted(data)}")
    if not isinstance(data["source"], str) or not data["source"].strip():
        raise RulesError("source: say where the rules come from")
    if not isinstance(data["confirmed"], bool):
        raise RulesError("confirmed must be true or false")
    numbers: dict[str, int] = {}
    for key in _INTEGERS:
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RulesError(f"{key} must be a whole number of at least 0, got {value!r}")
        numbers[key] = value
    categories = data["categories"]
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise RulesError("categories must be a list of affiliation categories")
    return ExemptionRules(source=data["source"].strip(), confirmed=data["confirmed"],
                          categories=frozenset(categories), **numbers)  # fmt: skip


# --- quarters as a count ---------------------------------------------------------------------


def _index(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def _quarter(index: int) -> tuple[int, int]:
    return index // 4, index % 4 + 1


def _of(day: date) -> int:
    return _index(day.year, (day.month - 1) // 3 + 1)


def _last_day(index: int) -> date:
    return quarter_end(*_quarter(index))


def deadline(rules: ExemptionRules, year: int, quarter: int) -> date:
    """The last day to ask for a quarter: 12 months after the start of the next one, i.e. the
    last day of the `window_quarters`-th quarter after it (Q4 2020 -> 31 December 2021)."""
    return _last_day(_index(year, quarter) + rules.window_quarters)


class Refusal(StrEnum):
    SECONDARY = "secondary"  # the category may not ask
    TOO_EARLY = "too_early"  # within the activity's first quarters
    NOT_AFFILIATED = "not_affiliated"


@dataclass(frozen=True, slots=True)
class Askable:
    year: int
    quarter: int
    deadline: date
    regularisation: bool  # asked for its regularisation, booked within the window


@dataclass(frozen=True, slots=True)
class Eligibility:
    refusal: Refusal | None
    from_day: date | None  # TOO_EARLY: the first day a request is possible
    quarters: tuple[Askable, ...]  # what may be asked today, oldest first


def eligibility(
    rules: ExemptionRules,
    today: date,
    *,
    category: str | None,
    affiliated_since: date | None,
    ceased: bool = False,
    regularisations: Iterable[tuple[int, int, date]] = (),
) -> Eligibility:
    """What the affiliate may ask today. `regularisations`: (year, quarter, booked on) of the
    regularisation entries of the account."""
    if category is None or affiliated_since is None:
        return Eligibility(Refusal.NOT_AFFILIATED, None, ())
    if category not in rules.categories:
        return Eligibility(Refusal.SECONDARY, None, ())
    start, now = _of(affiliated_since), _of(today)
    if now - start < rules.waiting_quarters and not ceased:
        first = _last_day(start + rules.waiting_quarters - 1) + timedelta(days=1)
        return Eligibility(Refusal.TOO_EARLY, first, ())
    found: dict[int, Askable] = {}
    for index in range(max(start, now - rules.window_quarters), now + 1):
        year, quarter = _quarter(index)
        found[index] = Askable(year, quarter, deadline(rules, year, quarter), False)
    for year, quarter, booked_on in regularisations:
        index = _index(year, quarter)
        last = _last_day(_of(booked_on) + rules.regularisation_window_quarters)
        if index in found or index < start or index > now or last < today:
            continue
        found[index] = Askable(year, quarter, last, True)
    return Eligibility(None, None, tuple(found[i] for i in sorted(found)))
