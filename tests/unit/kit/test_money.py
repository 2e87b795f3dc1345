from decimal import Decimal

import pytest

from app.kit.money import MoneyError, cents, parse_amount, to_json


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("25000", "25000"),
        ("25 000", "25000"),
        ("25.000", "25000"),
        ("25.000,50", "25000.50"),
        ("25,000.50", "25000.50"),
        ("1234,5", "1234.5"),
        ("€ 1 234,56", "1234.56"),
        ("1\u202f234,56 EUR", "1234.56"),
        ("0", "0"),
        ("-10", "-10"),
        ("17374.08", "17374.08"),
    ],
    ids=lambda v: str(v),
)
def test_parse_amount_reads_belgian_writing(raw: str, expected: str) -> None:
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not_a_number"),
        ("12,345,6", "grouping"),
        ("1,234", "too_many_decimals"),  # one euro and 234 thousandths: not an amount
        ("NaN", "not_a_number"),
        ("Infinity", "not_a_number"),
    ],
)
def test_parse_amount_refuses_with_a_code(raw: str, code: str) -> None:
    with pytest.raises(MoneyError) as error:
        parse_amount(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-2.675", "-2.68"), ("10", "10.00")],
)
def test_cents_rounds_half_up(value: str, expected: str) -> None:
    assert cents(Decimal(value)) == Decimal(expected)
    assert to_json(Decimal(value)) == expected
