"""Numbers, dates and sizes as each language writes them (issue 12, item 19)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.kit import i18n

NBSP = "\u00a0"
NNBSP = "\u202f"


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
