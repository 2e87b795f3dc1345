"""Pure checks for requests: typed answers against a kind's schema, attachments by content.

Errors are codes per field; the service turns them into sentences in the user's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.kit.money import MoneyError, cents, parse_amount
from app.requests.deadlines import (
    DECISION_MONTHS,
    REMINDER_DECISION_MONTHS,
    add_months,
    decision_allowed_after_reminder,
    fund_target,
    legal_deadline,
)
from app.requests.kinds import GUIDE_KEY, AnswerType, KindSpec

TEXT_LIMITS = {AnswerType.TEXT: 500, AnswerType.LONG_TEXT: 5000}


# A guide's answers kept with a request (kinds.GUIDE_KEY): bounded like any other answer.
GUIDE_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
GUIDE_MAX_ANSWERS = 100


def clean_answers(spec: KindSpec, answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(JSON-ready cleaned answers, {field: error code}). Unknown fields are dropped.

    A request filed through a guide keeps the guide's answers (kinds.GUIDE_KEY); they stand
    for the kind's required free text (the reason, the question), which the guide answered.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    guide: dict[str, Any] | None = None
    if answers.get(GUIDE_KEY) is not None:
        try:
            guide = clean_guide(answers[GUIDE_KEY])
        except ValueError as exc:
            errors[GUIDE_KEY] = str(exc)
    for field in spec.fields:
        raw = answers.get(field.name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if field.required and not (guide and field.type is AnswerType.LONG_TEXT):
                errors[field.name] = "required"
            continue
        try:
            clean[field.name] = _parse(field.type, raw, field.choices)
        except ValueError as exc:
            errors[field.name] = str(exc)
    if guide:
        clean[GUIDE_KEY] = guide
    return clean, errors


def clean_guide(raw: Any) -> dict[str, Any] | None:
    """{"wizard": slug, "answers": {question name: text}} as stored, or ValueError("not_a_guide").
    None when the guide gave no answer at all (then it stands for nothing)."""
    if not isinstance(raw, dict) or set(raw) != {"wizard", "answers"}:
        raise ValueError("not_a_guide")
    slug, given = raw["wizard"], raw["answers"]
    if not isinstance(slug, str) or not GUIDE_SLUG.match(slug) or not isinstance(given, dict):
        raise ValueError("not_a_guide")
    if len(given) > GUIDE_MAX_ANSWERS:
        raise ValueError("not_a_guide")
    kept: dict[str, str] = {}
    for name, value in given.items():
        if not isinstance(name, str) or not GUIDE_SLUG.match(name) or not isinstance(value, str):
            raise ValueError("not_a_guide")
        if len(value) > TEXT_LIMITS[AnswerType.LONG_TEXT]:
            raise ValueError("too_long")
        kept[name] = value
    return {"wizard": slug, "answers": kept} if kept else None


def _parse(kind: AnswerType, raw: Any, choices: tuple[str, ...]) -> Any:
    if kind in TEXT_LIMITS:
        text = str(raw).strip()
        if len(text) > TEXT_LIMITS[kind]:
            raise ValueError("too_long")
        return text
    if kind is AnswerType.MONEY:
        if isinstance(raw, Decimal):
            value = raw
        elif isinstance(raw, int) and not isinstance(raw, bool):
            value = Decimal(raw)
        elif isinstance(raw, str):
            try:
                value = parse_amount(raw)
            except MoneyError:
                raise ValueError("not_money") from None
        else:
            raise ValueError("not_money")
        if value < 0:
            raise ValueError("negative")
        return str(cents(value))
    if kind is AnswerType.DATE:
        if isinstance(raw, date):
            return raw.isoformat()
        try:
            return date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise ValueError("not_date") from None
    if kind is AnswerType.INTEGER:
        if isinstance(raw, bool):
            raise ValueError("not_integer")
        try:
            value_int = int(str(raw).strip())
        except ValueError:
            raise ValueError("not_integer") from None
        if value_int < 0:
            raise ValueError("negative")
        return value_int
    if kind is AnswerType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("yes", "true", "1", "on"):
            return True
        if text in ("no", "false", "0", "off"):
            return False
        raise ValueError("not_boolean")
    if kind is AnswerType.CHOICE:
        text = str(raw).strip()
        if text not in choices:
            raise ValueError("not_a_choice")
        return text
    raise ValueError("unknown_type")


@dataclass(frozen=True, slots=True)
class DueDates:
    legal: date
    target: date
    paused: bool  # information awaited from the affiliate: the clock stands still
    paused_days: int  # days paused so far, the open pause included up to today


def due_dates(
    received_on: date,
    target_working_days: int,
    paused_days_done: int,
    paused_since: date | None,
    today: date,
    legal_months: int = DECISION_MONTHS,
) -> DueDates:
    """The Charte deadline and the fund's target as of `today`, every pause added.

    While information is awaited, each day of waiting moves both dates by one day, so the
    dates shown are honest on the day they are read.
    """
    open_pause = max((today - paused_since).days, 0) if paused_since else 0
    total = paused_days_done + open_pause
    return DueDates(
        legal=legal_deadline(received_on, total, legal_months),
        target=fund_target(received_on + timedelta(days=total), target_working_days),
        paused=paused_since is not None,
        paused_days=total,
    )


def open_reminder(events: Sequence[tuple[str, date]]) -> date | None:
    """The day the reminder for the current information request was sent, if one was.

    `events` are (event code, day) oldest first; only a reminder after the latest
    request for information counts (an answered question closes its reminder).
    """
    reminder: date | None = None
    for code, day in events:
        if code == "request_information":
            reminder = None
        elif code == "send_reminder" and reminder is None:
            reminder = day
    return reminder


@dataclass(frozen=True, slots=True)
class DecisionGate:
    """May the fund decide today? While information is awaited only one month after a reminder."""

    allowed: bool
    reason: str | None  # None, "no_reminder" or "reminder_too_recent"
    reminder_on: date | None
    decide_from: date | None  # first day a decision without the answer is possible


def decision_gate(awaiting_affiliate: bool, reminder_on: date | None, today: date) -> DecisionGate:
    if not awaiting_affiliate:
        return DecisionGate(True, None, None, None)
    if reminder_on is None:
        return DecisionGate(False, "no_reminder", None, None)
    decide_from = add_months(reminder_on, REMINDER_DECISION_MONTHS)
    if decision_allowed_after_reminder(reminder_on, today):
        return DecisionGate(True, None, reminder_on, decide_from)
    return DecisionGate(False, "reminder_too_recent", reminder_on, decide_from)
