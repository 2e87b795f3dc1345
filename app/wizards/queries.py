"""Reads of a person's guide drafts for other domains' pages (the personal home)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.kit import clock
from app.wizards.tables import WizardDraft

_COLUMNS = (WizardDraft.id, WizardDraft.wizard, WizardDraft.updated_at, WizardDraft.submitted_at)


@dataclass(frozen=True, slots=True)
class DraftSummary:
    id: uuid.UUID
    wizard: str
    updated_at: datetime
    submitted_at: datetime | None  # set once its requests were filed


async def drafts_of(person_id: uuid.UUID, *, limit: int) -> list[DraftSummary]:
    """The person's own drafts still worth showing: unfinished ones not yet expired (latest
    touched first), then the filed ones (latest filed first)."""
    unfinished = (
        await WizardDraft.select(*_COLUMNS)
        .where(
            WizardDraft.person == person_id,
            WizardDraft.submitted_at.is_null(),
            WizardDraft.expires_at > clock.now(),
        )
        .order_by(WizardDraft.updated_at, ascending=False)
        .limit(limit)
    )
    filed = (
        await WizardDraft.select(*_COLUMNS)
        .where(WizardDraft.person == person_id, WizardDraft.submitted_at.is_not_null())
        .order_by(WizardDraft.submitted_at, ascending=False)
        .limit(limit)
    )
    return [DraftSummary(**row) for row in [*unfinished, *filed][:limit]]
