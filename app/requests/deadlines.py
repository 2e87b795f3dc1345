"""Pure deadline arithmetic for requests: Belgian working days and Charte deadlines.

"today" is always a parameter. Holidays are Belgium's national public holidays from the
`holidays` package (New Year, Easter Monday, 1 May, Ascension, Whit Monday, 21 July,
15 August, 1 November, 11 November, Christmas). Fund-specific closing days (e.g. 26 December,
15 November for federal bodies) are not public holidays and are not counted here.

Sources: the Charte de l'assuré social (loi du 11 avril 1995 visant à instituer « la charte » de
l'assuré social, arts. 3 and 10), as summarised on socialsecurity.be and mutualia.be.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

import holidays

# Charte art. 10: decision within 4 months of receipt (status C).
DECISION_MONTHS = 4
# Appeal to the labour court: at least 3 months after notification (status C: socialsecurity.be,
# mutualia.be).
APPEAL_MONTHS = 3
# Charte art. 3: the fund answers a written request for information within 45 days.
# Unconfirmed (S/U): general knowledge of the Charter; the public pages read only say "dans les
# plus brefs délais": verify against the law's text before relying on it in a letter.
INFORMATION_ANSWER_DAYS = 45
INFORMATION_ANSWER_DAYS_STATUS = "U"
# If the affiliate ignores a reminder, the fund may decide 1 month after it (status C).
REMINDER_DECISION_MONTHS = 1
# Escalate this many working days before the legal deadline, so it is never breached.
ESCALATION_MARGIN_WORKING_DAYS = 5


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    # One year at a time and cached: deadlines cross year ends and run in queue sorts.
    return frozenset(holidays.country_holidays("BE", years=year).keys())


def is_holiday(d: date) -> bool:
    return d in _holidays(d.year)


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and not is_holiday(d)


def next_working_day(d: date) -> date:
    """`d` itself when it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself not counted); n < 0 counts back.

    n == 0 returns `start` unchanged, even on a weekend.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    d, remaining = start, abs(n)
    while remaining:
        d += step
        if is_working_day(d):
            remaining -= 1
    return d


def add_months(d: date, months: int) -> date:
    """Calendar-month addition, clamped to the month's end (31 Oct + 4 -> 28/29 Feb)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def legal_deadline(received_on: date, paused_days: int = 0, months: int = DECISION_MONTHS) -> date:
    """Charte art. 10: 4 months from receipt (one month for a GDPR request, art. 12(3): the
    kind says), plus the calendar days the clock was paused while the fund awaited the
    affiliate's information; a non-working day moves to the next working day."""
    if paused_days < 0:
        raise ValueError("paused_days must be >= 0")
    deadline = add_months(received_on, months) + timedelta(days=paused_days)
    return next_working_day(deadline)


def fund_target(received_on: date, working_days: int) -> date:
    """The fund's own service target for a request kind, in working days after receipt.

    Always a working day (a 0-day target on a Saturday means Monday).
    """
    if working_days < 0:
        raise ValueError("working_days must be >= 0")
    return next_working_day(add_working_days(received_on, working_days))


def paused_days(intervals: Sequence[tuple[date, date | None]], today: date) -> int:
    """Calendar days the clock was paused, from (information requested, answered) intervals.

    An open interval (answer still awaited) runs until `today`. Each interval counts
    end - start days (asked on the 1st, answered on the 11th: 10 days). Overlaps count once;
    nothing after `today` counts.
    """
    # Each interval pauses the days [start, stop); a set of day ordinals merges overlaps.
    paused: set[int] = set()
    for start, end in intervals:
        if end is not None and end < start:
            raise ValueError("pause interval ends before it starts")
        stop = today if end is None else min(end, today)
        paused.update(range(start.toordinal(), stop.toordinal()))
    return len(paused)


def escalation_due(
    legal_deadline: date, today: date, margin_working_days: int = ESCALATION_MARGIN_WORKING_DAYS
) -> bool:
    """True from `margin_working_days` working days before the deadline on (and once it is
    breached), so a supervisor acts before the legal deadline passes."""
    return today >= add_working_days(legal_deadline, -margin_working_days)


def is_overdue(deadline: date, today: date) -> bool:
    """The deadline day itself is still in time."""
    return today > deadline


def due_this_week(deadline: date, today: date) -> bool:
    """Not yet overdue and due by the Sunday of today's (ISO) week."""
    sunday = today + timedelta(days=6 - today.weekday())
    return today <= deadline <= sunday


def appeal_deadline(notified_on: date) -> date:
    """Last day to appeal to the labour court: 3 months after notification."""
    return add_months(notified_on, APPEAL_MONTHS)


def decision_allowed_after_reminder(reminder_sent_on: date, today: date) -> bool:
    """The fund may decide without the affiliate's answer 1 month after an unanswered reminder."""
    return today >= add_months(reminder_sent_on, REMINDER_DECISION_MONTHS)
