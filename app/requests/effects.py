"""What a granted request changes outside the dossier.

A granted affiliation becomes the person's status; a granted adjustment of provisional
contributions becomes the income (and category) the fund works with. Both are written to the
affiliation domain, the source of truth for "who is this person", in the deciding transaction.
A granted identity check gives the account the number it claimed or, when a known file holds
that number, links the account into that file (identity) and moves what it filed there.

Domains above requests (payments: a granted surcharge waiver cancels the surcharges, a decided
payment plan is approved or refused) register their own effect at wiring (`register_effect`),
so requests never imports them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Mapping
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
from app.requests.system_actions import move_to_file

# (actor, person, request id, reference, answers, decision) of a decided request, in the
# deciding transaction: what another domain writes when a request of its kind is decided (a
# FormInvalid it raises refuses the decision, with its message).
DecisionEffect = Callable[
    [audit.Actor, uuid.UUID, uuid.UUID, str, Mapping[str, Any], Status], Awaitable[None]
]
_EFFECTS: dict[RequestKind, DecisionEffect] = {}


def register_effect(kind: RequestKind, effect: DecisionEffect) -> None:
    """Wiring: what a decided request of `kind` changes in a domain above requests."""
    _EFFECTS[kind] = effect


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


async def apply_decision(actor: audit.Actor, row: dict[str, Any], status: Status) -> uuid.UUID:
    """Only a full grant changes the person's status: a partial grant says in its motivation
    what was granted, and staff record that themselves.

    Returns the person who holds the request afterwards: the same, except when a granted
    identity check linked a self-registered account into the known file of its person.
    """
    person_id: uuid.UUID = row["person"]
    kind = RequestKind(row["kind"])
    if kind in _EFFECTS:
        effect = _EFFECTS[kind]
        await effect(actor, person_id, row["id"], str(row["reference"]), _answers(row), status)
        return person_id
    if status is not Status.GRANTED:
        return person_id
    answers = _answers(row)
    if kind is RequestKind.IDENTITY_CHECK:
        # Staff saw the document and decided with a fresh user verification: the account
        # now holds the number it claimed or, when a known file holds that number, it is
        # linked into that file, and everything it filed moves there (this request too).
        try:
            holder = await identity.prove_identity(actor, person_id)
        except identity.IdentityTaken:
            raise FormInvalid(
                {
                    "decision": _(
                        "Another file was given this national number at the same moment. "
                        "Record the decision again: the account will be linked to that file."
                    )
                }
            ) from None
        if holder != person_id:
            await move_to_file(actor, person_id, holder)
        return holder
    if kind is RequestKind.AFFILIATION:
        category = _category(answers.get("category"))
        start = answers.get("start_date")
        if category is None or not start:
            return person_id
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
            return person_id
        await affiliation.record_declared_income(
            actor,
            person_id=row["person"],
            income=income,
            year=int(year),
            category=_category(answers.get("category")),
            source_reference=row["reference"],
        )
    return person_id
