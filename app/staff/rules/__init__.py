"""Pure rules of the supervisors' figures: age bands, weeks and quarters, the report period.

No I/O and no clock: "today" is always passed in. The SQL of the dashboard and of the reports is
built from these tables (`band_sql`), so a band is defined once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# Age of an open request, in calendar days since it was received (or filed, before receipt):
# (code, first day, last day or None for "and more").
REQUEST_AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("121+", 121, None),
)
# Age of an affiliate in completed years, for the reports to the authorities.
PERSON_AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("<25", 0, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65+", 65, None),
)
UNKNOWN = "unknown"
DASHBOARD_WEEKS = 12
DASHBOARD_QUARTERS = 8
# A report covers at most five years: enough for any authority's question, bounded for the job.
MAX_REPORT_YEARS = 5
EARLIEST_REPORT_DAY = date(2000, 1, 1)


def band_of(value: int | None, bands: tuple[tuple[str, int, int | None], ...]) -> str:
    """The code of the band `value` falls in; "unknown" for None or a value below every band."""
    if value is None:
        return UNKNOWN
    for code, first, last in bands:
        if value >= first and (last is None or value <= last):
            return code
    return UNKNOWN


def request_age_band(days: int | None) -> str:
    return band_of(days, REQUEST_AGE_BANDS)


def person_age_band(years: int | None) -> str:
    return band_of(years, PERSON_AGE_BANDS)


def band_sql(expression: str, bands: tuple[tuple[str, int, int | None], ...]) -> str:
    """`band_of` as an SQL CASE over an integer expression (the bands are this module's own
    literals, never user input)."""
    cases = " ".join(
        f"WHEN {expression} >= {first}"
        + (f" AND {expression} <= {last}" if last is not None else "")
        + f" THEN '{code}'"
        for code, first, last in bands
    )
    return f"(CASE {cases} ELSE '{UNKNOWN}' END)"


def band_range(code: str, today: date) -> tuple[date | None, date | None] | None:
    """The received days of an open request in request age band `code` on `today`:
    (earliest, latest) with None for an open end; None for an unknown code."""
    for band, first, last in REQUEST_AGE_BANDS:
        if band == code:
            earliest = today - timedelta(days=last) if last is not None else None
            return earliest, today - timedelta(days=first)
    return None


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def last_weeks(today: date, count: int = DASHBOARD_WEEKS) -> tuple[date, ...]:
    """The Mondays of the last `count` weeks, the current one last."""
    this = week_start(today)
    return tuple(this - timedelta(weeks=n) for n in range(count - 1, -1, -1))


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def last_quarters(today: date, count: int = DASHBOARD_QUARTERS) -> tuple[tuple[int, int], ...]:
    """The last `count` quarters as (year, quarter), the current one last."""
    year, quarter = quarter_of(today)
    index = year * 4 + quarter - 1
    return tuple((i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1))


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def parse_quarter(text: str) -> tuple[int, int] | None:
    """ "2026-Q3" (or "2026-3") as (2026, 3); None when it is not a quarter."""
    year, _sep, rest = (text or "").strip().upper().partition("-")
    rest = rest.removeprefix("Q")
    if not (year.isdigit() and len(year) == 4 and rest in ("1", "2", "3", "4")):
        return None
    return int(year), int(rest)


def parse_week(text: str) -> date | None:
    """An ISO day that is a Monday ("2026-11-30"), the start of a listed week; else None."""
    try:
        day = date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None
    return day if day.weekday() == 0 else None


class PeriodError(StrEnum):
    REQUIRED = "required"
    NOT_A_DATE = "not_a_date"
    TOO_EARLY = "too_early"
    IN_FUTURE = "in_future"
    BEFORE_START = "before_start"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # included


def _day(text: str) -> date | PeriodError:
    text = (text or "").strip()
    if not text:
        return PeriodError.REQUIRED
    if len(text) > 10:
        return PeriodError.NOT_A_DATE
    try:
        return date.fromisoformat(text)
    except ValueError:
        return PeriodError.NOT_A_DATE


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_period(start_text: str, end_text: str, today: date) -> Period | dict[str, PeriodError]:
    """A report's period from the two typed days (ISO, as a date field sends them): the period,
    or a problem per field ("start", "end"). Both days are included; the end is today at the
    latest; a period spans at most MAX_REPORT_YEARS years."""
    problems: dict[str, PeriodError] = {}
    start, end = _day(start_text), _day(end_text)
    if isinstance(start, date) and start < EARLIEST_REPORT_DAY:
        problems["start"] = PeriodError.TOO_EARLY
    elif isinstance(start, date) and start > today:
        problems["start"] = PeriodError.IN_FUTURE
    elif isinstance(start, PeriodError):
        problems["start"] = start
    if isinstance(end, date) and end > today:
        problems["end"] = PeriodError.IN_FUTURE
    elif isinstance(end, PeriodError):
        problems["end"] = end
    if problems or not isinstance(start, date) or not isinstance(end, date):
        return problems
    if end < start:
        return {"end": PeriodError.BEFORE_START}
    if end >= add_years(start, MAX_REPORT_YEARS):
        return {"end": PeriodError.TOO_LONG}
    return Period(start, end)


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` in whole percent, rounded half up; None when there is no whole."""
    if whole <= 0:
        return None
    return (part * 200 + whole) // (whole * 2)
