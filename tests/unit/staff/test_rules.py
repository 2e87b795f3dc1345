"""The supervisors' pure rules: bands, weeks, quarters, the report period (tables of cases)."""

from __future__ import annotations

from datetime import date

import pytest

from app.staff import rules
from app.staff.rules import Period, PeriodError

pytestmark = pytest.mark.unit


class TestRequestAgeBand:
    @pytest.mark.parametrize(
        ("days", "band"),
        [(0, "0-30"), (30, "0-30"), (31, "31-60"), (60, "31-60"), (61, "61-90"),
         (90, "61-90"), (91, "91-120"), (120, "91-120"), (121, "121+"), (4000, "121+"),
         (-1, "unknown"), (None, "unknown")],
        ids=str,
    )  # fmt: skip
    def test_band(self, days: int | None, band: str) -> None:
        assert rules.request_age_band(days) == band


class TestPersonAgeBand:
    @pytest.mark.parametrize(
        ("years", "band"),
        [(18, "<25"), (24, "<25"), (25, "25-34"), (34, "25-34"), (35, "35-44"),
         (44, "35-44"), (45, "45-54"), (54, "45-54"), (55, "55-64"), (64, "55-64"),
         (65, "65+"), (101, "65+"), (None, "unknown")],
        ids=str,
    )  # fmt: skip
    def test_band(self, years: int | None, band: str) -> None:
        assert rules.person_age_band(years) == band

    def test_sql_names_every_band(self) -> None:
        sql = rules.band_sql("x", rules.PERSON_AGE_BANDS)
        assert sql == (
            "(CASE WHEN x >= 0 AND x <= 24 THEN '<25' WHEN x >= 25 AND x <= 34 THEN '25-34' "
            "WHEN x >= 35 AND x <= 44 THEN '35-44' WHEN x >= 45 AND x <= 54 THEN '45-54' "
            "WHEN x >= 55 AND x <= 64 THEN '55-64' WHEN x >= 65 THEN '65+' ELSE 'unknown' END)"
        )


class TestBandRange:
    @pytest.mark.parametrize(
        ("code", "expected"),
        [("0-30", (date(2026, 11, 3), date(2026, 12, 3))),
         ("31-60", (date(2026, 10, 4), date(2026, 11, 2))),
         ("121+", (None, date(2026, 8, 4))),
         ("nonsense", None)],
        ids=str,
    )  # fmt: skip
    def test_received_days(self, code: str, expected: object) -> None:
        assert rules.band_range(code, date(2026, 12, 3)) == expected


class TestWeeksAndQuarters:
    def test_last_weeks_end_with_this_monday(self) -> None:
        weeks = rules.last_weeks(date(2026, 12, 3), 3)  # a Thursday
        assert weeks == (date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30))

    @pytest.mark.parametrize(
        ("today", "expected"),
        [(date(2026, 12, 3), ((2026, 2), (2026, 3), (2026, 4))),
         (date(2026, 1, 1), ((2025, 3), (2025, 4), (2026, 1))),
         (date(2026, 4, 1), ((2025, 4), (2026, 1), (2026, 2)))],
        ids=str,
    )  # fmt: skip
    def test_last_quarters(self, today: date, expected: object) -> None:
        assert rules.last_quarters(today, 3) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("2026-Q3", (2026, 3)), ("2026-q1", (2026, 1)), ("2026-4", (2026, 4)),
         ("2026-Q5", None), ("26-Q1", None), ("", None), ("2026", None)],
        ids=str,
    )  # fmt: skip
    def test_parse_quarter(self, text: str, expected: object) -> None:
        assert rules.parse_quarter(text) == expected

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("2026-11-30", date(2026, 11, 30)), ("2026-12-01", None), ("x", None), ("", None)],
        ids=str,
    )  # fmt: skip
    def test_parse_week(self, text: str, expected: object) -> None:
        assert rules.parse_week(text) == expected


TODAY = date(2026, 12, 3)


class TestCheckPeriod:
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [("2026-01-01", "2026-06-30", Period(date(2026, 1, 1), date(2026, 6, 30))),
         ("2026-12-03", "2026-12-03", Period(TODAY, TODAY)),
         ("2021-12-04", "2026-12-03", Period(date(2021, 12, 4), TODAY)),
         ("2021-12-03", "2026-12-03", {"end": PeriodError.TOO_LONG}),
         ("", "", {"start": PeriodError.REQUIRED, "end": PeriodError.REQUIRED}),
         ("2026-02-30", "2026-03-01", {"start": PeriodError.NOT_A_DATE}),
         ("01/02/2026", "2026-03-01", {"start": PeriodError.NOT_A_DATE}),
         ("2026-03-01" + "x" * 50, "2026-03-01", {"start": PeriodError.NOT_A_DATE}),
         ("1999-12-31", "2000-03-01", {"start": PeriodError.TOO_EARLY}),
         ("2026-12-04", "2026-12-05", {"start": PeriodError.IN_FUTURE,
                                       "end": PeriodError.IN_FUTURE}),
         ("2026-06-30", "2026-01-01", {"end": PeriodError.BEFORE_START})],
        ids=str,
    )  # fmt: skip
    def test_period(self, start: str, end: str, expected: object) -> None:
        assert rules.check_period(start, end, TODAY) == expected


class TestPercent:
    @pytest.mark.parametrize(
        ("part", "whole", "expected"),
        [(1, 3, 33), (2, 3, 67), (1, 2, 50), (0, 5, 0), (5, 5, 100), (1, 0, None)],
        ids=str,
    )  # fmt: skip
    def test_percent(self, part: int, whole: int, expected: int | None) -> None:
        assert rules.percent(part, whole) == expected
