"""Retention periods: whole years after the year the data was closed; the file's own checks."""

from __future__ import annotations

from datetime import date

import pytest

from app.staff.rules.retention import RuleCode, kept_until, parse, period_passed, rules


@pytest.mark.parametrize(
    ("closed_on", "years", "until"),
    [
        (date(2020, 3, 15), 5, date(2025, 12, 31)),
        (date(2020, 12, 31), 5, date(2025, 12, 31)),
        (date(2021, 1, 1), 5, date(2026, 12, 31)),
        (date(2024, 2, 29), 2, date(2026, 12, 31)),
    ],
)
def test_kept_until_the_end_of_the_year(closed_on: date, years: int, until: date) -> None:
    assert kept_until(closed_on, years) == until


@pytest.mark.parametrize(
    ("closed_on", "today", "passed"),
    [
        (date(2020, 3, 15), date(2025, 12, 31), False),  # the last day is still kept
        (date(2020, 3, 15), date(2026, 1, 1), True),
        (date(2021, 1, 1), date(2026, 6, 30), False),
    ],
)
def test_period_passed(closed_on: date, today: date, passed: bool) -> None:
    assert period_passed(closed_on, 5, today) is passed


def test_the_fund_file_has_every_rule_flagged_unconfirmed_with_its_source() -> None:
    found = rules()
    assert set(found) == set(RuleCode)
    assert {code.value: rule.years for code, rule in found.items()} == {
        "request_files": 5,
        "thread_files": 5,
        "mail_log": 2,
    }
    assert all(not rule.confirmed for rule in found.values())
    assert "Arrêté royal n° 38 du 27 juillet 1967" in found[RuleCode.REQUEST_FILES].source


RULE = 'code = "{code}"\nyears = {years}\nsource = "{source}"\nconfirmed = false\n'


def _file(*rows: tuple[str, object, str]) -> str:
    return "".join("[[rule]]\n" + RULE.format(code=c, years=y, source=s) for c, y, s in rows)


@pytest.mark.parametrize(
    "text",
    [
        _file(("request_files", 5, "x"), ("thread_files", 5, "x")),  # mail_log missing
        _file(("request_files", 0, "x"), ("thread_files", 5, "x"), ("mail_log", 2, "x")),
        _file(("request_files", 5, " "), ("thread_files", 5, "x"), ("mail_log", 2, "x")),
        _file(
            ("request_files", 5, "x"),
            ("request_files", 5, "x"),
            ("thread_files", 5, "x"),
            ("mail_log", 2, "x"),
        ),
    ],
    ids=["missing", "zero-years", "no-source", "twice"],
)
def test_a_wrong_file_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)
