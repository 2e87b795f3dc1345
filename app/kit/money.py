"""Money is Decimal EUR, rounded half-up to the cent (INASTI's published amounts round that way)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from app.kit.i18n import current_language

CENT = Decimal("0.01")


class MoneyError(ValueError):
    """Raised for text that is not an amount; `code` names why for the UI."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def cents(value: Decimal) -> Decimal:
    """Half-up to the cent: the rounding INASTI's and the funds' published amounts reproduce."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# Spaces a phone or a copied amount may hold between groups of digits.
_SPACES = (" ", "\u00a0", "\u202f")
_GROUPS = re.compile(r"\d{1,3}(?:(?P<sep>[ .,])\d{3})?(?:(?P=sep)\d{3})*")


def parse_amount(raw: str, lang: str | None = None) -> Decimal:
    """Parse an amount as a person types it, and nothing else (no '1e5', no '0x10').

    The rule, the same on every page:
    - digits, optionally an euro sign or "EUR", a leading minus (refused later as negative);
    - the decimal separator is a comma or a point followed by one or two digits at the end;
    - thousands may be grouped by threes with spaces (also non-breaking ones), points or
      commas, one kind per amount, never the decimal one: '25 000', '25.000,50', '25,000.50';
    - one comma or point followed by exactly three digits is read the language's way: in
      French and Dutch a point groups thousands ('25.000' = 25 000) and a comma is a decimal
      separator (so '1,234' has too many decimals); in English the reverse.
    `lang` defaults to the current language (app.kit.i18n). Codes: empty, not_a_number (a
    character that is not part of an amount), grouping (separators in the wrong place),
    too_many_decimals.
    """
    text = (raw or "").strip()
    for token in ("€", "EUR", "eur"):
        text = text.replace(token, "")
    text = text.strip(" \u00a0\u202f\t")
    for space in _SPACES[1:]:
        text = text.replace(space, " ")
    if not text:
        raise MoneyError("empty")
    negative = text.startswith("-")
    if negative:
        text = text[1:].lstrip(" ")
    if not text or any(not (c.isascii() and (c.isdigit() or c in " .,")) for c in text):
        raise MoneyError("not_a_number")
    if not text[0].isdigit():
        raise MoneyError("grouping")
    whole, decimals = text, ""
    last = max(text.rfind(","), text.rfind("."))
    if last >= 0:
        tail = text[last + 1 :]
        mark = text[last]
        others = text[:last]
        if tail.isdigit() and len(tail) <= 2:
            whole, decimals = others, tail
        elif tail.isdigit() and len(tail) >= 3 and mark not in others:
            # One mark with three or more digits after it: a thousands group or decimals.
            groups_mark = "," if (lang or current_language()) == "en" else "."
            if mark != groups_mark or len(tail) != 3:
                raise MoneyError("too_many_decimals" if _plain(others) else "grouping")
        elif not tail:
            raise MoneyError("grouping")
    match = _GROUPS.fullmatch(whole)
    if match is None and not whole.isdigit():
        raise MoneyError("grouping")
    if decimals and match is not None and match.group("sep") == text[len(whole)]:
        raise MoneyError("grouping")  # '1.000.50': the same mark cannot do both
    digits = "".join(c for c in whole if c.isdigit()) or "0"
    value = Decimal(digits + ("." + decimals if decimals else ""))
    return -value if negative else value


def _plain(whole: str) -> bool:
    return whole.isdigit() or bool(_GROUPS.fullmatch(whole))


def to_json(value: Decimal) -> str:
    """Money in JSON is a string with two decimals, never a float."""
    return f"{cents(value):.2f}"
