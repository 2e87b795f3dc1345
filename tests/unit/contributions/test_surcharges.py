"""Surcharges: 3 % per quarter end while unpaid, plus a one-off 7 % at 31 December."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.errors import InvalidAmount
from app.contributions.rules.surcharges import SurchargeLine, surcharges

pytestmark = pytest.mark.unit

Q = "surcharge.quarterly"
A = "surcharge.annual"
THOUSAND = Decimal("1000.00")
THREE, SEVEN = Decimal("0.03"), Decimal("0.07")


def summary(result: object) -> list[tuple[str, date, Decimal]]:
    return [(line.code, line.on, line.amount) for line in result.lines]  # type: ignore[attr-defined]


class TestSurcharges:
    @pytest.mark.parametrize(
        ("due", "paid_on", "expected_total", "expected"),
        [
            pytest.param(date(2025, 3, 31), date(2025, 3, 31), "0", [], id="paid-on-due-date"),
            pytest.param(date(2025, 3, 31), date(2025, 2, 1), "0", [], id="paid-early"),
            pytest.param(
                date(2025, 3, 31),
                date(2025, 4, 1),
                "30.00",
                [(Q, date(2025, 3, 31), Decimal("30.00"))],
                id="one-day-late",
            ),
            pytest.param(
                date(2025, 3, 31),
                date(2025, 7, 1),
                "60.00",
                [
                    (Q, date(2025, 3, 31), Decimal("30.00")),
                    (Q, date(2025, 6, 30), Decimal("30.00")),
                ],
                id="two-quarters",
            ),
            pytest.param(
                date(2025, 12, 31),
                date(2026, 1, 2),
                "100.00",
                [
                    (Q, date(2025, 12, 31), Decimal("30.00")),
                    (A, date(2025, 12, 31), Decimal("70.00")),
                ],
                id="q4-late",
            ),
            pytest.param(
                date(2025, 9, 30),
                date(2026, 7, 1),
                "190.00",
                [
                    (Q, date(2025, 9, 30), Decimal("30.00")),
                    (Q, date(2025, 12, 31), Decimal("30.00")),
                    (A, date(2025, 12, 31), Decimal("70.00")),
                    (Q, date(2026, 3, 31), Decimal("30.00")),
                    (Q, date(2026, 6, 30), Decimal("30.00")),
                ],
                id="annual-surcharge-only-once",
            ),
        ],
    )
    def test_paid_late(
        self,
        due: date,
        paid_on: date,
        expected_total: str,
        expected: list[tuple[str, date, Decimal]],
    ) -> None:
        result = surcharges(THOUSAND, due, paid_on=paid_on)
        assert summary(result) == expected
        assert result.total == Decimal(expected_total)
        assert result.paid

    def test_unpaid_until_today(self) -> None:
        result = surcharges(THOUSAND, date(2025, 3, 31), today=date(2026, 1, 5))
        assert [line.on for line in result.lines] == [
            date(2025, 3, 31),
            date(2025, 6, 30),
            date(2025, 9, 30),
            date(2025, 12, 31),
            date(2025, 12, 31),
        ]
        assert result.total == Decimal("190.00")  # 4 × 30.00 + 70.00
        assert not result.paid
        assert result.settled_on == date(2026, 1, 5)

    def test_quarter_end_is_still_on_time_today(self) -> None:
        result = surcharges(THOUSAND, date(2025, 3, 31), today=date(2025, 6, 30))
        assert [line.on for line in result.lines] == [date(2025, 3, 31)]

    def test_not_compounded_and_rounded_per_line(self) -> None:
        # 3 % × 871.71 = 26.1513 → 26.15 ; 7 % × 871.71 = 61.0197 → 61.02
        result = surcharges(Decimal("871.71"), date(2025, 9, 30), paid_on=date(2026, 1, 1))
        assert result.lines == (
            SurchargeLine(Q, date(2025, 9, 30), Decimal("871.71"), THREE, Decimal("26.15")),
            SurchargeLine(Q, date(2025, 12, 31), Decimal("871.71"), THREE, Decimal("26.15")),
            SurchargeLine(A, date(2025, 12, 31), Decimal("871.71"), SEVEN, Decimal("61.02")),
        )
        assert result.total == Decimal("113.32")

    def test_rounding_is_half_up(self) -> None:
        # 3 % × 1.50 = 0.045 → 0.05 (half-up; banker's rounding would give 0.04)
        result = surcharges(Decimal("1.50"), date(2025, 3, 31), paid_on=date(2025, 4, 1))
        assert result.total == Decimal("0.05")

    def test_explanation(self) -> None:
        result = surcharges(THOUSAND, date(2025, 12, 31), paid_on=date(2026, 1, 2))
        codes = [line.code for line in result.explanation]
        assert codes == [Q, A, "surcharge.total"]
        assert result.explanation[-1].amount == Decimal("100.00")

    def test_nothing_on_zero(self) -> None:
        assert surcharges(Decimal("0"), date(2025, 3, 31), today=date(2026, 1, 1)).total == 0

    def test_exactly_one_of_paid_on_or_today(self) -> None:
        with pytest.raises(InvalidAmount):
            surcharges(THOUSAND, date(2025, 3, 31))
        with pytest.raises(InvalidAmount):
            surcharges(
                THOUSAND, date(2025, 3, 31), paid_on=date(2025, 4, 1), today=date(2025, 4, 1)
            )

    def test_negative_amount(self) -> None:
        with pytest.raises(InvalidAmount) as info:
            surcharges(Decimal("-1"), date(2025, 3, 31), today=date(2025, 5, 1))
        assert info.value.code == "amount.negative"


class TestSurchargesStopAtTheRegularisation:
    """AR 19/12/1967 art. 44: the 3 % runs until the quarter before the one in which the
    regularisation is communicated (facts §8 point 6, single source)."""

    @pytest.mark.parametrize(
        ("communicated_on", "expected_total", "expected_ends", "stopped_on"),
        [
            # Due 31/3/2025, still unpaid 15/2/2026; communicated 10/11/2025 (Q4 2025): the
            # quarter ends 31/3, 30/6, 30/9 are surcharged (3 × 30.00), 31/12 (Q4) is not, and
            # so no 7 % at 31/12 either.
            pytest.param(
                date(2025, 11, 10),
                "90.00",
                [date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30)],
                date(2025, 12, 31),
                id="communicated-in-q4",
            ),
            # Communicated 1/7/2025 (Q3): 31/3 and 30/6 only = 60.00.
            pytest.param(
                date(2025, 7, 1),
                "60.00",
                [date(2025, 3, 31), date(2025, 6, 30)],
                date(2025, 9, 30),
                id="communicated-first-day-of-q3",
            ),
            # Communicated 30/6/2025 (still Q2): only 31/3 = 30.00.
            pytest.param(
                date(2025, 6, 30),
                "30.00",
                [date(2025, 3, 31)],
                date(2025, 6, 30),
                id="communicated-last-day-of-q2",
            ),
            # Communicated after the settlement: nothing changes (3 × 30 + 30 + 70 = 190.00).
            pytest.param(date(2026, 5, 1), "190.00", None, None, id="communicated-later"),
        ],
    )
    def test_stop(
        self,
        communicated_on: date,
        expected_total: str,
        expected_ends: list[date] | None,
        stopped_on: date | None,
    ) -> None:
        result = surcharges(
            THOUSAND, date(2025, 3, 31), today=date(2026, 2, 15), communicated_on=communicated_on
        )
        assert result.total == Decimal(expected_total)
        if expected_ends is not None:
            assert [line.on for line in result.lines] == expected_ends
            assert all(line.code == Q for line in result.lines)
        assert result.stopped_on == stopped_on
        codes = [line.code for line in result.explanation]
        assert ("surcharge.stopped" in codes) is (stopped_on is not None)

    def test_without_communication_the_surcharges_run_to_payment(self) -> None:
        # 31/3, 30/6, 30/9, 31/12 at 3 % (4 × 30.00) + 7 % at 31/12 (70.00) = 190.00.
        result = surcharges(THOUSAND, date(2025, 3, 31), today=date(2026, 2, 15))
        assert result.total == Decimal("190.00")
        assert result.stopped_on is None
