"""The input layer's common parts: how a form body arrives, and typed field parsers.

Each domain's `schemas.py` turns a form into a typed struct with these parsers; a parser raises
`FieldError(code)` and the domain maps codes to sentences in the user's language, shown next to
the field with every answer kept. Parsers bound every value (length, range) so nothing
unbounded reaches a service.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import Body

from app.kit.money import MoneyError, parse_amount

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]

MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 5000
MAX_AMOUNT = Decimal("1000000000")


class FieldError(ValueError):
    """A field's value is not acceptable; `code` names why (required, too_long, not_money…)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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


def money(
    value: str,
    *,
    minimum: Decimal = Decimal(0),
    maximum: Decimal = MAX_AMOUNT,
    required: bool = True,
) -> Decimal | None:
    """An amount as a person types it ('25 000', '25.000,50'); never a float."""
    if not value.strip():
        if required:
            raise FieldError("required")
        return None
    try:
        amount = parse_amount(value)
    except MoneyError as exc:
        raise FieldError("not_money" if exc.code != "too_many_decimals" else exc.code) from None
    if amount < minimum:
        raise FieldError("negative" if minimum == 0 else "too_small")
    if amount > maximum:
        raise FieldError("too_large")
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
    if not cleaned.isdigit() or len(cleaned) > len(str(maximum)):
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
