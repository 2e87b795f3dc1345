"""The home's next date for an open request: the fund's aim while it holds, then the law's."""

from __future__ import annotations

from datetime import date

import pytest

from app.home.dashboard import next_date
from app.requests.rules import DueDates

DUE = DueDates(legal=date(2026, 7, 2), target=date(2026, 3, 16), paused=False, paused_days=0)


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        ("received", date(2026, 3, 4), date(2026, 3, 16)),  # the aim is ahead
        ("in_review", date(2026, 3, 16), date(2026, 3, 16)),  # the aim is today
        ("in_review", date(2026, 3, 17), date(2026, 7, 2)),  # aim missed: the legal deadline
        ("information_requested", date(2026, 3, 4), None),  # the clock waits for the person
    ],
)
def test_next_date(status: str, today: date, expected: date | None) -> None:
    assert next_date(status, DUE, today) == expected


def test_no_date_before_receipt() -> None:
    assert next_date("submitted", None, date(2026, 3, 4)) is None
