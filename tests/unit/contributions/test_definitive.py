"""Definitive contribution and regularisation: real income, no indexation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.contributions.rules.categories import Category
from app.contributions.rules.definitive import (
    RegularisedQuarter,
    definitive_contribution,
    regularise,
    supplement_due_date,
)
from app.contributions.rules.errors import InvalidIncome, InvalidQuarter
from app.contributions.rules.parameters import load_year
from app.contributions.rules.provisional import annualise

pytestmark = pytest.mark.unit

MINIMUM_2025 = Decimal("871.71")  # main minimum quarterly 2025
AT_25000 = Decimal("1281.25")  # 20.50 % × 25 000 / 4


def paid(amount: str | Decimal, quarters: tuple[int, ...] = (1, 2, 3, 4)) -> dict[int, Decimal]:
    return dict.fromkeys(quarters, Decimal(amount))


class TestRegularise:
    def test_supplement_due(self) -> None:
        result = regularise(
            load_year(2025),
            "main",
            real_income=Decimal("25000"),
            provisional_paid=paid(MINIMUM_2025),
            revision_date=date(2027, 5, 10),
        )
        assert result.quarters[0] == RegularisedQuarter(
            1, Category.MAIN, MINIMUM_2025, AT_25000, Decimal("409.54")
        )
        assert result.total_provisional == Decimal("3486.84")
        assert result.total_definitive == Decimal("5125.00")
        assert result.balance == result.balance_due == Decimal("1638.16")
        assert result.refund == 0
        assert result.supplement_due_date == date(2027, 9, 30)
        codes = [line.code for line in result.explanation]
        assert codes[0] == "income.real"
        assert codes[-1] == "regularisation.balance_due"
        assert "income.indexed" not in codes

    def test_refund(self) -> None:
        result = regularise(
            load_year(2025),
            "main",
            real_income=Decimal("10000"),
            provisional_paid=paid(AT_25000),
            revision_date=date(2027, 5, 10),
        )
        assert result.refund == Decimal("1638.16")
        assert result.balance == Decimal("-1638.16")
        assert result.balance_due == 0
        assert result.supplement_due_date is None
        assert result.explanation[-1].code == "regularisation.refund"

    def test_settled(self) -> None:
        result = regularise(
            load_year(2025),
            "main",
            real_income=Decimal("25000"),
            provisional_paid=paid(AT_25000),
            revision_date=date(2027, 5, 10),
        )
        assert result.balance == 0
        assert result.explanation[-1].code == "regularisation.settled"

    def test_unpaid_quarter_counts_as_zero(self) -> None:
        result = regularise(
            load_year(2025),
            "main",
            real_income=Decimal("25000"),
            provisional_paid={1: AT_25000, 2: AT_25000, 3: AT_25000},
            revision_date=date(2027, 5, 10),
        )
        assert result.quarters[3].provisional == 0
        assert result.balance_due == AT_25000

    def test_real_income_is_not_indexed(self) -> None:
        # 2026 has a revaluation coefficient; regularisation must not apply it.
        result = regularise(
            load_year(2026),
            "main",
            real_income=Decimal("30000"),
            provisional_paid=paid("0"),
            revision_date=date(2028, 2, 1),
        )
        assert result.income_basis == Decimal("30000")
        assert result.quarters[0].definitive == Decimal("1537.50")  # 20.50 % × 30 000 / 4
        assert "revaluation.coefficient" not in result.parameters_used

    def test_partial_year_is_annualised(self) -> None:
        # Start in Q2: 15 000 × 4/3 = 20 000 → 20.50 % × 20 000 / 4 = 1025.00 per quarter.
        result = regularise(
            load_year(2025),
            "main",
            real_income=Decimal("15000"),
            provisional_paid=paid(MINIMUM_2025, (2, 3, 4)),
            revision_date=date(2027, 5, 10),
            start_quarter=2,
        )
        assert [q.quarter for q in result.quarters] == [2, 3, 4]
        assert result.income_basis == Decimal("20000.00")
        assert result.quarters[0].definitive == Decimal("1025.00")
        assert result.balance_due == Decimal("459.87")  # 3 × (1025.00 − 871.71)
        assert "income.annualised" in [line.code for line in result.explanation]

    def test_categories_per_quarter(self) -> None:
        # Primo-starter in Q1–Q2, then main activity: each quarter at its own minimum.
        result = regularise(
            load_year(2025),
            {1: "starter", 2: "starter", 3: "main", 4: "main"},
            real_income=Decimal("5000"),
            provisional_paid={
                1: Decimal("450.15"),
                2: Decimal("450.15"),
                3: MINIMUM_2025,
                4: MINIMUM_2025,
            },
            revision_date=date(2027, 5, 10),
        )
        assert [q.definitive for q in result.quarters] == [
            Decimal("450.15"),
            Decimal("450.15"),
            MINIMUM_2025,
            MINIMUM_2025,
        ]
        assert result.balance == 0

    def test_quarter_outside_subjection_is_refused(self) -> None:
        with pytest.raises(InvalidQuarter):
            regularise(
                load_year(2025),
                "main",
                real_income=Decimal("1"),
                provisional_paid={1: Decimal("1")},
                revision_date=date(2027, 1, 1),
                start_quarter=2,
            )

    def test_negative_income_is_refused(self) -> None:
        with pytest.raises(InvalidIncome):
            regularise(
                load_year(2025),
                "main",
                real_income=Decimal("-1"),
                provisional_paid={},
                revision_date=date(2027, 1, 1),
            )


class TestSupplementDueDate:
    @pytest.mark.parametrize(
        ("revision", "due"),
        [
            (date(2027, 1, 1), date(2027, 6, 30)),
            (date(2027, 5, 10), date(2027, 9, 30)),
            (date(2027, 9, 30), date(2027, 12, 31)),
            (date(2027, 11, 15), date(2028, 3, 31)),
        ],
    )
    def test_last_day_of_following_quarter(self, revision: date, due: date) -> None:
        assert supplement_due_date(revision) == due


class TestDefinitiveContribution:
    def test_on_real_income(self) -> None:
        result = definitive_contribution(load_year(2025), "pensioner", Decimal("25000"))
        assert result.quarterly == Decimal("918.75")
        assert result.explanation[0].code == "income.real"


class TestAnnualise:
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (1, 4, "10000"),
            (2, 4, "13333.33"),
            (3, 4, "20000.00"),
            (4, 4, "40000.00"),
            (1, 2, "20000.00"),
            (2, 3, "20000.00"),
        ],
    )
    def test_annualise(self, start: int, end: int, expected: str) -> None:
        assert annualise(Decimal("10000"), start_quarter=start, end_quarter=end) == Decimal(
            expected
        )

    def test_invalid_range(self) -> None:
        with pytest.raises(InvalidQuarter):
            annualise(Decimal("1"), start_quarter=3, end_quarter=2)
