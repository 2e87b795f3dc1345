"""Reads on requests for the affiliate: always scoped to the person asking (404 otherwise)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.kit import audit, clock, i18n
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.kit.i18n import gettext as _
from app.messaging.service import appointments
from app.requests import rules
from app.requests.kinds import GUIDE_KEY, KINDS, AnswerType, RequestKind, choice_label, spec
from app.requests.states import (
    OPEN,
    Event,
    Status,
    allowed_events,
    awaiting_affiliate,
    is_final,
    needs_appeal_information,
)
from app.requests.tables import Request, RequestAttachment

LIST_COLUMNS = (
    "id, reference, kind, status, submitted_at, received_on, legal_due, target_due, "
    "paused_days, paused_since, decided_at, created_at"
)


@dataclass(frozen=True, slots=True)
class RequestSummary:
    """One request in a list (the affiliate's, the back-office queue, a person's file), with
    its expected decision dates (`due`, None once decided or before receipt) and kind label.

    The back-office queue also fills `team`, `escalated_at`, `person_name`, `assignee_name`.
    """

    id: uuid.UUID
    reference: str | None
    kind: str
    kind_label: str
    status: str
    created_at: datetime
    due: rules.DueDates | None
    received_on: date | None = None
    legal_due: date | None = None
    target_due: date | None = None
    paused_days: int = 0
    paused_since: date | None = None
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    team: str | None = None
    escalated_at: datetime | None = None
    person_name: str | None = None
    assignee_name: str | None = None
    guide_draft: uuid.UUID | None = None  # filed by a guide: its draft (the outcome's link)


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request as stored (the answers decoded)."""

    id: uuid.UUID
    reference: str | None
    person_id: uuid.UUID
    kind: str
    status: str
    answers: dict[str, Any]
    team: str
    assignee_id: uuid.UUID | None
    submitted_at: datetime | None
    received_on: date | None
    legal_due: date | None
    target_due: date | None
    paused_days: int
    paused_since: date | None
    escalated_at: datetime | None
    decided_at: datetime | None
    motivation: str | None
    created_at: datetime
    updated_at: datetime
    idempotency_key: str = ""


@dataclass(frozen=True, slots=True)
class RequestEventView:
    id: uuid.UUID
    event: str
    from_status: str | None
    to_status: str
    actor_kind: str
    note: str | None
    at: datetime
    actor_name: str = ""  # a mandatary's name (who acted for the affiliate)


@dataclass(frozen=True, slots=True)
class AttachmentMeta:
    """A request's file without its content."""

    id: uuid.UUID
    event: uuid.UUID | None  # the event it came with (the filing, an answer)
    filename: str
    content_type: str
    size: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AttachmentFile:
    """A file to download (documents.uploads.file_response)."""

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class GuideAnswers:
    """The answers of the guide a request was filed through, as the reader reads them: the
    guide's title and (question, answer) in the reader's language, in the guide's order."""

    wizard: str
    title: str
    lines: tuple[tuple[str, str], ...]


# Reads a guide's stored answers ({question name: stored text}) for display, or None when the
# guide is not its own. Requests cannot know the guides (a higher rank): the guides' domain
# registers its reader at wiring (app.main), dependency inverted.
GuideReader = Callable[[str, Mapping[str, str]], GuideAnswers | None]
_GUIDE_READERS: list[GuideReader] = []


def register_guide_reader(reader: GuideReader) -> None:
    """Wiring: tell requests how to read back a guide's answers. Idempotent."""
    if reader not in _GUIDE_READERS:
        _GUIDE_READERS.append(reader)


def guide_answers(answers: Mapping[str, Any]) -> GuideAnswers | None:
    """The guide's answers a request keeps (kinds.GUIDE_KEY), readable, or None (a request
    filed without a guide, or before guides kept their answers: its free text says it all)."""
    stored = answers.get(GUIDE_KEY)
    if not isinstance(stored, dict) or not isinstance(stored.get("answers"), dict):
        return None
    slug = str(stored.get("wizard") or "")
    given = {str(name): str(value) for name, value in stored["answers"].items()}
    for reader in _GUIDE_READERS:
        shown = reader(slug, given)
        if shown is not None:
            return shown
    # No reader knows this guide any more: what was stored, rather than nothing.
    return GuideAnswers(slug, slug, tuple((name, value or "—") for name, value in given.items()))


@dataclass(frozen=True, slots=True)
class RequestDetail:
    """Everything one request page shows, whoever reads it."""

    id: uuid.UUID
    reference: str | None
    person_id: uuid.UUID
    kind: str
    kind_label: str
    status: str
    team: str
    assignee_id: uuid.UUID | None
    submitted_at: datetime | None
    received_on: date | None
    legal_due: date | None
    target_due: date | None
    paused_days: int
    paused_since: date | None
    escalated_at: datetime | None
    decided_at: datetime | None
    motivation: str | None
    created_at: datetime
    due: rules.DueDates | None
    reminder_on: date | None
    decision_gate: rules.DecisionGate
    can_decide: bool
    answers: tuple[tuple[str, str, AnswerType], ...]  # (label, displayed value, type)
    guide: GuideAnswers | None  # filed through a guide: its answers, in the reader's language
    events: tuple[RequestEventView, ...]
    attachments: tuple[AttachmentMeta, ...]
    awaiting_affiliate: bool
    open_question: str | None
    final: bool
    appeal: bool
    can_withdraw: bool
    allowed: tuple[str, ...]  # the event codes the status allows
    guide_draft: uuid.UUID | None  # filed by a guide: its draft (the outcome's link)


def _person_of(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


def _kind_label(kind: str) -> str:
    return str(KINDS[RequestKind(kind)].label)


def kind_label(kind: str) -> str:
    """A request kind's name in the reader's language (the kind itself when unknown)."""
    try:
        return _kind_label(kind)
    except ValueError:
        return kind


def guide_draft(idempotency_key: str) -> uuid.UUID | None:
    """The guide draft a request was filed from, read from its idempotency key
    ("<person>:wizard:<draft id>:<kind>", the wizards' filing key), else None."""
    parts = (idempotency_key or "").split(":")
    if len(parts) < 4 or parts[1] != "wizard":
        return None
    try:
        return uuid.UUID(parts[2])
    except ValueError:
        return None


def _due(
    kind: str,
    status: str,
    received_on: date | None,
    paused_days: int,
    paused_since: date | None,
    today: date,
) -> rules.DueDates | None:
    if received_on and not is_final(Status(status)):
        found = spec(kind)
        return rules.due_dates(
            received_on,
            found.target_working_days,
            paused_days,
            paused_since,
            today,
            found.legal_months,
        )
    return None


def with_due_dates(row: Mapping[str, Any], today: date) -> RequestSummary:
    """A listed request row (id, reference, kind, status, created_at and any of the optional
    columns) with its `due` dates (rules.DueDates or None) and `kind_label`."""
    return RequestSummary(
        id=row["id"],
        reference=row["reference"],
        kind=row["kind"],
        kind_label=_kind_label(row["kind"]),
        status=row["status"],
        created_at=row["created_at"],
        due=_due(
            row["kind"],
            row["status"],
            row.get("received_on"),
            row.get("paused_days") or 0,
            row.get("paused_since"),
            today,
        ),
        received_on=row.get("received_on"),
        legal_due=row.get("legal_due"),
        target_due=row.get("target_due"),
        paused_days=row.get("paused_days") or 0,
        paused_since=row.get("paused_since"),
        submitted_at=row.get("submitted_at"),
        decided_at=row.get("decided_at"),
        team=row.get("team"),
        escalated_at=row.get("escalated_at"),
        person_name=row.get("person_name"),
        assignee_name=row.get("assignee_name"),
    )


async def requests_for_affiliate(actor: audit.Actor, *, limit: int = 100) -> list[RequestSummary]:
    person_id = _person_of(actor)
    rows = await Request.raw(
        f"SELECT {LIST_COLUMNS}, idempotency_key FROM request WHERE person = {{}} "
        "ORDER BY created_at DESC LIMIT {}",
        person_id,
        limit,
    )
    today = clock.today()
    return [
        replace(with_due_dates(row, today), guide_draft=guide_draft(row["idempotency_key"]))
        for row in rows
    ]


def answer_text(type_: AnswerType, value: Any) -> str:
    """An answer as a reader expects it: choices in words, euros, dates and yes/no localised."""
    try:
        if type_ is AnswerType.CHOICE:
            return choice_label(str(value))
        if type_ is AnswerType.MONEY:
            return i18n.format_money(Decimal(str(value)))
        if type_ is AnswerType.DATE:
            return i18n.format_day(date.fromisoformat(str(value)))
        if type_ is AnswerType.BOOLEAN:
            return _("Yes") if value else _("No")
    except (ValueError, ArithmeticError):
        pass  # an old or hand-made row: show it as stored rather than fail the page
    return str(value)


def answer_lines(kind: str, answers: dict[str, Any]) -> list[tuple[str, str, AnswerType]]:
    """(label, displayed value, type) in the kind's field order, for display. A guide's
    answers kept with the request are read apart (guide_answers)."""
    lines: list[tuple[str, str, AnswerType]] = []
    for field in spec(kind).fields:
        if field.name in answers:
            lines.append(
                (str(field.label), answer_text(field.type, answers[field.name]), field.type)
            )
    return lines


async def events_of(request_id: uuid.UUID) -> list[RequestEventView]:
    rows = await fetch(
        "SELECT e.id, e.event, e.from_status, e.to_status, e.actor_kind, e.note, e.at, "
        "CASE WHEN e.actor_kind = 'mandatary' THEN coalesce(p.first_name || ' ' || p.last_name, "
        "'') ELSE '' END AS actor_name FROM request_event e "
        "LEFT JOIN person p ON p.id = e.actor_id AND e.actor_kind = 'mandatary' "
        "WHERE e.request = {} ORDER BY e.at",
        request_id,
    )
    return [RequestEventView(**row) for row in rows]


def event_days(events: Sequence[RequestEventView]) -> list[tuple[str, date]]:
    """(event code, Brussels day) oldest first, for the pure reminder rules."""
    return [(e.event, e.at.astimezone(clock.BRUSSELS).date()) for e in events]


async def attachments_of(request_id: uuid.UUID) -> list[AttachmentMeta]:
    rows = (
        await RequestAttachment.select(
            RequestAttachment.id,
            RequestAttachment.event,
            RequestAttachment.filename,
            RequestAttachment.content_type,
            RequestAttachment.size,
            RequestAttachment.created_at,
        )
        .where(RequestAttachment.request == request_id)
        .order_by(RequestAttachment.created_at)
    )
    return [AttachmentMeta(**row) for row in rows]


def _record(row: Mapping[str, Any]) -> RequestRecord:
    answers = row["answers"]
    if isinstance(answers, str):
        answers = json.loads(answers)
    return RequestRecord(
        id=row["id"],
        reference=row["reference"],
        person_id=row["person"],
        kind=row["kind"],
        status=row["status"],
        answers=answers,
        team=row["team"],
        assignee_id=row["assignee"],
        submitted_at=row["submitted_at"],
        received_on=row["received_on"],
        legal_due=row["legal_due"],
        target_due=row["target_due"],
        paused_days=row["paused_days"],
        paused_since=row["paused_since"],
        escalated_at=row["escalated_at"],
        decided_at=row["decided_at"],
        motivation=row["motivation"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        idempotency_key=row.get("idempotency_key") or "",
    )


async def request_detail(record: RequestRecord) -> RequestDetail:
    """Everything one request page shows, whoever reads it (the caller checked access)."""
    status = Status(record.status)
    events = await events_of(record.id)
    questions = [e for e in events if e.event == Event.REQUEST_INFORMATION.value]
    awaiting = awaiting_affiliate(status)
    reminder_on = rules.open_reminder(event_days(events)) if awaiting else None
    gate = rules.decision_gate(awaiting, reminder_on, clock.today())
    return RequestDetail(
        id=record.id,
        reference=record.reference,
        person_id=record.person_id,
        kind=record.kind,
        kind_label=_kind_label(record.kind),
        status=record.status,
        team=record.team,
        assignee_id=record.assignee_id,
        submitted_at=record.submitted_at,
        received_on=record.received_on,
        legal_due=record.legal_due,
        target_due=record.target_due,
        paused_days=record.paused_days,
        paused_since=record.paused_since,
        escalated_at=record.escalated_at,
        decided_at=record.decided_at,
        motivation=record.motivation,
        created_at=record.created_at,
        due=_due(
            record.kind,
            record.status,
            record.received_on,
            record.paused_days,
            record.paused_since,
            clock.today(),
        ),
        reminder_on=reminder_on,
        decision_gate=gate,
        can_decide=Event.GRANT in allowed_events(status) and gate.allowed,
        answers=tuple(answer_lines(record.kind, record.answers)),
        guide=guide_answers(record.answers),
        events=tuple(events),
        attachments=tuple(await attachments_of(record.id)),
        awaiting_affiliate=awaiting,
        open_question=questions[-1].note if questions and awaiting else None,
        final=is_final(status),
        appeal=needs_appeal_information(status),
        can_withdraw=Event.WITHDRAW in allowed_events(status),
        allowed=tuple(e.value for e in allowed_events(status)),
        guide_draft=guide_draft(record.idempotency_key),
    )


async def request_row(request_id: uuid.UUID) -> RequestRecord | None:
    """One request as stored, for the back office (which checks the team and audits first)."""
    row = await Request.select().where(Request.id == request_id).first()
    return _record(row) if row else None


async def person_has_request_in_team(person_id: uuid.UUID, team: str) -> bool:
    return bool(
        await Request.exists().where((Request.person == person_id) & (Request.team == team))
    )


async def request_for_affiliate(actor: audit.Actor, request_id: uuid.UUID) -> RequestDetail:
    person_id = _person_of(actor)
    row = (
        await Request.select()
        .where((Request.id == request_id) & (Request.person == person_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return await request_detail(_record(row))


async def appointment_about(actor: audit.Actor, request_id: uuid.UUID) -> appointments.About | None:
    """An appointment may be about one of the affiliate's own requests: its reference (or its
    kind, before it has one) names it on both sides. Registered with messaging at wiring."""
    if actor.kind != "affiliate" or actor.id is None:
        return None
    row = (
        await Request.select(Request.reference, Request.kind)
        .where((Request.id == request_id) & (Request.person == actor.id))
        .first()
    )
    if row is None:
        return None
    return appointments.About("request", request_id, row["reference"] or kind_label(row["kind"]))


async def attachment_for_affiliate(actor: audit.Actor, attachment_id: uuid.UUID) -> AttachmentFile:
    person_id = _person_of(actor)
    rows = await RequestAttachment.raw(
        "SELECT a.filename, a.content_type, a.data FROM request_attachment a "
        "JOIN request r ON r.id = a.request WHERE a.id = {} AND r.person = {}",
        attachment_id,
        person_id,
    )
    if not rows:
        raise NotFound()
    return AttachmentFile(
        filename=rows[0]["filename"],
        content_type=rows[0]["content_type"],
        data=bytes(rows[0]["data"]),
    )


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """An undecided request of the affiliate's, with its answers (to spot a duplicate)."""

    id: uuid.UUID
    reference: str | None
    answers: dict[str, Any]


async def open_requests_of_kind(
    actor: audit.Actor, kind: str, *, except_key: str = ""
) -> list[OpenRequest]:
    """The affiliate's own requests of one kind not decided yet (filed, received, in review,
    information asked), newest first; `except_key` leaves out the one a retry of the same
    form (same idempotency key as given to submit_request) would find."""
    person_id = _person_of(actor)
    rows = await Request.raw(
        "SELECT id, reference, answers FROM request WHERE person = {} AND kind = {} "
        "AND status = ANY({}) AND idempotency_key <> {} ORDER BY created_at DESC",
        person_id,
        kind,
        [status.value for status in OPEN],
        f"{person_id}:{except_key}"[:200],
    )
    found = []
    for row in rows:
        answers = row.get("answers") or {}
        if isinstance(answers, str):
            answers = json.loads(answers)
        found.append(OpenRequest(row["id"], row.get("reference"), dict(answers)))
    return found
