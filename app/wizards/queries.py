"""Reads of the wizards domain for other domains, always scoped to the person asking."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.kit import audit
from app.wizards import drafts, rules
from app.wizards.catalogue import wizard as find_wizard
from app.wizards.drafts import Owner
from app.wizards.questions import typed_answers


@dataclass(frozen=True)
class StartingOutAnswers:
    """What a filed "starting out" journey told the fund: category and expected income."""

    submitted_at: datetime
    category: str
    income: Decimal | None
    # The affiliation request it filed, when any: {"id": ..., "reference": ...}.
    affiliation_id: uuid.UUID | None
    affiliation_reference: str | None


async def filed_starting_out(actor: audit.Actor) -> list[StartingOutAnswers]:
    """The affiliate's submitted "starting out" drafts, newest first (nothing for others)."""
    if actor.kind != "affiliate" or actor.id is None:
        return []
    wizard = find_wizard("starting_out")
    if wizard is None:
        return []
    found: list[StartingOutAnswers] = []
    for draft in await drafts.submitted_drafts(Owner(person_id=actor.id), wizard.slug):
        typed = typed_answers(wizard, draft.answers)
        if "status" not in typed or draft.submitted_at is None:
            continue
        income = typed.get("expected_income")
        filed = draft.filed.get("affiliation") if isinstance(draft.filed, dict) else None
        filed_id: uuid.UUID | None = None
        reference: str | None = None
        if isinstance(filed, dict):
            try:
                filed_id = uuid.UUID(str(filed.get("id")))
            except ValueError:
                filed_id = None
            reference = filed.get("reference") or None
        found.append(
            StartingOutAnswers(
                submitted_at=draft.submitted_at,
                category=rules.starting_category(typed),
                income=income if isinstance(income, Decimal) else None,
                affiliation_id=filed_id,
                affiliation_reference=reference,
            )
        )
    return found
