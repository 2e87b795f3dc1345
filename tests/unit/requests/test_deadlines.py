"""Working-day and Charte deadlines over real Belgian calendars (2024-2026).

Calendar used below (public holidays, weekday):
2024: 1 Apr Mon Easter Mon, 9 May Thu Ascension, 20 May Whit Mon, 21 Jul Sun, 15 Aug Thu,
      1 Nov Fri, 11 Nov Mon, 25 Dec Wed.
2025: 1 Jan Wed, 21 Apr Easter Mon, 1 May Thu, 29 May Thu Ascension, 9 Jun Whit Mon,
      21 Jul Mon, 15 Aug Fri, 1 Nov Sat, 11 Nov Tue, 25 Dec Thu.
2026: 1 Jan Thu, 6 Apr Easter Mon, 1 May Fri, 14 May Ascension, 25 May Whit Mon, 21 Jul Tue,
      15 Aug Sat, 1 Nov Sun, 11 Nov Wed, 25 Dec Fri.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.requests.deadlines import (
    APPEAL_MONTHS,
    DECISION_MONTHS,
    INFORMATION_ANSWER_DAYS,
    INFORMATION_ANSWER_DAYS_STATUS,
    REMINDER_DECISION_MONTHS,
    add_months,
    add_working_days,
    appeal_deadline,
    decision_allowed_after_reminder,
    due_this_week,
    escalation_due,
    fund_target,
    is_overdue,
    is_working_day,
    legal_deadline,
    next_working_day,
    paused_days,
)

pytestmark = pytest.mark.unit

D = date


def test_constants() -> None:
    assert (DECISION_MONTHS, APPEAL_MONTHS, REMINDER_DECISION_MONTHS) == (4, 3, 1)
    assert INFORMATION_ANSWER_DAYS == 45
    assert INFORMATION_ANSWER_DAYS_STATUS == "U"  # facts.md §5: unconfirmed, verify first


class TestIsWorkingDay:
    @pytest.mark.parametrize(
        ("day", "working"),
        [
            (D(2025, 1, 1), False),
            (D(2025, 1, 2), True),
            (D(2025, 4, 18), True),  # Good Friday is not a Belgian public holiday
            (D(2025, 4, 21), False),
            (D(2025, 4, 22), True),
            (D(2025, 5, 1), False),
            (D(2025, 5, 29), False),
            (D(2025, 5, 30), True),  # bridge day: working day in law
            (D(2025, 6, 9), False),
            (D(2025, 7, 21), False),
            (D(2025, 8, 15), False),
            (D(2024, 11, 1), False),
            (D(2025, 11, 11), False),
            (D(2025, 12, 25), False),
            (D(2025, 12, 26), True),  # not a public holiday in Belgium
            (D(2026, 1, 1), False),
            (D(2026, 7, 21), False),
            (D(2025, 6, 7), False),  # Saturday
            (D(2025, 6, 8), False),  # Sunday (and Whit Sunday)
            (D(2025, 6, 10), True),
        ],
        ids=lambda v: v.isoformat() if isinstance(v, date) else str(v),
    )
    def test_table(self, day: date, working: bool) -> None:
        assert is_working_day(day) is working


class TestAddWorkingDays:
    @pytest.mark.parametrize(
        ("start", "n", "expected"),
        [
            (D(2025, 4, 17), 1, D(2025, 4, 18)),
            (D(2025, 4, 18), 1, D(2025, 4, 22)),  # weekend + Easter Monday
            (D(2025, 4, 30), 1, D(2025, 5, 2)),  # 1 May
            (D(2025, 5, 28), 1, D(2025, 5, 30)),  # Ascension
            (D(2025, 6, 6), 1, D(2025, 6, 10)),  # weekend + Whit Monday
            (D(2025, 7, 18), 1, D(2025, 7, 22)),  # weekend + 21 July
            (D(2025, 8, 14), 1, D(2025, 8, 18)),  # 15 August + weekend
            (D(2024, 10, 31), 1, D(2024, 11, 4)),  # 1 November + weekend
            (D(2025, 11, 10), 1, D(2025, 11, 12)),  # 11 November
            (D(2025, 12, 24), 1, D(2025, 12, 26)),  # Christmas
            (D(2025, 12, 31), 1, D(2026, 1, 2)),  # New Year, across the year end
            (D(2025, 12, 19), 10, D(2026, 1, 6)),  # two holidays, two weekends, two years
            (D(2025, 6, 2), 5, D(2025, 6, 10)),
            (D(2025, 6, 7), 1, D(2025, 6, 10)),  # from a Saturday
            (D(2025, 6, 7), 0, D(2025, 6, 7)),  # zero: unchanged
            (D(2025, 4, 22), -1, D(2025, 4, 18)),  # backwards over Easter
            (D(2026, 1, 2), -2, D(2025, 12, 30)),
        ],
        ids=[
            "plain",
            "easter-monday",
            "labour-day",
            "ascension",
            "whit-monday",
            "national-day",
            "assumption",
            "all-saints",
            "armistice",
            "christmas",
            "new-year",
            "ten-over-year-end",
            "five-over-whit",
            "from-saturday",
            "zero",
            "back-over-easter",
            "back-over-new-year",
        ],
    )
    def test_table(self, start: date, n: int, expected: date) -> None:
        assert add_working_days(start, n) == expected

    @given(
        st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
        st.integers(min_value=0, max_value=400),
    )
    def test_round_trip_and_count(self, start: date, n: int) -> None:
        end = add_working_days(start, n)
        days = [start + timedelta(days=i) for i in range(1, (end - start).days + 1)]
        assert sum(is_working_day(d) for d in days) == n
        if n:
            assert is_working_day(end)
        if is_working_day(start):
            assert add_working_days(end, -n) == start


class TestNextWorkingDay:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            (D(2025, 6, 10), D(2025, 6, 10)),
            (D(2025, 6, 7), D(2025, 6, 10)),
            (D(2025, 12, 25), D(2025, 12, 26)),
        ],
        ids=["working", "saturday-before-whit-monday", "christmas"],
    )
    def test_table(self, day: date, expected: date) -> None:
        assert next_working_day(day) == expected


class TestAddMonths:
    @pytest.mark.parametrize(
        ("start", "months", "expected"),
        [
            (D(2025, 10, 31), 4, D(2026, 2, 28)),
            (D(2023, 10, 31), 4, D(2024, 2, 29)),  # leap year
            (D(2025, 1, 31), 1, D(2025, 2, 28)),
            (D(2025, 8, 31), 3, D(2025, 11, 30)),
            (D(2025, 11, 15), 3, D(2026, 2, 15)),
            (D(2025, 3, 31), -1, D(2025, 2, 28)),
        ],
        ids=[
            "oct31-plus4",
            "oct31-plus4-leap",
            "jan31-plus1",
            "aug31-plus3",
            "mid-month",
            "negative",
        ],
    )
    def test_table(self, start: date, months: int, expected: date) -> None:
        assert add_months(start, months) == expected


class TestLegalDeadline:
    @pytest.mark.parametrize(
        ("received_on", "paused", "expected"),
        [
            (D(2025, 6, 30), 0, D(2025, 10, 30)),  # plain Thursday
            # Month end: 31 October + 4 months is the end of February.
            (D(2024, 10, 31), 0, D(2025, 2, 28)),  # Friday
            (D(2023, 10, 31), 0, D(2024, 2, 29)),  # leap Thursday
            (D(2025, 10, 31), 0, D(2026, 3, 2)),  # 28 Feb 2026 is a Saturday -> Monday
            (D(2025, 7, 15), 0, D(2025, 11, 17)),  # lands on Saturday
            # Lands on a holiday -> next working day.
            (D(2024, 12, 21), 0, D(2025, 4, 22)),  # Easter Monday
            (D(2025, 1, 1), 0, D(2025, 5, 2)),  # 1 May
            (D(2025, 1, 29), 0, D(2025, 5, 30)),  # Ascension
            (D(2025, 2, 9), 0, D(2025, 6, 10)),  # Whit Monday
            (D(2025, 3, 21), 0, D(2025, 7, 22)),  # 21 July
            (D(2025, 4, 15), 0, D(2025, 8, 18)),  # 15 August (Friday) + weekend
            (D(2024, 7, 1), 0, D(2024, 11, 4)),  # 1 November (Friday) + weekend
            (D(2025, 7, 11), 0, D(2025, 11, 12)),  # 11 November
            (D(2025, 8, 25), 0, D(2025, 12, 26)),  # Christmas
            (D(2025, 9, 1), 0, D(2026, 1, 2)),  # New Year
            # Pauses extend by calendar days, then the working-day shift applies.
            (D(2025, 6, 30), 10, D(2025, 11, 10)),  # 9 Nov is a Sunday
            (D(2025, 6, 30), 12, D(2025, 11, 12)),  # 11 Nov holiday
            (D(2025, 6, 30), 13, D(2025, 11, 12)),
            (D(2024, 10, 31), 1, D(2025, 3, 3)),  # 1 March 2025 is a Saturday
        ],
        ids=[
            "plain",
            "month-end-friday",
            "month-end-leap",
            "month-end-saturday",
            "saturday",
            "easter-monday",
            "labour-day",
            "ascension",
            "whit-monday",
            "national-day",
            "assumption",
            "all-saints",
            "armistice",
            "christmas",
            "new-year",
            "pause-10",
            "pause-12",
            "pause-13",
            "pause-after-month-end",
        ],
    )
    def test_table(self, received_on: date, paused: int, expected: date) -> None:
        assert legal_deadline(received_on, paused) == expected

    def test_negative_pause_refused(self) -> None:
        with pytest.raises(ValueError):
            legal_deadline(D(2025, 6, 30), -1)

    @pytest.mark.parametrize(
        ("received_on", "paused", "expected"),
        [
            (D(2026, 3, 10), 0, D(2026, 4, 10)),  # a Friday
            (D(2026, 1, 31), 0, D(2026, 3, 2)),  # 28 Feb is a Saturday: Monday 2 March
            (D(2026, 3, 6), 0, D(2026, 4, 7)),  # 6 April is Easter Monday 2026
            (D(2026, 4, 30), 0, D(2026, 6, 1)),  # 30 May a Saturday, Sunday: Monday 1 June
            (D(2026, 3, 10), 10, D(2026, 4, 20)),  # ten days waiting for the person's answer
        ],
        ids=["plain", "month-end-saturday", "easter-monday", "weekend", "pause-10"],
    )
    def test_one_month_for_a_gdpr_request(
        self, received_on: date, paused: int, expected: date
    ) -> None:
        """GDPR art. 12(3): one month after receipt; the kind gives the months."""
        assert legal_deadline(received_on, paused, months=1) == expected

    @given(
        st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)),
        st.integers(min_value=0, max_value=365),
    )
    def test_properties(self, received_on: date, paused: int) -> None:
        deadline = legal_deadline(received_on, paused)
        assert is_working_day(deadline)
        floor = add_months(received_on, 4) + timedelta(days=paused)
        assert floor <= deadline <= floor + timedelta(days=5)  # worst case: Thu..Tue spans
        assert legal_deadline(received_on, paused + 1) >= deadline


class TestFundTarget:
    @pytest.mark.parametrize(
        ("received_on", "working_days", "expected"),
        [
            (D(2025, 4, 17), 3, D(2025, 4, 23)),  # over Easter
            (D(2025, 12, 19), 10, D(2026, 1, 6)),
            (D(2025, 6, 7), 0, D(2025, 6, 10)),  # 0 days on a Saturday before Whit Monday
            (D(2025, 6, 10), 0, D(2025, 6, 10)),
        ],
        ids=["easter", "year-end", "zero-on-saturday", "zero-on-working-day"],
    )
    def test_table(self, received_on: date, working_days: int, expected: date) -> None:
        assert fund_target(received_on, working_days) == expected

    def test_negative_refused(self) -> None:
        with pytest.raises(ValueError):
            fund_target(D(2025, 6, 10), -1)


class TestPausedDays:
    @pytest.mark.parametrize(
        ("intervals", "today", "expected"),
        [
            ([], D(2025, 4, 1), 0),
            ([(D(2025, 3, 1), D(2025, 3, 11))], D(2025, 4, 1), 10),
            ([(D(2025, 3, 1), None)], D(2025, 3, 15), 14),  # still waiting
            ([(D(2025, 3, 1), D(2025, 3, 11)), (D(2025, 4, 1), D(2025, 4, 5))], D(2025, 5, 1), 14),
            ([(D(2025, 3, 1), D(2025, 3, 11)), (D(2025, 3, 5), D(2025, 3, 20))], D(2025, 5, 1), 19),
            ([(D(2025, 3, 5), D(2025, 3, 20)), (D(2025, 3, 1), D(2025, 3, 11))], D(2025, 5, 1), 19),
            ([(D(2025, 3, 1), D(2025, 3, 11)), (D(2025, 3, 11), None)], D(2025, 3, 21), 20),
            ([(D(2025, 3, 1), D(2025, 3, 31))], D(2025, 3, 10), 9),  # future end clipped
            ([(D(2025, 4, 1), None)], D(2025, 3, 10), 0),  # starts after today
            ([(D(2025, 3, 1), D(2025, 3, 1))], D(2025, 4, 1), 0),  # answered the same day
            ([(D(2024, 2, 28), D(2024, 3, 1))], D(2024, 4, 1), 2),  # leap day counts
            ([(D(2025, 12, 20), None)], D(2026, 1, 10), 21),  # across the year end
        ],
        ids=[
            "none",
            "closed",
            "open",
            "two-disjoint",
            "overlapping",
            "overlapping-unsorted",
            "adjacent-then-open",
            "end-after-today",
            "start-after-today",
            "same-day",
            "leap-day",
            "year-end",
        ],
    )
    def test_table(
        self, intervals: list[tuple[date, date | None]], today: date, expected: int
    ) -> None:
        assert paused_days(intervals, today) == expected

    def test_inverted_interval_refused(self) -> None:
        with pytest.raises(ValueError):
            paused_days([(D(2025, 3, 11), D(2025, 3, 1))], D(2025, 4, 1))

    def test_feeds_legal_deadline(self) -> None:
        received = D(2025, 6, 30)
        pauses = [(D(2025, 7, 10), D(2025, 7, 20)), (D(2025, 9, 1), None)]
        days = paused_days(pauses, today=D(2025, 9, 3))
        assert days == 12
        assert legal_deadline(received, days) == D(2025, 11, 12)  # 11 Nov holiday -> 12


class TestEscalationDue:
    # Deadline Tue 10 June 2025; 5 working days back skips Whit Monday: Mon 2 June.
    @pytest.mark.parametrize(
        ("today", "due"),
        [
            (D(2025, 5, 30), False),
            (D(2025, 6, 1), False),  # Sunday just before the threshold
            (D(2025, 6, 2), True),  # threshold
            (D(2025, 6, 10), True),  # deadline day
            (D(2025, 6, 11), True),  # breached: still escalated
        ],
        ids=["week-before", "just-before", "at", "deadline-day", "breached"],
    )
    def test_default_margin(self, today: date, due: bool) -> None:
        assert escalation_due(D(2025, 6, 10), today) is due

    @pytest.mark.parametrize(
        ("margin", "today", "due"),
        [
            (0, D(2025, 6, 6), False),
            (0, D(2025, 6, 10), True),
            (1, D(2025, 6, 6), True),  # the working day before Tue 10 June is Fri 6 June
            (1, D(2025, 6, 5), False),
            (10, D(2025, 5, 23), True),  # 10 back skips Ascension (29 May)
            (10, D(2025, 5, 22), False),
        ],
        ids=["0-before", "0-at", "1-at", "1-before", "10-at", "10-before"],
    )
    def test_custom_margin(self, margin: int, today: date, due: bool) -> None:
        assert escalation_due(D(2025, 6, 10), today, margin_working_days=margin) is due


class TestIsOverdue:
    @pytest.mark.parametrize(
        ("today", "overdue"),
        [(D(2025, 6, 9), False), (D(2025, 6, 10), False), (D(2025, 6, 11), True)],
        ids=["just-before", "at", "just-after"],
    )
    def test_table(self, today: date, overdue: bool) -> None:
        assert is_overdue(D(2025, 6, 10), today) is overdue


class TestDueThisWeek:
    @pytest.mark.parametrize(
        ("deadline", "today", "due"),
        [
            (D(2025, 6, 10), D(2025, 6, 11), False),  # already overdue
            (D(2025, 6, 11), D(2025, 6, 11), True),  # today
            (D(2025, 6, 13), D(2025, 6, 11), True),  # Friday
            (D(2025, 6, 15), D(2025, 6, 11), True),  # Sunday closes the week
            (D(2025, 6, 16), D(2025, 6, 11), False),  # next Monday
            (D(2025, 6, 15), D(2025, 6, 15), True),  # seen on Sunday
            (D(2025, 6, 16), D(2025, 6, 15), False),
            (D(2025, 6, 22), D(2025, 6, 16), True),  # Monday sees the whole week
            (D(2026, 1, 2), D(2025, 12, 29), True),  # ISO week across the year end
        ],
        ids=[
            "overdue",
            "today",
            "friday",
            "sunday",
            "next-monday",
            "sunday-today",
            "sunday-next-monday",
            "monday-whole-week",
            "year-end-week",
        ],
    )
    def test_table(self, deadline: date, today: date, due: bool) -> None:
        assert due_this_week(deadline, today) is due


class TestAppealAndReminder:
    @pytest.mark.parametrize(
        ("notified_on", "expected"),
        [(D(2025, 11, 30), D(2026, 2, 28)), (D(2025, 6, 10), D(2025, 9, 10))],
        ids=["month-end", "plain"],
    )
    def test_appeal_deadline(self, notified_on: date, expected: date) -> None:
        assert appeal_deadline(notified_on) == expected

    @pytest.mark.parametrize(
        ("today", "allowed"),
        [(D(2025, 2, 27), False), (D(2025, 2, 28), True), (D(2025, 3, 1), True)],
        ids=["just-before", "at", "just-after"],
    )
    def test_decision_after_reminder(self, today: date, allowed: bool) -> None:
        assert decision_allowed_after_reminder(D(2025, 1, 31), today) is allowed
