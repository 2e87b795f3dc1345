"""Writes of the wizards domain: filing the chosen requests, claiming or discarding anonymous
drafts (on the person's confirmation), warning about and removing drafts left alone for 90 days."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.kit import audit, clock
from app.kit.db import transaction
from app.kit.i18n import N_
from app.kit.settings import get_settings
from app.messaging import service as messaging
from app.messaging.service import Notice
from app.requests.kinds import GUIDE_KEY
from app.requests.queries import GuideAnswers, answer_lines
from app.requests.service import submit_request
from app.wizards import drafts, journey
from app.wizards.catalogue import wizard as find_wizard
from app.wizards.drafts import WARNING_BEFORE, Owner
from app.wizards.model import CHECK, Wizard
from app.wizards.outcomes import KIND_LABELS
from app.wizards.questions import display_value, typed_answers
from app.wizards.rules import OutcomeResult
from app.wizards.tables import WizardDraft


class NothingToFile(ValueError):
    """No request chosen, or a request the outcome does not offer."""


@dataclass(frozen=True)
class Filed:
    kind: str
    id: uuid.UUID
    reference: str | None


def outcome_of(wizard: Wizard, stored: dict[str, str], today: date) -> OutcomeResult:
    answers = journey.relevant_answers(wizard, typed_answers(wizard, stored))
    return wizard.outcome.rules(answers, today)


def filed_answers(wizard: Wizard, stored: Mapping[str, str]) -> dict[str, str]:
    """The stored answers that go with the requests: those of the check page (the questions on
    the person's path, in its order), as stored, so each reader sees them in their language."""
    rows = journey.answers_for_check(wizard, typed_answers(wizard, stored))
    return {row.question.name: stored.get(row.question.name, "") for row in rows}


def read_guide_answers(slug: str, stored: Mapping[str, str]) -> GuideAnswers | None:
    """A request's kept guide answers as the reader reads them (registered into requests at
    wiring): the questions on the path, in the reader's language, amounts and dates theirs."""
    wizard = find_wizard(slug)
    if wizard is None:
        return None
    rows = journey.answers_for_check(wizard, typed_answers(wizard, stored))
    lines = tuple(
        (str(row.question.label), display_value(row.question, stored.get(row.question.name)))
        for row in rows
    )
    return GuideAnswers(wizard.slug, str(wizard.title), lines)


@dataclass(frozen=True)
class Planned:
    """A request the check page before filing shows: its kind, label and own answers (the
    guide's answers, filed_answers, go with every request and are shown once)."""

    kind: str
    label: str
    lines: tuple[tuple[str, str], ...]


def chosen_kinds(
    wizard: Wizard, stored: dict[str, str], kinds: list[str], today: date
) -> list[str]:
    """The kinds asked for that the outcome offers, once each, in the outcome's order."""
    asked = set(kinds)
    return [o.kind for o in outcome_of(wizard, stored, today).offers if o.kind in asked]


def plan_requests(
    wizard: Wizard, stored: dict[str, str], kinds: list[str], today: date
) -> list[Planned]:
    """Exactly what file_requests would file for these kinds, readable (no I/O)."""
    offers = {o.kind: o for o in outcome_of(wizard, stored, today).offers}
    planned: list[Planned] = []
    for kind in chosen_kinds(wizard, stored, kinds, today):
        own = dict(offers[kind].answers)
        lines = tuple((label, shown) for label, shown, _type in answer_lines(kind, own))
        planned.append(Planned(kind, str(KIND_LABELS.get(kind, kind)), lines))
    return planned


async def file_requests(
    actor: audit.Actor, *, person_id: uuid.UUID, draft_id: uuid.UUID, kinds: list[str]
) -> list[Filed]:
    """File the chosen requests of a completed draft, once: a second call returns the same."""
    owner = Owner(person_id=person_id)
    draft = await drafts.draft_by_id(owner, draft_id)
    wizard = find_wizard(draft.wizard) if draft else None
    if draft is None or wizard is None:
        raise NothingToFile("draft")
    typed = typed_answers(wizard, draft.answers)
    if journey.next_step(wizard, typed) != CHECK:
        raise NothingToFile("incomplete")
    offers = {
        offer.kind: offer for offer in outcome_of(wizard, draft.answers, clock.today()).offers
    }
    chosen = [kind for kind in dict.fromkeys(kinds) if kind in offers]
    if not chosen:
        raise NothingToFile("none")
    # The request keeps its own copy of the guide's answers (the draft is purged one day).
    guide = {"wizard": wizard.slug, "answers": filed_answers(wizard, draft.answers)}
    filed: list[Filed] = []
    async with transaction():
        for kind in chosen:
            answers: dict[str, Any] = {**offers[kind].answers, GUIDE_KEY: guide}
            submitted = await submit_request(
                actor,
                person_id=person_id,
                kind=kind,
                answers=answers,
                idempotency_key=f"wizard:{draft.id}:{kind}",
            )
            filed.append(Filed(kind, submitted.id, submitted.reference))
        record = {**draft.filed}
        record.update({f.kind: {"id": str(f.id), "reference": f.reference} for f in filed})
        await drafts.mark_filed(draft.id, record)
        await audit.record(
            actor,
            "wizards.file_requests",
            subject=("wizard_draft", draft.id),
            details={"wizard": wizard.slug, "kinds": chosen},
        )
    return filed


async def claim_drafts(actor: audit.Actor, token: str, person_id: uuid.UUID) -> int:
    """Attach this device's anonymous drafts to the person, who has just confirmed it (a POST;
    never on a page view: the visitor before them on a shared device may be someone else).

    The anonymous draft replaces the person's unfinished draft of the same wizard, so there is
    never a duplicate; their drafts of other wizards stay. Safe against a double submit: only
    the request that takes a draft over removes the drafts it replaces.
    """
    if not token:
        return 0
    claimed = 0
    async with transaction():
        for draft in await drafts.open_drafts(Owner(token=token)):
            taken = (
                await WizardDraft.update(
                    {WizardDraft.person: person_id, WizardDraft.owner_token: None}
                )
                .where(WizardDraft.id == draft.id, WizardDraft.person.is_null())
                .returning(WizardDraft.id)
            )
            if not taken:
                continue
            replaced = (
                await WizardDraft.delete()
                .where(
                    WizardDraft.person == person_id,
                    WizardDraft.wizard == draft.wizard,
                    WizardDraft.submitted_at.is_null(),
                    WizardDraft.id != draft.id,
                )
                .returning(WizardDraft.id)
            )
            await audit.record(
                actor,
                "wizards.claim_draft",
                subject=("wizard_draft", draft.id),
                details={"wizard": draft.wizard, "replaced": [row["id"] for row in replaced]},
            )
            claimed += 1
    return claimed


async def discard_device_drafts(token: str) -> int:
    """The person who logged in does not want this device's anonymous answers: delete them."""
    if not token:
        return 0
    removed = (
        await WizardDraft.delete()
        .where(
            WizardDraft.owner_token == drafts.token_digest(token),
            WizardDraft.person.is_null(),
        )
        .returning(WizardDraft.id)
    )
    return len(removed)


async def warn_expiring_drafts() -> int:
    """Inbox message and email for each person's draft expiring within 14 days; once each."""
    now = clock.now()
    rows = await WizardDraft.select(
        WizardDraft.id, WizardDraft.wizard, WizardDraft.person, WizardDraft.expires_at
    ).where(
        WizardDraft.person.is_not_null(),
        WizardDraft.submitted_at.is_null(),
        WizardDraft.warned_at.is_null(),
        WizardDraft.expires_at > now,
        WizardDraft.expires_at <= now + WARNING_BEFORE,
    )
    warned = 0
    for row in rows:
        if await warn_draft(row["id"]):
            warned += 1
    return warned


async def warn_draft(draft_id: uuid.UUID) -> bool:
    """One warning, idempotent: the warned_at mark and the inbox dedupe key guard re-runs."""
    async with transaction():
        marked = (
            await WizardDraft.update({WizardDraft.warned_at: clock.now()})
            .where(
                WizardDraft.id == draft_id,
                WizardDraft.warned_at.is_null(),
                WizardDraft.submitted_at.is_null(),
            )
            .returning(WizardDraft.wizard, WizardDraft.person, WizardDraft.expires_at)
        )
        if not marked:
            return False
        draft = marked[0]
        wizard = find_wizard(draft["wizard"])
        if wizard is None:
            return False
        expires = draft["expires_at"].astimezone(clock.BRUSSELS).date()
        path = f"/wizards/{wizard.slug}"
        await messaging.post_notice(
            draft["person"],
            Notice(
                kind="wizard_expiry",
                subject=N_('Your guide "%(title)s" will be deleted soon'),
                body=N_(
                    'You started the guide "%(title)s" and did not finish it. Your answers are '
                    "kept until %(date)s; after that they are deleted. Continue here: %(link)s"
                ),
                context={
                    "title": wizard.title,
                    "date": expires,
                    "link": get_settings().base_url.rstrip("/") + path,
                },
                email_template="wizard_expiry",
                email_context={"title": wizard.title, "expires": expires},
                link=path,
            ),
            dedupe_key=f"wizard_expiry:{draft_id}:{expires.isoformat()}",
        )
    return True


async def expire_drafts() -> int:
    """Remove unfinished drafts untouched for 90 days (their expiry date has passed)."""
    removed = (
        await WizardDraft.delete()
        .where(WizardDraft.submitted_at.is_null(), WizardDraft.expires_at <= clock.now())
        .returning(WizardDraft.id)
    )
    return len(removed)


async def move_drafts_to_file(claimant_id: uuid.UUID, file_id: uuid.UUID) -> int:
    """A self-registered account was linked into the known file of the same person (the
    `identity.accounts_merged` job): its guide drafts move there. As when claiming a device's
    drafts, an unfinished draft replaces the file's unfinished draft of the same guide (the
    person was working in the account they used). Idempotent; returns how many moved."""
    async with transaction():
        moving = await WizardDraft.select(
            WizardDraft.id, WizardDraft.wizard, WizardDraft.submitted_at
        ).where(WizardDraft.person == claimant_id)
        unfinished = [row["wizard"] for row in moving if row["submitted_at"] is None]
        replaced = []
        if unfinished:
            replaced = (
                await WizardDraft.delete()
                .where(
                    WizardDraft.person == file_id,
                    WizardDraft.wizard.is_in(unfinished),
                    WizardDraft.submitted_at.is_null(),
                )
                .returning(WizardDraft.id)
            )
        if not moving:
            return 0
        await WizardDraft.update({WizardDraft.person: file_id}).where(
            WizardDraft.person == claimant_id
        )
        await audit.record(
            audit.SYSTEM,
            "wizards.drafts_moved_to_file",
            subject=("affiliate", file_id),
            details={
                "claimant": str(claimant_id),
                "drafts": [str(row["id"]) for row in moving],
                "replaced": [str(row["id"]) for row in replaced],
            },
        )
    return len(moving)
