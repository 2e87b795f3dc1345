"""Question types: validation and parsing of what was typed, in one place.

Answers are stored in the draft as canonical text (money "1234.50", dates ISO, yes/no "yes"/"no")
and turned back into Python values (Decimal, date, bool, int) by `typed_answers`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.identity.rules import IdentifierError, validate_enterprise_number, validate_niss
from app.kit import forms
from app.kit.i18n import gettext as _
from app.kit.i18n import ngettext
from app.wizards.model import AnswerType, Question, Wizard

DATE_FORMS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
)
MAX_MONEY = Decimal("100000000")


@dataclass(frozen=True)
class Parsed:
    stored: str | None  # canonical text to keep; None when invalid
    error: str | None = None  # translated message for the person


def _parse_date(text: str) -> date | None:
    for form in DATE_FORMS:
        match = form.match(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def parse_answer(question: Question, raw: str | None, *, today: date) -> Parsed:
    """Validate one typed answer. Blank optional answers are stored as ""."""
    text = (raw or "").strip()
    kind = question.answer_type
    if not text:
        if question.required:
            if kind in (AnswerType.CHOICE, AnswerType.YES_NO):
                return Parsed(None, _("Select an answer"))
            return Parsed(None, _("Enter an answer"))
        return Parsed("")
    if kind == AnswerType.TEXT:
        if len(text) > question.max_length:
            most = question.max_length
            return Parsed(
                None,
                ngettext("Use %(num)s character or fewer", "Use %(num)s characters or fewer", most),
            )
        return Parsed(text)
    if kind == AnswerType.MONEY:
        try:
            amount = forms.money(text, maximum=MAX_MONEY)
        except forms.FieldError as exc:
            if exc.code == "negative":
                return Parsed(None, _("Enter an amount of zero or more"))
            if exc.code == "too_large":
                return Parsed(None, _("Enter a smaller amount"))
            return Parsed(None, _("Enter an amount in euros, for example 25 000 or 1 234,56"))
        return Parsed(f"{amount:.2f}")
    if kind == AnswerType.DATE:
        day = _parse_date(text)
        if day is None:
            return Parsed(None, _("Enter a real date, for example 31/03/2026"))
        if question.minimum is not None and day < today + timedelta(days=question.minimum):
            return Parsed(None, _("This date is too far in the past"))
        if question.maximum is not None and day > today + timedelta(days=question.maximum):
            return Parsed(None, _("This date is too far in the future"))
        return Parsed(day.isoformat())
    if kind == AnswerType.NUMBER:
        if not re.fullmatch(r"\d{1,4}", text):
            return Parsed(None, _("Enter a whole number, for example 12"))
        number = int(text)
        low, high = question.minimum, question.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            return Parsed(
                None,
                _("Enter a number between %(low)s and %(high)s", low=low or 0, high=high or 9999),
            )
        return Parsed(str(number))
    if kind == AnswerType.CHOICE:
        if text not in {option.value for option in question.options}:
            return Parsed(None, _("Select an answer"))
        return Parsed(text)
    if kind == AnswerType.YES_NO:
        if text not in ("yes", "no"):
            return Parsed(None, _("Select an answer"))
        return Parsed(text)
    if kind == AnswerType.NISS:
        try:
            return Parsed(validate_niss(text, today=today).number)
        except IdentifierError:
            return Parsed(
                None, _("Enter a valid national register number, for example 85.07.30-033.28")
            )
    if kind == AnswerType.ENTERPRISE_NUMBER:
        try:
            return Parsed(validate_enterprise_number(text))
        except IdentifierError:
            return Parsed(None, _("Enter a valid enterprise number, for example 0403.170.701"))
    raise ValueError(f"unknown answer type {kind}")


def typed_value(question: Question, stored: str) -> Any:
    if stored == "":
        return None
    kind = question.answer_type
    if kind == AnswerType.MONEY:
        return Decimal(stored)
    if kind == AnswerType.DATE:
        return date.fromisoformat(stored)
    if kind == AnswerType.NUMBER:
        return int(stored)
    if kind == AnswerType.YES_NO:
        return stored == "yes"
    return stored


def typed_answers(wizard: Wizard, stored: Mapping[str, str]) -> dict[str, Any]:
    """Stored answers as Python values; answers to questions no longer defined are dropped."""
    typed: dict[str, Any] = {}
    for name, value in stored.items():
        try:
            question = wizard.question(name)
        except KeyError:
            continue
        try:
            typed[name] = typed_value(question, value)
        except (ValueError, ArithmeticError):
            continue  # a stored value from an older definition: ask again
    return typed


def display_value(question: Question, stored: str | None) -> str:
    """The answer as the person reads it on the check page (money/dates in their language)."""
    from app.kit import i18n

    if stored is None or stored == "":
        return _("Not given")
    value = typed_value(question, stored)
    kind = question.answer_type
    if kind == AnswerType.MONEY:
        return i18n.format_money(value)
    if kind == AnswerType.DATE:
        return i18n.format_day(value)
    if kind == AnswerType.YES_NO:
        return _("Yes") if value else _("No")
    if kind == AnswerType.CHOICE:
        for option in question.options:
            if option.value == stored:
                return str(option.label)
    if kind == AnswerType.NISS:
        return f"{stored[:2]}.{stored[2:4]}.{stored[4:6]}-{stored[6:9]}.{stored[9:]}"
    return str(value)
