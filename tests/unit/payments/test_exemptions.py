"""Which quarters INASTI may be asked to exempt (payments/rules/exemptions.py), as shipped in
exemptions.toml: a quarter until 12 months after the start of the next one (Q4 2020 -> 31
December 2021, the funds' own example), none during the first 4 quarters of an activity
unless it ceases, none for a secondary activity; a regularisation within the same window after
its booking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.payments.rules.exemptions import (
    Askable,
    ExemptionRules,
    Refusal,
    RulesError,
    deadline,
    eligibility,
    load_exemption_rules,
    parse_rules,
)

pytestmark = pytest.mark.unit


@pytest.fixture
def rules() -> ExemptionRules:
    return load_exemption_rules()


def test_the_rules_as_shipped(rules: ExemptionRules) -> None:
    figures = (rules.window_quarters, rules.waiting_quarters, rules.regularisation_window_quarters,
               rules.pension_payback_years, rules.inasti_decision_days)  # fmt: skip
    assert figures == (4, 4, 4, 5, 30)
    assert rules.categories == frozenset({"main", "helper", "pensioner", "student"})
    assert rules.confirmed is False
    assert rules.source.startswith("AR n° 38 du 27 juillet 1967, art. 17")


@pytest.mark.parametrize(
    ("year", "quarter", "last_day"),
    [
        (2020, 4, date(2021, 12, 31)),  # the funds' example
        (2026, 1, date(2027, 3, 31)),
        (2025, 4, date(2026, 12, 31)),
        (2027, 3, date(2028, 9, 30)),
    ],
)
def test_the_last_day_to_ask_for_a_quarter(
    rules: ExemptionRules, year: int, quarter: int, last_day: date
) -> None:
    assert deadline(rules, year, quarter) == last_day


def quarters(found: tuple[Askable, ...]) -> list[tuple[int, int, date, bool]]:
    return [(a.year, a.quarter, a.deadline, a.regularisation) for a in found]


SINCE_2019 = date(2019, 3, 1)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # 2 December 2026: Q3 2025 ended its window on 30 September 2026; Q4 2025 is still open.
        (date(2026, 12, 2), [(2025, 4, date(2026, 12, 31), False),
                             (2026, 1, date(2027, 3, 31), False),
                             (2026, 2, date(2027, 6, 30), False),
                             (2026, 3, date(2027, 9, 30), False),
                             (2026, 4, date(2027, 12, 31), False)]),
        # New Year's Day 2027: Q4 2025 is gone, Q1 2027 (the current quarter) is in.
        (date(2027, 1, 1), [(2026, 1, date(2027, 3, 31), False),
                            (2026, 2, date(2027, 6, 30), False),
                            (2026, 3, date(2027, 9, 30), False),
                            (2026, 4, date(2027, 12, 31), False),
                            (2027, 1, date(2028, 3, 31), False)]),
    ],
)  # fmt: skip
def test_the_window_moves_with_the_day(
    rules: ExemptionRules, today: date, expected: list[tuple[int, int, date, bool]]
) -> None:
    found = eligibility(rules, today, category="main", affiliated_since=SINCE_2019)
    assert (found.refusal, quarters(found.quarters)) == (None, expected)


@pytest.mark.parametrize(
    ("category", "since", "ceased", "refusal", "from_day", "first", "count"),
    [
        ("secondary", SINCE_2019, False, Refusal.SECONDARY, None, None, 0),
        (None, None, False, Refusal.NOT_AFFILIATED, None, None, 0),
        # Started in Q2 2026: Q2, Q3, Q4 2026 and Q1 2027 are the first four; from Q2 2027.
        ("main", date(2026, 5, 10), False, Refusal.TOO_EARLY, date(2027, 4, 1), None, 0),
        # ... unless the activity ceases: then from its first quarter.
        ("main", date(2026, 5, 10), True, None, None, (2026, 2), 3),
        # Started in Q4 2025: in its fifth quarter on 2 December 2026, and from its start.
        ("helper", date(2025, 10, 1), False, None, None, (2025, 4), 5),
        ("pensioner", date(2026, 1, 1), False, Refusal.TOO_EARLY, date(2027, 1, 1), None, 0),
        ("student", SINCE_2019, False, None, None, (2025, 4), 5),
    ],
)
def test_who_may_ask(
    rules: ExemptionRules, category: str | None, since: date | None, ceased: bool,
    refusal: Refusal | None, from_day: date | None, first: tuple[int, int] | None, count: int,
) -> None:  # fmt: skip
    found = eligibility(rules, date(2026, 12, 2), category=category, affiliated_since=since,
                        ceased=ceased)  # fmt: skip
    assert (found.refusal, found.from_day, len(found.quarters)) == (refusal, from_day, count)
    if first is not None:
        assert (found.quarters[0].year, found.quarters[0].quarter) == first


def test_a_regularisation_booked_within_the_window_may_be_asked(rules: ExemptionRules) -> None:
    found = eligibility(
        rules, date(2026, 12, 2), category="main", affiliated_since=SINCE_2019,
        regularisations=[
            (2024, 2, date(2026, 3, 15)),  # booked in Q1 2026: until 31 March 2027
            (2023, 3, date(2025, 9, 1)),  # booked in Q3 2025: its window ended 30/9/2026
            (2026, 1, date(2026, 6, 1)),  # a quarter already in the window: listed once
            (2018, 4, date(2026, 6, 1)),  # before the affiliation: not this file's
        ],
    )  # fmt: skip
    assert quarters(found.quarters)[:2] == [
        (2024, 2, date(2027, 3, 31), True), (2025, 4, date(2026, 12, 31), False)]  # fmt: skip
    assert [(a.year, a.quarter) for a in found.quarters].count((2026, 1)) == 1
    assert len(found.quarters) == 6


SHIPPED: dict[str, Any] = {
    "source": "AR 38 art. 17",
    "confirmed": False,
    "window_quarters": 4,
    "waiting_quarters": 4,
    "regularisation_window_quarters": 4,
    "categories": ["main"],
    "pension_payback_years": 5,
    "inasti_decision_days": 30,
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source": " "}, "source: say where the rules come from"),
        ({"confirmed": "yes"}, "confirmed must be true or false"),
        ({"window_quarters": True},
         "window_quarters must be a whole number of at least 0, got True"),
        ({"waiting_quarters": -1}, "waiting_quarters must be a whole number of at least 0, got -1"),
        ({"categories": "main"}, "categories must be a list of affiliation categories"),
    ],
)  # fmt: skip
def test_a_bad_rules_file_is_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(RulesError) as raised:
        parse_rules({**SHIPPED, **change})
    assert str(raised.value) == message


def test_a_missing_key_is_refused() -> None:
    data = {k: v for k, v in SHIPPED.items() if k != "waiting_quarters"}
    with pytest.raises(RulesError) as raised:
        parse_rules(data)
    assert "waiting_quarters" in str(raised.value)
