"""Patterns for the JSON API's text parameters, exact enough that the OpenAPI document accepts
what the API accepts and nothing else (schemathesis checks both ways). Pure: no I/O."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

# Euros as the API takes them: up to 999 999 999,99, a comma or a point before the cents.
MONEY_PATTERN = r"^\d{1,9}([.,]\d{1,2})?$"

# An RFC 3339 date-time with its offset, as the API gives them back (`older`): the schema also
# says `format: date-time`, so only real days are valid.
DATETIME_PATTERN = (
    r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$"
)

_ANY_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)


def _days(month: int, year: int, last: int | None = None) -> str:
    count = calendar.monthrange(year, month)[1] if last is None else last
    return f"{month:02d}-(?:" + "|".join(f"{d:02d}" for d in range(1, count + 1)) + ")"


def iso_date_pattern(years: Iterable[int], *, until: date | None = None) -> str:
    """Real ISO dates (YYYY-MM-DD) of these years, none after `until` when given."""
    chosen = sorted(set(years))
    if until is not None:
        chosen = [y for y in chosen if y <= until.year]
    parts: list[str] = []
    full = [y for y in chosen if until is None or y < until.year]
    if full:
        parts.append("(?:" + "|".join(str(y) for y in full) + ")-" + _ANY_DAY)
        leap = [y for y in full if calendar.isleap(y)]
        if leap:
            parts.append("(?:" + "|".join(str(y) for y in leap) + ")-02-29")
    if until is not None and until.year in chosen:
        months = [_days(m, until.year) for m in range(1, until.month)]
        months.append(_days(until.month, until.year, until.day))
        parts.append(f"{until.year}-(?:" + "|".join(months) + ")")
    if not parts:
        return "^$(?!)"  # nothing is acceptable
    return "^(?:" + "|".join(parts) + ")$"
