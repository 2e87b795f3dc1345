"""What a granted request changes outside the dossier.

A granted affiliation becomes the person's status; a granted adjustment of provisional
contributions becomes the income (and category) the fund works with. Both are written to the
affiliation domain, the source of truth for "who is this person", in the deciding transaction.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.identity import service as identity
from app.kit import audit
from app.kit.errors import FormInvalid
from app.kit.i18n import gettext as _
from app.requests.kinds import RequestKind
from app.requests.states import Status


def _answers(row: dict[str, Any]) -> dict[str, Any]:
    answers = row["answers"]
    return json.loads(answers) if isinstance(answers, str) else dict(answers or {})


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _category(value: Any) -> Category | None:
    try:
        return Category(str(value))
    except ValueError:
        return None


async def apply_decision(actor: audit.Actor, row: dict[str, Any], status: Status) -> None:
    """Only a full grant changes the person's status: a partial grant says in its motivation
    what was granted, and staff record that themselves."""
    if status is not Status.GRANTED:
        return
    answers = _answers(row)
    kind = RequestKind(row["kind"])
    if kind is RequestKind.IDENTITY_CHECK:
        # Staff saw the document and decided with a fresh user verification: the account
        # now holds the number it claimed. A number already held by a known file is refused:
        # merging two files is a decision of its own.
        try:
            await identity.verify_identity(actor, row["person"])
        except identity.IdentityTaken:
            raise FormInvalid(
                {
                    "decision": _(
                        "Another file already holds this national number: the two files must "
                        "be merged first. Do not grant this request."
                    )
                }
            ) from None
    elif kind is RequestKind.AFFILIATION:
        category = _category(answers.get("category"))
        start = answers.get("start_date")
        if category is None or not start:
            return
        await affiliation.record_affiliation(
            actor,
            person_id=row["person"],
            category=category,
            starts_on=date.fromisoformat(str(start)),
            first_main_activity=answers.get("first_time") is True,
            declared_income=_decimal(answers.get("estimated_income")),
            declared_income_year=date.fromisoformat(str(start)).year,
            source_reference=row["reference"],
        )
    elif kind is RequestKind.PROVISIONAL_ADJUSTMENT:
        income = _decimal(answers.get("estimated_income"))
        year = answers.get("year")
        if income is None or year is None:
            return
        await affiliation.record_declared_income(
            actor,
            person_id=row["person"],
            income=income,
            year=int(year),
            category=_category(answers.get("category")),
            source_reference=row["reference"],
        )
