"""Numbers, money, dates and sizes as each language writes them (issue 12, item 19; issue 16,
item 7: "1 234,56 €" in fr_BE, "€ 1.234,56" in nl_BE). The spaces are Babel's (CLDR): French
groups digits with a narrow no-break space and puts a no-break space before €; Dutch puts a
no-break space after €; Belgian English writes the figures as Belgium does."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.kit import i18n

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("lang", "amount", "expected"),
    [
        ("fr", "1234.56", f"1{NNBSP}234,56{NBSP}€"),
        ("fr", "1234567.8", f"1{NNBSP}234{NNBSP}567,80{NBSP}€"),
        ("fr", "0.5", f"0,50{NBSP}€"),
        ("fr", "-1234.56", f"-1{NNBSP}234,56{NBSP}€"),
        ("nl", "1234.56", f"€{NBSP}1.234,56"),
        ("nl", "1234567.8", f"€{NBSP}1.234.567,80"),
        ("nl", "0.5", f"€{NBSP}0,50"),
        ("nl", "-1234.56", f"€{NBSP}-1.234,56"),
        ("en", "1234.56", f"1.234,56{NBSP}€"),
        ("en", "0.5", f"0,50{NBSP}€"),
    ],
)
def test_money(lang: str, amount: str, expected: str) -> None:
    assert i18n.format_money(Decimal(amount), lang) == expected


def test_money_follows_the_current_language() -> None:
    with i18n.language("nl"):
        assert i18n.format_money(Decimal("1234.56")) == f"€{NBSP}1.234,56"
    with i18n.language("fr"):
        assert i18n.format_money(Decimal("1234.56")) == f"1{NNBSP}234,56{NBSP}€"


@pytest.mark.parametrize(
    ("lang", "number", "expected"),
    [
        ("fr", "1234.5", f"1{NNBSP}234,5"),
        ("fr", "1000000", f"1{NNBSP}000{NNBSP}000"),
        ("nl", "1234.5", "1.234,5"),
        ("nl", "1000000", "1.000.000"),
        ("en", "1234.5", "1.234,5"),
    ],
)
def test_numbers(lang: str, number: str, expected: str) -> None:
    assert i18n.format_number(Decimal(number), lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "31 mars 2026, 14:05:00"),  # Brussels summer time, UTC+2
        ("nl", "31 mrt 2026, 14:05:00"),
        ("en", "31 Mar 2026, 14:05:00"),
    ],
)
def test_moments(lang: str, expected: str) -> None:
    assert i18n.format_moment(datetime(2026, 3, 31, 12, 5, tzinfo=UTC), lang) == expected


@pytest.mark.parametrize(
    ("lang", "rate", "expected"),
    [
        ("fr", "0.147", f"14,7{NBSP}%"),  # French: a non-breaking space before %
        ("fr", "0.2050", f"20,5{NBSP}%"),
        ("fr", "0.0305", f"3,05{NBSP}%"),
        ("fr", "0.03", f"3{NBSP}%"),
        ("nl", "0.1416", "14,16%"),
        ("en", "0.2050", "20,5%"),
    ],
)
def test_rates(lang: str, rate: str, expected: str) -> None:
    assert i18n.format_rate(Decimal(rate), lang) == expected


@pytest.mark.parametrize(
    ("lang", "day", "style", "expected"),
    [
        ("fr", date(2026, 12, 1), "long", "1er décembre 2026"),
        ("fr", date(2026, 12, 1), "full", "mardi 1er décembre 2026"),
        ("fr", date(2026, 6, 1), "medium", "1er juin 2026"),
        ("fr", date(2026, 12, 11), "long", "11 décembre 2026"),
        ("fr", date(2026, 1, 21), "long", "21 janvier 2026"),
        ("nl", date(2026, 12, 1), "long", "1 december 2026"),
        ("en", date(2026, 12, 1), "long", "1 December 2026"),
        ("fr", date(2026, 3, 31), "full", "mardi 31 mars 2026"),
        ("nl", date(2026, 3, 31), "full", "dinsdag 31 maart 2026"),
        ("en", date(2026, 3, 31), "full", "Tuesday, 31 March 2026"),
        ("nl", date(2026, 3, 31), "medium", "31 mrt 2026"),
        ("en", date(2026, 3, 31), "medium", "31 Mar 2026"),
        ("fr", date(2026, 3, 31), "short", "31/03/26"),
        ("fr", date(2026, 12, 1), "short", "1/12/26"),  # no "1er" in figures (CLDR: d/MM/yy)
        ("nl", date(2026, 3, 31), "short", "31/03/2026"),
        ("en", date(2026, 3, 31), "short", "31/03/26"),
    ],
)
def test_days(lang: str, day: date, style: str, expected: str) -> None:
    assert i18n.format_day(day, lang, style=style) == expected


@pytest.mark.parametrize(
    ("lang", "size", "expected"),
    [
        ("fr", 93, f"93{NNBSP}o"),  # not "0 KB"
        ("fr", 1536, f"1,5{NNBSP}ko"),
        ("fr", 250_000, f"244{NNBSP}ko"),
        ("fr", 3_445_760, f"3,3{NNBSP}Mo"),
        ("nl", 93, "93 byte"),
        ("nl", 250_000, "244 kB"),
        ("en", 10 * 1024, "10 kB"),
        ("en", 12 * 1024 * 1024, "12 MB"),
    ],
)
def test_file_sizes(lang: str, size: int, expected: str) -> None:
    assert i18n.format_size(size, lang) == expected
