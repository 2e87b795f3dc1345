"""The benefits' schedules, as tables of literal cases checked by hand against the year files.

2025 (app/contributions/parameters/2025.toml [guides.bridging]): 1 638,26 € a month without
family charge, 2 047,18 € with (ucm.be FAQ, status U: its date is not confirmed), so a 7-day
segment (25 %) is 409,57 € / 511,80 € (facts.md §2's own table: 409,57 and 511,80). 2026 has no
amount (status U, no value): its periods have none. Segments run to the end of the month after
the event, then calendar months (facts.md §8 point 17). Partial tiers (facts.md §2): 7–13 days
25 %, 14–20 50 %, 21–27 75 %, 28+ 100 %. Birth leave: 20 days at most, 96,60 €/day (2023 value,
status U), 15 service vouchers for at most 8 days; maternity aid: 105 vouchers (status C).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.benefits.rules.birth import birth_leave, maternity_aid
from app.benefits.rules.bridging import (
    BridgingTerms,
    Pillar,
    bridging_schedule,
    granted_months,
    partial_share,
)
from app.benefits.rules.common import PeriodKind, Series, series_of
from app.contributions.rules.parameters import load_year, parse_document

D = Decimal
SEG, MONTH, PART = PeriodKind.SEGMENT, PeriodKind.MONTH, PeriodKind.PARTIAL


def rows(terms: BridgingTerms, decided: date, series: Series | None = None) -> list[tuple]:
    return [
        (p.kind, p.starts_on, p.ends_on, p.due_on, p.share, p.value)
        for p in bridging_schedule(terms, decided, series)
    ]


def test_bankruptcy_2025_twelve_months_single() -> None:
    """12 March 2025: 7 segments to 29 April (30 April is no full segment), then May 2025 to
    February 2026, then the cap's last quarter as one segment of March 2026. 2026 has no
    amount: its periods have none."""
    got = rows(BridgingTerms(Pillar.BANKRUPTCY, date(2025, 3, 12), 12, False), date(2025, 6, 2))
    seg = D("409.57")
    assert got == [
        (SEG, date(2025, 3, 12), date(2025, 3, 18), date(2025, 6, 2), D("0.25"), seg),
        (SEG, date(2025, 3, 19), date(2025, 3, 25), date(2025, 6, 2), D("0.25"), seg),
        (SEG, date(2025, 3, 26), date(2025, 4, 1), date(2025, 6, 2), D("0.25"), seg),
        (SEG, date(2025, 4, 2), date(2025, 4, 8), date(2025, 6, 2), D("0.25"), seg),
        (SEG, date(2025, 4, 9), date(2025, 4, 15), date(2025, 6, 2), D("0.25"), seg),
        (SEG, date(2025, 4, 16), date(2025, 4, 22), date(2025, 6, 2), D("0.25"), seg),
        (SEG, date(2025, 4, 23), date(2025, 4, 29), date(2025, 6, 2), D("0.25"), seg),
        (MONTH, date(2025, 5, 1), date(2025, 5, 31), date(2025, 6, 2), D(1), D("1638.26")),
        (MONTH, date(2025, 6, 1), date(2025, 6, 30), date(2025, 7, 1), D(1), D("1638.26")),
        (MONTH, date(2025, 7, 1), date(2025, 7, 31), date(2025, 8, 1), D(1), D("1638.26")),
        (MONTH, date(2025, 8, 1), date(2025, 8, 31), date(2025, 9, 1), D(1), D("1638.26")),
        (MONTH, date(2025, 9, 1), date(2025, 9, 30), date(2025, 10, 1), D(1), D("1638.26")),
        (MONTH, date(2025, 10, 1), date(2025, 10, 31), date(2025, 11, 1), D(1), D("1638.26")),
        (MONTH, date(2025, 11, 1), date(2025, 11, 30), date(2025, 12, 1), D(1), D("1638.26")),
        (MONTH, date(2025, 12, 1), date(2025, 12, 31), date(2026, 1, 1), D(1), D("1638.26")),
        (MONTH, date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), D(1), None),
        (MONTH, date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 1), D(1), None),
        (PART, date(2026, 3, 1), date(2026, 3, 7), date(2026, 3, 8), D("0.25"), None),
    ]
    assert sum(r[4] for r in got) == 12


def test_forced_interruption_of_75_days_with_family_charge() -> None:
    """10 February 2025 for 75 days (to 25 April): 7 segments to 30 March, then April's 25
    days at the 21–27 days tier (75 % of 2 047,18 = 1 535,385 → 1 535,39)."""
    terms = BridgingTerms(Pillar.FORCED_INTERRUPTION, date(2025, 2, 10), 12, True, 75)
    got = rows(terms, date(2025, 2, 1))
    assert got[0] == (SEG, date(2025, 2, 10), date(2025, 2, 16), date(2025, 2, 17), D("0.25"),
                      D("511.80"))  # fmt: skip
    assert got[6] == (SEG, date(2025, 3, 24), date(2025, 3, 30), date(2025, 3, 31), D("0.25"),
                      D("511.80"))  # fmt: skip
    assert got[7:] == [
        (PART, date(2025, 4, 1), date(2025, 4, 25), date(2025, 4, 26), D("0.75"), D("1535.39"))
    ]
    assert len(got) == 8


@pytest.mark.parametrize(
    ("days", "last_rows"),
    [
        # 20 days: 2 segments (14 days), the 6 days left are no segment.
        (20, [(SEG, date(2025, 6, 9), date(2025, 6, 15), D("0.25"))]),
        # 60 days from 2 June (to 31 July: the end of the month after): 8 segments to 27 July.
        (60, [(SEG, date(2025, 7, 21), date(2025, 7, 27), D("0.25"))]),
        # 80 days, to 20 August: 8 segments, then 20 days of August at 50 %.
        (80, [(PART, date(2025, 8, 1), date(2025, 8, 20), D("0.50"))]),
        # 100 days, to 9 September: August whole, then 9 days of September at 25 %.
        (
            100,
            [
                (MONTH, date(2025, 8, 1), date(2025, 8, 31), D(1)),
                (PART, date(2025, 9, 1), date(2025, 9, 9), D("0.25")),
            ],
        ),
    ],
)
def test_forced_interruption_tiers(days: int, last_rows: list[tuple]) -> None:
    terms = BridgingTerms(Pillar.FORCED_INTERRUPTION, date(2025, 6, 2), 12, False, days)
    got = [(r[0], r[1], r[2], r[4]) for r in rows(terms, date(2025, 6, 2))]
    assert got[-len(last_rows) :] == last_rows


def test_economic_difficulty_three_months_reaches_an_unknown_year() -> None:
    """3 November 2025, 3 months: 8 segments (2 months) to 28 December, then January 2026,
    whose amount the 2026 file does not have."""
    got = rows(BridgingTerms(Pillar.ECONOMIC_DIFFICULTY, date(2025, 11, 3), 3, False),
               date(2025, 11, 3))  # fmt: skip
    assert [r[0] for r in got] == [SEG] * 8 + [MONTH]
    assert got[7] == (SEG, date(2025, 12, 22), date(2025, 12, 28), date(2025, 12, 29),
                      D("0.25"), D("409.57"))  # fmt: skip
    assert got[8] == (MONTH, date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), D(1), None)


def test_2026_periods_are_unconfirmed_without_amount() -> None:
    periods = bridging_schedule(BridgingTerms(Pillar.BANKRUPTCY, date(2026, 2, 2), 1, False),
                                date(2026, 2, 2))  # fmt: skip
    assert [(p.kind, p.starts_on, p.ends_on) for p in periods] == [
        (SEG, date(2026, 2, 2), date(2026, 2, 8)),
        (SEG, date(2026, 2, 9), date(2026, 2, 15)),
        (SEG, date(2026, 2, 16), date(2026, 2, 22)),
        (SEG, date(2026, 2, 23), date(2026, 3, 1)),
    ]
    assert {(p.value, p.payable, p.confirmed, p.amount.status) for p in periods} == {
        (None, None, False, "U")
    }


def test_an_unconfirmed_figure_is_never_payable() -> None:
    """2025's amount is sourced but status U (its date is not confirmed): shown, not paid."""
    first = bridging_schedule(BridgingTerms(Pillar.BANKRUPTCY, date(2025, 3, 12), 1, False),
                              date(2025, 3, 12))[0]  # fmt: skip
    assert (first.value, first.confirmed, first.payable) == (D("409.57"), False, None)


INDEXED = parse_document(
    {
        "guides": {
            "bridging": {
                "monthly_single": {
                    "since_january": {
                        "value": D("1600.00"),
                        "unit": "EUR",
                        "status": "S",
                        "effective_from": date(2025, 1, 1),
                        "source": "test",
                    },
                    "since_may": {
                        "value": D("1632.00"),
                        "unit": "EUR",
                        "status": "S",
                        "effective_from": date(2025, 5, 1),
                        "source": "test",
                    },
                }
            }
        }
    },
    "test",
)


def test_a_mid_year_indexation_applies_from_its_date() -> None:
    """A later leaf replaces the January amount for the periods starting on or after it."""
    series = Series("guides.bridging.monthly_single",
                    series_of(INDEXED, "guides.bridging.monthly_single"))  # fmt: skip
    got = rows(BridgingTerms(Pillar.BANKRUPTCY, date(2025, 4, 1), 3, False), date(2025, 4, 1),
               series)  # fmt: skip
    assert [(r[1], r[5]) for r in got] == [
        (date(2025, 4, 1), D("400.00")),
        (date(2025, 4, 8), D("400.00")),
        (date(2025, 4, 15), D("400.00")),
        (date(2025, 4, 22), D("400.00")),
        (date(2025, 4, 29), D("400.00")),  # 29 April to 5 May starts in April: 1 600 × 25 %
        (date(2025, 5, 6), D("408.00")),  # 1 632 × 25 %
        (date(2025, 5, 13), D("408.00")),
        (date(2025, 5, 20), D("408.00")),
        (date(2025, 6, 1), D("1632.00")),
    ]


@pytest.mark.parametrize(
    ("pillar", "career", "months"),
    [
        (Pillar.BANKRUPTCY, None, 12),
        (Pillar.BANKRUPTCY, 14, 12),
        (Pillar.BANKRUPTCY, 15, 24),
        (Pillar.FORCED_INTERRUPTION, 3, 12),
        (Pillar.ECONOMIC_DIFFICULTY, None, 3),
        (Pillar.ECONOMIC_DIFFICULTY, 1, 0),
        (Pillar.ECONOMIC_DIFFICULTY, 2, 3),
        (Pillar.ECONOMIC_DIFFICULTY, 5, 6),
        (Pillar.ECONOMIC_DIFFICULTY, 15, 12),
    ],
)
def test_granted_months(pillar: Pillar, career: int | None, months: int) -> None:
    assert granted_months(load_year(2026), pillar, career) == months


@pytest.mark.parametrize(
    ("days", "share"), [(6, D(0)), (7, D("0.25")), (13, D("0.25")), (14, D("0.50")),
                        (21, D("0.75")), (27, D("0.75")), (28, D(1)), (31, D(1))],
)  # fmt: skip
def test_partial_tiers(days: int, share: Decimal) -> None:
    assert partial_share(load_year(2025), days) == share


@pytest.mark.parametrize(
    ("days", "paid_days", "value", "vouchers"),
    [(10, 10, D("966.00"), 0), (8, 8, D("772.80"), 15), (25, 20, D("1932.00"), 0),
     (0, 0, D("0.00"), 0)],
)  # fmt: skip
def test_birth_leave(days: int, paid_days: int, value: Decimal, vouchers: int) -> None:
    """96,60 € a day (2023 value, status U): computed, flagged, never payable; the days lie
    within 4 months of the birth (20 May to 19 September)."""
    leave = birth_leave(load_year(2025), date(2025, 5, 20), days, date(2025, 7, 1))
    assert (leave.days, leave.period.value, leave.vouchers) == (paid_days, value, vouchers)
    assert (leave.period.starts_on, leave.period.ends_on) == (date(2025, 5, 20),
                                                              date(2025, 9, 19))  # fmt: skip
    assert (leave.period.due_on, leave.period.confirmed, leave.period.payable) == (
        date(2025, 7, 1), False, None)  # fmt: skip


def test_maternity_aid_is_an_order_of_105_vouchers() -> None:
    order = maternity_aid(load_year(2026))
    assert (order.count, order.status) == (105, "C")
