"""Retention periods as data (retention.toml) and the date each kind of data is kept until.

Pure: the scan (app/staff/retention.py) gives the dates, these rules say when a period passed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("retention.toml")


class RuleCode(StrEnum):
    REQUEST_FILES = "request_files"  # documents sent with a request decided or withdrawn
    THREAD_FILES = "thread_files"  # documents exchanged in the secure thread
    MAIL_LOG = "mail_log"  # the copies of the e-mails the portal sent, month by month


class Decision(StrEnum):
    KEEP = "keep"
    ERASE = "erase"


@dataclass(frozen=True, slots=True)
class RetentionRule:
    code: RuleCode
    years: int
    source: str
    confirmed: bool


def parse(text: str) -> dict[RuleCode, RetentionRule]:
    """The rules of a retention file; every code once, every period a whole number of years."""
    rules: dict[RuleCode, RetentionRule] = {}
    for row in tomllib.loads(text)["rule"]:
        code = RuleCode(row["code"])
        years = row["years"]
        if code in rules or not isinstance(years, int) or years < 1:
            raise ValueError(f"retention rule {code}: one entry, whole years >= 1")
        if not str(row.get("source", "")).strip():
            raise ValueError(f"retention rule {code}: a source")
        rules[code] = RetentionRule(code, years, row["source"], bool(row["confirmed"]))
    if set(rules) != set(RuleCode):
        raise ValueError(f"retention rules missing: {set(RuleCode) - set(rules)}")
    return rules


@cache
def rules() -> dict[RuleCode, RetentionRule]:
    return parse(DATA.read_text(encoding="utf-8"))


def kept_until(closed_on: date, years: int) -> date:
    """The last day the data is kept: 31 December, `years` after the year it was closed."""
    return date(closed_on.year + years, 12, 31)


def period_passed(closed_on: date, years: int, today: date) -> bool:
    return today > kept_until(closed_on, years)
