"""The input layer's common parts: typed field parsers and the result of parsing a form.

Pure (no I/O): rule modules may use the parsers too. The HTTP types live in `kit.http`.

Each domain's `schemas.py` turns a form into a typed struct with these parsers; a parser raises
`FieldError(code)` and the domain maps codes to sentences in the user's language, shown next to
the field with every answer kept. Parsers bound every value (length, range) so nothing
unbounded reaches a service.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from app.kit import i18n
from app.kit.i18n import N_
from app.kit.money import MoneyError, parse_amount

T = TypeVar("T")

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 5000
MAX_AMOUNT = Decimal("1000000000")


class FieldError(ValueError):
    """A field's value is not acceptable: `code` names why (required, too_long, not_money…);
    a domain's parser may also carry the sentence to show, in the user's language."""

    def __init__(self, code: str, message: str | None = None, *, reason: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.reason = reason or code


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A form parsed into `value` (a typed struct), or the messages per field; `form` keeps
    what was typed, to show the form again with nothing lost."""

    form: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    value: T | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.errors


def raw(form: Mapping[str, Any], name: str) -> str:
    """The text sent for a field ('' when absent), as typed: kept to show the form again."""
    value = form.get(name)
    return "" if value is None else str(value)


def text(value: str, *, max_length: int = MAX_SHORT_TEXT, required: bool = True) -> str:
    cleaned = value.strip()
    if not cleaned and required:
        raise FieldError("required")
    if len(cleaned) > max_length:
        raise FieldError("too_long")
    return cleaned


# Why an amount was refused, in the reader's language (the rule: kit.money.parse_amount).
MONEY_MESSAGES = {
    "not_a_number": N_(
        "Use only digits, spaces and one decimal comma or point, for example 25 000 or 1 234,56."
    ),
    "grouping": N_(
        "Write the thousands in groups of three digits (25 000 or 25.000) and at most one "
        "decimal separator, for example 1 234,56."
    ),
    "too_many_decimals": N_("Enter at most two decimals (the cents), for example 1 234,56."),
    "negative": N_("Enter an amount of zero or more."),
    "too_large": N_("Enter a smaller amount."),
}


def money_message(reason: str) -> str:
    """The sentence that says why an amount was refused, in the current language."""
    return i18n.gettext(MONEY_MESSAGES.get(reason, MONEY_MESSAGES["not_a_number"]))


def money(
    value: str,
    *,
    minimum: Decimal = Decimal(0),
    maximum: Decimal = MAX_AMOUNT,
    required: bool = True,
    lang: str | None = None,
) -> Decimal | None:
    """An amount as a person types it ('25 000', '25.000,50'); never a float, never '1e5'.

    Refused with code "not_money" (or "too_many_decimals", "negative", "too_small",
    "too_large"); `reason` and `message` say why, the message in the current language.
    """
    if not value.strip():
        if required:
            raise FieldError("required")
        return None
    try:
        amount = parse_amount(value, lang)
    except MoneyError as exc:
        code = "not_money" if exc.code != "too_many_decimals" else exc.code
        raise FieldError(code, money_message(exc.code), reason=exc.code) from None
    if amount < minimum:
        code = "negative" if minimum == 0 else "too_small"
        raise FieldError(code, money_message(code), reason=code)
    if amount > maximum:
        raise FieldError("too_large", money_message("too_large"), reason="too_large")
    return amount


def day(value: str, *, required: bool = True) -> date | None:
    """A date as an HTML date input sends it (YYYY-MM-DD)."""
    if not value.strip():
        if required:
            raise FieldError("required")
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FieldError("not_date") from None


def integer(value: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
    cleaned = value.strip()
    if not cleaned:
        if required:
            raise FieldError("required")
        return None
    # ASCII digits only: "²".isdigit() is true, yet int("²") fails (a 500 the fuzzer found).
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > len(str(maximum)):
        raise FieldError("not_integer")
    number = int(cleaned)
    if not minimum <= number <= maximum:
        raise FieldError("out_of_range")
    return number


def choice(value: str, choices: Collection[str], *, required: bool = True) -> str | None:
    cleaned = value.strip()
    if not cleaned:
        if required:
            raise FieldError("required")
        return None
    if cleaned not in choices:
        raise FieldError("not_a_choice")
    return cleaned


def page_number(value: int, *, maximum: int = 10_000) -> int:
    """A list page from the query string, kept inside what OFFSET can hold."""
    return min(max(value, 1), maximum)
