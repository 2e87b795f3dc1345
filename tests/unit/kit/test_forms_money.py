"""The money fields accept what a person types, and say why when they refuse (issue 12 item 7).

The rule (app.kit.money.parse_amount): digits; spaces (also non-breaking), points or commas
between groups of three, one kind per amount; one decimal comma or point with at most two
decimals; a lone mark before exactly three digits is read the language's way.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.kit import forms, i18n


@pytest.mark.parametrize(
    ("lang", "raw", "expected"),
    [
        ("fr", "25000", "25000"),
        ("fr", "25 000", "25000"),
        ("fr", "25\u00a0000", "25000"),  # non-breaking space, as copied from a notice
        ("fr", "25\u202f000,50", "25000.50"),  # narrow non-breaking space (French grouping)
        ("fr", "25.000", "25000"),  # Belgian French: a point groups thousands
        ("fr", "25.000,50", "25000.50"),
        ("fr", "1.250.000", "1250000"),
        ("fr", "1234,5", "1234.5"),
        ("fr", "1234.56", "1234.56"),  # a point before two digits is a decimal point
        ("fr", "€ 1 234,56", "1234.56"),
        ("fr", "871,71 EUR", "871.71"),
        ("fr", "0", "0"),
        ("nl", "25.000", "25000"),
        ("nl", "25.000,50", "25000.50"),
        ("nl", "0,5", "0.5"),
        ("en", "25,000", "25000"),  # English: a comma groups thousands
        ("en", "25,000.50", "25000.50"),
        ("en", "25 000.5", "25000.5"),
    ],
)
def test_money_accepts_what_a_person_types(lang: str, raw: str, expected: str) -> None:
    assert forms.money(raw, lang=lang) == Decimal(expected)


@pytest.mark.parametrize(
    ("lang", "raw", "code", "reason"),
    [
        ("fr", "1e5", "not_money", "not_a_number"),  # was 100 000 €
        ("fr", "1E5", "not_money", "not_a_number"),
        ("fr", "+5", "not_money", "not_a_number"),
        ("fr", "0x10", "not_money", "not_a_number"),
        ("fr", "1_000", "not_money", "not_a_number"),
        ("fr", "NaN", "not_money", "not_a_number"),
        ("fr", "Infinity", "not_money", "not_a_number"),
        ("fr", "douze", "not_money", "not_a_number"),
        ("fr", "٣٤", "not_money", "not_a_number"),  # other scripts' digits
        ("fr", "1 00", "not_money", "grouping"),
        ("fr", "2 5000", "not_money", "grouping"),
        ("fr", "1.000.50", "not_money", "grouping"),  # one mark cannot group and separate
        ("fr", "12,345,6", "not_money", "grouping"),
        ("fr", ".5", "not_money", "grouping"),
        ("fr", "5.", "not_money", "grouping"),
        ("fr", "1,234", "too_many_decimals", "too_many_decimals"),  # a comma is decimal in fr
        ("nl", "1,234", "too_many_decimals", "too_many_decimals"),
        ("fr", "25000,505", "too_many_decimals", "too_many_decimals"),
        ("en", "1.234", "too_many_decimals", "too_many_decimals"),  # a point is decimal in en
        ("fr", "-10", "negative", "negative"),
        ("fr", "2000000000", "too_large", "too_large"),
    ],
)
def test_money_refuses_with_a_reason(lang: str, raw: str, code: str, reason: str) -> None:
    with pytest.raises(forms.FieldError) as error:
        forms.money(raw, lang=lang)
    assert (error.value.code, error.value.reason) == (code, reason)
    assert error.value.message


def test_the_message_says_why_in_the_readers_language() -> None:
    with i18n.language("fr"), pytest.raises(forms.FieldError) as fr:
        forms.money("1e5")
    with i18n.language("nl"), pytest.raises(forms.FieldError) as nl:
        forms.money("1e5")
    with i18n.language("en"), pytest.raises(forms.FieldError) as en:
        forms.money("1e5")
    assert en.value.message == (
        "Use only digits, spaces and one decimal comma or point, for example 25 000 or 1 234,56."
    )
    assert fr.value.message != en.value.message
    assert nl.value.message != en.value.message


def test_the_language_decides_a_lone_mark_before_three_digits() -> None:
    with i18n.language("nl"):
        assert forms.money("25.000") == Decimal(25000)
    with i18n.language("en"):
        assert forms.money("25,000") == Decimal(25000)


def test_an_empty_field_is_required_or_none() -> None:
    with pytest.raises(forms.FieldError) as error:
        forms.money("  ")
    assert error.value.code == "required"
    assert forms.money("", required=False) is None
