"""The appointment rules (app/messaging/rules/appointments.py) as tables of literal cases.
Times are Brussels times in December 2026 (UTC+1) and June 2027 (UTC+2); the public holidays
are Belgium's (Christmas, 25 December; Whit Monday, 17 May 2027)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from app.messaging.rules import appointments as rules

POLICY = rules.policy()
# Monday 7 December 2026, 09:00 in Brussels.
NOW = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def brussels(day: date, at: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(at), tzinfo=rules.BRUSSELS)


def test_the_policy_file() -> None:
    assert (POLICY.min_minutes, POLICY.max_minutes, POLICY.horizon_days) == (15, 120, 90)
    assert (POLICY.day_opens, POLICY.day_closes) == (time(8, 30), time(17, 0))
    assert POLICY.max_upcoming == 3 and POLICY.reminders_from == time(8, 0)
    assert "Fund policy" in POLICY.source


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 8), True),  # a Tuesday
        (date(2026, 12, 12), False),  # a Saturday
        (date(2026, 12, 13), False),  # a Sunday
        (date(2026, 12, 25), False),  # Christmas
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2027, 5, 17), False),  # Whit Monday
        (date(2027, 5, 18), True),
        (date(2026, 11, 11), False),  # Armistice
    ],
)
def test_working_days(day: date, working: bool) -> None:
    assert rules.working_day(day) is working


@pytest.mark.parametrize(
    ("start", "minutes", "taken", "problem"),
    [
        (brussels(date(2026, 12, 8), "14:00"), 30, [], None),
        (brussels(date(2026, 12, 8), "08:30"), 30, [], None),  # the first allowed start
        (brussels(date(2026, 12, 8), "16:30"), 30, [], None),  # ends at 17:00 sharp
        (brussels(date(2026, 12, 8), "16:45"), 30, [], "hours"),  # would end at 17:15
        (brussels(date(2026, 12, 8), "08:15"), 30, [], "hours"),
        (brussels(date(2026, 12, 8), "14:00"), 10, [], "duration"),
        (brussels(date(2026, 12, 8), "09:00"), 150, [], "duration"),
        (brussels(date(2026, 12, 7), "08:45"), 30, [], "past"),  # 15 minutes ago
        (brussels(date(2026, 12, 25), "10:00"), 30, [], "closed_day"),
        (brussels(date(2026, 12, 12), "10:00"), 30, [], "closed_day"),
        # 7 March 2027 is the 90th day (within the horizon, but a Sunday); 8 March the 91st.
        (brussels(date(2027, 3, 7), "10:00"), 30, [], "closed_day"),
        (brussels(date(2027, 3, 8), "10:00"), 30, [], "too_far"),
        (brussels(date(2027, 3, 5), "10:00"), 30, [], None),  # a Friday within 90 days
        # Against one's slot of 14:00-14:30: touching is fine, overlapping is not.
        (
            brussels(date(2026, 12, 8), "14:30"),
            30,
            [(brussels(date(2026, 12, 8), "14:00"), 30)],
            None,
        ),
        (
            brussels(date(2026, 12, 8), "13:30"),
            30,
            [(brussels(date(2026, 12, 8), "14:00"), 30)],
            None,
        ),
        (
            brussels(date(2026, 12, 8), "14:15"),
            30,
            [(brussels(date(2026, 12, 8), "14:00"), 30)],
            "overlap",
        ),
        (
            brussels(date(2026, 12, 8), "13:00"),
            120,
            [(brussels(date(2026, 12, 8), "14:00"), 30)],
            "overlap",
        ),
    ],
)
def test_what_staff_may_publish(
    start: datetime, minutes: int, taken: list[tuple[datetime, int]], problem: str | None
) -> None:
    assert rules.slot_problem(start, minutes, now=NOW, taken=taken, rules=POLICY) == problem


def test_a_series_is_consecutive_in_brussels_time() -> None:
    assert rules.series(date(2026, 12, 8), time(14, 0), 30, 3) == [
        datetime(2026, 12, 8, 13, 0, tzinfo=UTC),
        datetime(2026, 12, 8, 13, 30, tzinfo=UTC),
        datetime(2026, 12, 8, 14, 0, tzinfo=UTC),
    ]
    # Summer time: 14:00 in Brussels is 12:00 UTC.
    assert rules.series(date(2027, 6, 1), time(14, 0), 45, 1) == [
        datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
    ]


@pytest.mark.parametrize(
    ("start", "bookable", "cancellable", "outcome"),
    [
        (datetime(2026, 12, 7, 11, 0, tzinfo=UTC), True, True, False),  # 3 hours ahead
        (datetime(2026, 12, 7, 10, 0, tzinfo=UTC), True, True, False),  # exactly 2 hours
        (datetime(2026, 12, 7, 9, 59, tzinfo=UTC), False, True, False),  # 1 h 59 ahead
        (datetime(2026, 12, 7, 8, 0, tzinfo=UTC), False, False, True),  # starts now
        (datetime(2026, 12, 7, 7, 30, tzinfo=UTC), False, False, True),  # started
    ],
)
def test_booking_cancelling_and_the_outcome(
    start: datetime, bookable: bool, cancellable: bool, outcome: bool
) -> None:
    assert rules.bookable(start, now=NOW, rules=POLICY) is bookable
    assert rules.cancellable(start, now=NOW) is cancellable
    assert rules.outcome_recordable(start, now=NOW) is outcome


@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2026, 12, 7, 6, 59, tzinfo=UTC), None),  # 07:59 in Brussels: not yet
        (datetime(2026, 12, 7, 7, 0, tzinfo=UTC), date(2026, 12, 8)),  # 08:00
        (datetime(2026, 12, 7, 22, 50, tzinfo=UTC), date(2026, 12, 8)),  # 23:50
        (datetime(2026, 12, 7, 23, 10, tzinfo=UTC), None),  # 00:10 on the 8th in Brussels
        (datetime(2026, 12, 31, 9, 0, tzinfo=UTC), date(2027, 1, 1)),
        (datetime(2027, 6, 1, 6, 0, tzinfo=UTC), date(2027, 6, 2)),  # 08:00 summer time
    ],
)
def test_the_reminder_run_covers_tomorrow_from_eight(now: datetime, day: date | None) -> None:
    assert rules.reminder_day(now, POLICY) == day


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("0470 12 34 56", True),
        ("+32 470 12 34 56", True),
        ("02/123.45.67", True),
        ("0470-123456", True),
        ("call me", False),
        ("12345", False),
        ("+32 470 12 34 56 78 90 12", False),
        ("", False),
    ],
)
def test_phone_numbers(phone: str, valid: bool) -> None:
    assert rules.valid_phone(phone) is valid
