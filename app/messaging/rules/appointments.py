"""Appointments with the account manager: which slots staff may publish, which an affiliate
may book, move or cancel, when an outcome may be recorded and when the reminder goes. PURE.

A slot is a staff member's time (in the office, by phone or by video) on a working day within
the fund's hours. An affiliate books a free slot up to `book_lead_hours` before it starts, and
may move or cancel it; staff may cancel it with a reason, and record once it has started
whether the person came (attended) or not (no-show). Both are reminded the day before.

The terms are fund policy, kept in appointments.toml with their source.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays

BRUSSELS = ZoneInfo("Europe/Brussels")
POLICY_FILE = Path(__file__).with_name("appointments.toml")
NOTE_MAX = 500
REASON_MIN = 10
REASON_MAX = 1000
PHONE_MAX = 20
# A phone number as people write it: digits, spaces, dots, slashes, dashes, an optional +.
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ./-]{7,18}$")


class Channel(StrEnum):
    OFFICE = "office"
    PHONE = "phone"
    VIDEO = "video"


class Status(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    MOVED = "moved"
    ATTENDED = "attended"
    NO_SHOW = "no_show"


class Outcome(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


@dataclass(frozen=True, slots=True)
class Policy:
    min_minutes: int
    max_minutes: int
    horizon_days: int
    series_max: int
    day_opens: time
    day_closes: time
    book_lead: timedelta
    shown_days: int
    max_upcoming: int
    reminders_from: time
    source: str


@cache
def policy() -> Policy:
    data = tomllib.loads(POLICY_FILE.read_text(encoding="utf-8"))
    return Policy(
        min_minutes=int(data["min_minutes"]),
        max_minutes=int(data["max_minutes"]),
        horizon_days=int(data["horizon_days"]),
        series_max=int(data["series_max"]),
        day_opens=time.fromisoformat(data["day_opens"]),
        day_closes=time.fromisoformat(data["day_closes"]),
        book_lead=timedelta(hours=int(data["book_lead_hours"])),
        shown_days=int(data["shown_days"]),
        max_upcoming=int(data["max_upcoming"]),
        reminders_from=time.fromisoformat(data["reminders_from"]),
        source=str(data["source"]),
    )


@cache
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("BE", years=year))


def working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def local(moment: datetime) -> datetime:
    return moment.astimezone(BRUSSELS)


def series(day: date, first: time, minutes: int, count: int) -> list[datetime]:
    """The starts of `count` consecutive slots of `minutes` from `first` on `day` (Brussels)."""
    start = datetime.combine(day, first, tzinfo=BRUSSELS)
    return [start + timedelta(minutes=minutes * i) for i in range(count)]


def overlaps(a_start: datetime, a_minutes: int, b_start: datetime, b_minutes: int) -> bool:
    return a_start < b_start + timedelta(minutes=b_minutes) and b_start < a_start + timedelta(
        minutes=a_minutes
    )


def slot_problem(start: datetime, minutes: int, *, now: datetime,
                 taken: Iterable[tuple[datetime, int]], rules: Policy) -> str | None:  # fmt: skip
    """Why a staff member may not publish this slot (a code), or None. `taken` are the
    member's live slots (start, minutes)."""
    if not rules.min_minutes <= minutes <= rules.max_minutes:
        return "duration"
    begins = local(start)
    ends = begins + timedelta(minutes=minutes)
    if start <= now:
        return "past"
    if begins.date() > local(now).date() + timedelta(days=rules.horizon_days):
        return "too_far"
    if not working_day(begins.date()):
        return "closed_day"
    if (
        begins.time() < rules.day_opens
        or ends.date() != begins.date()
        or (ends.time() > rules.day_closes)
    ):
        return "hours"
    if any(overlaps(start, minutes, other, other_minutes) for other, other_minutes in taken):
        return "overlap"
    return None


def bookable(start: datetime, *, now: datetime, rules: Policy) -> bool:
    """An affiliate may book, or move into, a slot until the lead time before it starts."""
    return start - now >= rules.book_lead


def cancellable(start: datetime, *, now: datetime) -> bool:
    """Either side may cancel a booked appointment until it starts."""
    return now < start


def outcome_recordable(start: datetime, *, now: datetime) -> bool:
    """Whether the person came can be said once the appointment has started."""
    return now >= start


def reminder_day(now: datetime, rules: Policy) -> date | None:
    """The reminder run of `now` covers the appointments of the next calendar day (Brussels),
    once the reminders' hour has come; before it, None (nobody is woken in the night)."""
    moment = local(now)
    if moment.time() < rules.reminders_from:
        return None
    return moment.date() + timedelta(days=1)


def valid_phone(value: str) -> bool:
    return bool(PHONE_PATTERN.match(value.strip()))
