"""The answer store: drafts saved at every step, scoped to their owner.

An owner is a logged-in person or an anonymous visitor known by a random token (kept in a
cookie of its own, because logging in regenerates the session). Every read and write here
takes the owner, so nobody reaches another person's draft by guessing an id. The database
keeps only the token's SHA-256 digest: the cookie holds the token, lookups hash it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app.kit import clock
from app.kit.db import transaction
from app.kit.rates import RateLimit
from app.wizards.tables import WizardDraft

# Drafts an anonymous visitor may start from one address in an hour (each is a row).
ANONYMOUS_DRAFTS_PER_IP = RateLimit(20, timedelta(hours=1))
DRAFT_LIFETIME = timedelta(days=90)
WARNING_BEFORE = timedelta(days=14)


def token_digest(token: str) -> str:
    """SHA-256 (hex) of an anonymous owner's token, as identity stores its link tokens: a
    high-entropy random token needs no salt, and a database leak yields no usable cookie."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Owner:
    person_id: uuid.UUID | None = None
    token: str | None = None

    @property
    def known(self) -> bool:
        return self.person_id is not None or bool(self.token)


@dataclass(frozen=True)
class Draft:
    id: uuid.UUID
    wizard: str
    person_id: uuid.UUID | None
    answers: dict[str, str]
    current_step: str
    filed: dict[str, Any]
    updated_at: datetime
    submitted_at: datetime | None
    expires_at: datetime


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else (value or {})


def _draft(row: dict[str, Any]) -> Draft:
    return Draft(
        id=row["id"],
        wizard=row["wizard"],
        person_id=row["person"],
        answers=_json(row["answers"]),
        current_step=row["current_step"],
        filed=_json(row["filed"]),
        updated_at=row["updated_at"],
        submitted_at=row["submitted_at"],
        expires_at=row["expires_at"],
    )


def _owned(owner: Owner) -> Any:
    if owner.person_id is not None:
        return WizardDraft.person == owner.person_id
    if owner.token:
        digest = token_digest(owner.token)
        return (WizardDraft.owner_token == digest) & WizardDraft.person.is_null()
    return WizardDraft.id.is_null()  # nobody: matches nothing


async def open_draft(owner: Owner, slug: str) -> Draft | None:
    """The owner's unfinished, unexpired draft of this wizard (the latest one)."""
    if not owner.known:
        return None
    row = (
        await WizardDraft.select()
        .where(
            _owned(owner),
            WizardDraft.wizard == slug,
            WizardDraft.submitted_at.is_null(),
            WizardDraft.expires_at > clock.now(),
        )
        .order_by(WizardDraft.updated_at, ascending=False)
        .first()
    )
    return _draft(row) if row else None


async def draft_by_id(owner: Owner, draft_id: uuid.UUID) -> Draft | None:
    if not owner.known:
        return None
    row = await WizardDraft.select().where(_owned(owner), WizardDraft.id == draft_id).first()
    return _draft(row) if row else None


async def open_drafts(owner: Owner) -> list[Draft]:
    if not owner.known:
        return []
    rows = (
        await WizardDraft.select()
        .where(
            _owned(owner),
            WizardDraft.submitted_at.is_null(),
            WizardDraft.expires_at > clock.now(),
        )
        .order_by(WizardDraft.updated_at, ascending=False)
    )
    return [_draft(row) for row in rows]


@dataclass(frozen=True)
class LeftOnDevice:
    """An anonymous draft a logged-in person may take over, and their own draft it replaces."""

    draft: Draft
    replaces: Draft | None


async def left_on_device(token: str, person_id: uuid.UUID) -> list[LeftOnDevice]:
    """The anonymous drafts of this device's token, each with the person's own unfinished
    draft of the same wizard (which claiming would replace)."""
    if not token:
        return []
    mine: dict[str, Draft] = {}
    for own in await open_drafts(Owner(person_id=person_id)):  # newest first
        mine.setdefault(own.wizard, own)
    return [
        LeftOnDevice(draft, mine.get(draft.wizard))
        for draft in await open_drafts(Owner(token=token))
    ]


async def save_answers(
    owner: Owner, slug: str, answers: dict[str, str], current_step: str
) -> uuid.UUID:
    """Merge `answers` into the owner's open draft (created on the first answer)."""
    if not owner.known:
        raise ValueError("a draft needs an owner")
    now = clock.now()
    async with transaction():
        draft = await open_draft(owner, slug)
        if draft is None:
            draft_id = uuid.uuid4()
            await WizardDraft.insert(
                WizardDraft(
                    id=draft_id,
                    wizard=slug,
                    person=owner.person_id,
                    owner_token=None if owner.person_id else token_digest(owner.token or ""),
                    answers=json.dumps(answers),
                    current_step=current_step,
                    filed=json.dumps({}),
                    created_at=now,
                    updated_at=now,
                    expires_at=now + DRAFT_LIFETIME,
                )
            )
            return draft_id
        merged = {**draft.answers, **answers}
        await WizardDraft.update(
            {
                WizardDraft.answers: json.dumps(merged),
                WizardDraft.current_step: current_step,
                WizardDraft.updated_at: now,
                WizardDraft.expires_at: now + DRAFT_LIFETIME,
                WizardDraft.warned_at: None,  # a touched draft gets a fresh warning later
            }
        ).where(WizardDraft.id == draft.id)
        return draft.id


STEP_KEYS_KEPT = 20  # per step: enough for any offline queue, bounded for a hostile one


@dataclass(frozen=True)
class StepSaved:
    draft_id: uuid.UUID
    replayed: bool  # the key was applied before: nothing was written


async def save_step(
    owner: Owner, slug: str, answers: dict[str, str], step_id: str, *, key: str
) -> StepSaved:
    """save_answers for one step under the client's idempotency key (the JSON API): a key
    already applied to this step writes nothing, so a replay never overwrites a later answer."""
    if not owner.known:
        raise ValueError("a draft needs an owner")
    async with transaction():
        draft = await open_draft(owner, slug)
        if draft is not None:
            row = await WizardDraft.select(WizardDraft.step_keys).where(
                WizardDraft.id == draft.id
            ).first()  # fmt: skip
            seen = _json(row["step_keys"] if row else {})
            if key in seen.get(step_id, []):
                return StepSaved(draft.id, replayed=True)
        else:
            seen = {}
        draft_id = await save_answers(owner, slug, answers, step_id)
        seen[step_id] = [*seen.get(step_id, []), key][-STEP_KEYS_KEPT:]
        await WizardDraft.update({WizardDraft.step_keys: json.dumps(seen)}).where(
            WizardDraft.id == draft_id
        )
        return StepSaved(draft_id, replayed=False)


async def discard_draft(owner: Owner, slug: str) -> None:
    """Start again: the unfinished draft goes away."""
    if not owner.known:
        return
    await WizardDraft.delete().where(
        _owned(owner), WizardDraft.wizard == slug, WizardDraft.submitted_at.is_null()
    )


async def mark_filed(draft_id: uuid.UUID, filed: dict[str, Any]) -> None:
    await WizardDraft.update(
        {
            WizardDraft.filed: json.dumps(filed),
            WizardDraft.submitted_at: clock.now(),
            WizardDraft.updated_at: clock.now(),
        }
    ).where(WizardDraft.id == draft_id)


async def submitted_drafts(owner: Owner, slug: str) -> list[Draft]:
    """The owner's drafts of this wizard whose requests were filed, newest first."""
    if not owner.known:
        return []
    rows = (
        await WizardDraft.select()
        .where(_owned(owner), WizardDraft.wizard == slug, WizardDraft.submitted_at.is_not_null())
        .order_by(WizardDraft.submitted_at, ascending=False)
    )
    return [_draft(row) for row in rows]
