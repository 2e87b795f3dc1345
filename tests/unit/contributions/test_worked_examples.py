"""Worked examples as data: published amounts and threshold cases, to the cent."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.contributions.rules.categories import Category
from app.contributions.rules.errors import (
    InvalidIncome,
    UnknownCategory,
    UnknownCoefficient,
    UnknownYear,
)
from app.contributions.rules.explanation import ALL_CODES
from app.contributions.rules.simulation import Simulation, simulate

pytestmark = pytest.mark.unit

CASES = Path(__file__).parent / "cases"


def load_cases(name: str) -> list[dict[str, Any]]:
    with (CASES / name).open("rb") as f:
        return tomllib.load(f, parse_float=Decimal)["case"]


def params(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in cases]


PUBLISHED = load_cases("published.toml")
THRESHOLDS = load_cases("thresholds.toml")


def test_case_names_are_unique() -> None:
    names = [c["name"] for c in PUBLISHED + THRESHOLDS]
    assert len(names) == len(set(names))


def test_every_published_case_keeps_its_source() -> None:
    assert len(PUBLISHED) == 11  # one per line of shared/domain/cases-published.csv
    assert all(c["source"].strip() for c in PUBLISHED)


@pytest.mark.parametrize("case", params(PUBLISHED))
def test_published_case(case: dict[str, Any]) -> None:
    fee_rate = case.get("fee_rate")
    result = simulate(
        case["year"], case["category"], income=Decimal(case["income"]), fee_rate=fee_rate
    )
    assert result.quarterly_contribution == case["quarterly_net"]
    if fee_rate is not None:
        assert result.quarterly_total == case["quarterly_with_fees"]
        assert result.quarterly_management_fee == (
            case["quarterly_with_fees"] - case["quarterly_net"]
        )


@pytest.mark.parametrize("case", params(THRESHOLDS))
def test_threshold_case(case: dict[str, Any]) -> None:
    result = simulate(case["year"], case["category"], income=Decimal(case["income"]))
    assert result.quarterly_contribution == case["quarterly_net"]
    assert result.quarterly_total == case["quarterly_total"]
    assert {line.code for line in result.explanation} <= ALL_CODES


class TestExplanation:
    def test_main_at_minimum(self) -> None:
        result = simulate(2025, "main", income=Decimal("10000"))
        codes = [line.code for line in result.explanation]
        assert codes == [
            "income.estimate",
            "income.minimum_applied",
            "band1",
            "annual",
            "quarterly",
            "fee",
            "total",
        ]
        minimum = result.explanation[1]
        assert (minimum.base, minimum.amount) == (Decimal("10000"), Decimal("17008.88"))
        assert result.income_basis == Decimal("17008.88")
        assert result.annual_contribution == Decimal("3486.84")

    def test_main_above_band2_is_capped(self) -> None:
        result = simulate(2025, "main", income=Decimal("120000"))
        codes = [line.code for line in result.explanation]
        assert codes[:4] == ["income.estimate", "cap.band2", "band1", "band2"]
        band2 = result.explanation[3]
        assert band2.base == Decimal("34790.88")
        assert band2.rate == Decimal("0.1416")

    def test_pensioner_uses_pensioner_rates(self) -> None:
        result = simulate(2025, "pensioner", income=Decimal("80000"))
        lines = {line.code: line for line in result.explanation}
        assert lines["pensioner.band1"].rate == Decimal("0.1470")
        assert lines["pensioner.band2"].rate == Decimal("0.1416")
        # 14.70 % × 73447.52 + 14.16 % × 6552.48 = 10796.78544 + 927.831168 → /4
        assert result.quarterly_contribution == Decimal("2931.15")

    @pytest.mark.parametrize(
        ("category", "income", "code"),
        [
            ("secondary", "1000", "secondary.below_threshold"),
            ("student", "8000", "student.exempt"),
            ("student", "12000", "student.reduced"),
            ("student", "20000", "student.full_regime"),
            ("pensioner", "3000", "pensioner.exempt"),
        ],
    )
    def test_category_codes(self, category: str, income: str, code: str) -> None:
        result = simulate(2025, category, income=Decimal(income))
        assert code in [line.code for line in result.explanation]

    def test_student_reduced_amount(self) -> None:
        # 20.50 % × (12000 − 8504.44) = 716.5898 → /4 = 179.14745 → 179.15
        result = simulate(2025, "student", income=Decimal("12000"))
        assert result.quarterly_contribution == Decimal("179.15")


class TestSimulate:
    def test_result_shape(self) -> None:
        result = simulate(2025, Category.MAIN, income=Decimal("25000"))
        assert isinstance(result, Simulation)
        assert result.category is Category.MAIN
        assert result.income_basis == Decimal("25000.00")
        assert result.management_fee_rate == Decimal("0.0305")
        assert result.quarterly_management_fee == Decimal("39.08")  # 1281.25 × 3.05 % = 39.078
        assert result.quarterly_total == Decimal("1320.33")

    def test_reference_income_2026(self) -> None:
        # 30 000 × 1.07236269 = 32170.8807 → 20.50 % → 6595.0305435 / 4 → 1648.76
        result = simulate(2026, "main", reference_income=Decimal("30000"))
        assert result.income_basis == Decimal("32170.88")
        assert result.quarterly_contribution == Decimal("1648.76")
        codes = [line.code for line in result.explanation]
        assert codes[:2] == ["income.reference", "income.indexed"]

    @pytest.mark.parametrize(
        ("reference", "basis", "quarterly"),
        [
            # bofisc.be 05/02/2024: 40 000,00 × 1,18678260 = 47 471,304 → 47 471,30;
            # 20.50 % × 47 471.30 = 9731.6165 / 4 = 2432.904125 → 2432.90.
            ("40000", "47471.30", "2432.90"),
            # 10 000 × 1.18678260 = 11 867.83 < 2024 minimum 16 861.46 → minimum 864.15.
            ("10000", "16861.46", "864.15"),
            # 80 000 × 1.18678260 = 94 942.608 → 94 942.61; 20.50 % × 72 810.95 = 14926.24475
            # + 14.16 % × (94 942.61 − 72 810.95 = 22 131.66) = 3133.843056 → 18060.087806
            # / 4 = 4515.0219515 → 4515.02.
            ("80000", "94942.61", "4515.02"),
        ],
    )
    def test_reference_income_2024(self, reference: str, basis: str, quarterly: str) -> None:
        result = simulate(2024, "main", reference_income=Decimal(reference))
        assert result.income_basis == Decimal(basis)
        assert result.quarterly_contribution == Decimal(quarterly)
        assert result.unconfirmed == ()

    @pytest.mark.parametrize("year", [2025])
    def test_reference_income_without_coefficient(self, year: int) -> None:
        with pytest.raises(UnknownCoefficient) as info:
            simulate(year, "main", reference_income=Decimal("30000"))
        assert info.value.field == "reference_income"
        assert info.value.year == year

    def test_unknown_year(self) -> None:
        with pytest.raises(UnknownYear) as info:
            simulate(2031, "main", income=Decimal("1"))
        assert (info.value.field, info.value.code) == ("year", "year.unknown")

    def test_unknown_category(self) -> None:
        with pytest.raises(UnknownCategory) as info:
            simulate(2025, "director", income=Decimal("1"))
        assert (info.value.field, info.value.code) == ("category", "category.unknown")

    @pytest.mark.parametrize(
        ("kwargs", "field", "code"),
        [
            ({"income": Decimal("-0.01")}, "income", "income.negative"),
            ({"reference_income": Decimal("-1")}, "reference_income", "reference_income.negative"),
            ({}, "income", "income.exactly_one"),
            (
                {"income": Decimal("1"), "reference_income": Decimal("1")},
                "income",
                "income.exactly_one",
            ),
            ({"income": Decimal("NaN")}, "income", "income.not_finite"),
            ({"income": 1 / 4}, "income", "income.not_decimal"),
            ({"income": "1000"}, "income", "income.not_decimal"),
        ],
    )
    def test_invalid_income(self, kwargs: dict[str, Any], field: str, code: str) -> None:
        with pytest.raises(InvalidIncome) as info:
            simulate(2025, "main", **kwargs)
        assert (info.value.field, info.value.code) == (field, code)

    def test_integer_income_is_accepted(self) -> None:
        assert simulate(2025, "main", income=25000).quarterly_contribution == Decimal("1281.25")

    @pytest.mark.parametrize(
        ("year", "category", "income", "unconfirmed"),
        [
            (2025, "main", "25000", ()),
            (2026, "main", "25000", ("minimum_income.main",)),
            (2025, "secondary", "5000", ("thresholds.secondary",)),
            (2024, "helper", "1000", ("minimum_income.helper",)),
            (
                2026,
                "student",
                "9000",
                ("thresholds.student_exemption", "thresholds.student_full_regime"),
            ),
        ],
    )
    def test_unconfirmed_parameters_are_named(
        self, year: int, category: str, income: str, unconfirmed: tuple[str, ...]
    ) -> None:
        result = simulate(year, category, income=Decimal(income))
        assert result.unconfirmed == unconfirmed
