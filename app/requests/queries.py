"""Reads on requests for the affiliate: always scoped to the person asking (404 otherwise)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from app.kit import audit, clock, i18n
from app.kit.errors import NotFound
from app.kit.i18n import gettext as _
from app.requests import rules
from app.requests.kinds import KINDS, AnswerType, RequestKind, choice_label, spec
from app.requests.states import (
    Event,
    Status,
    allowed_events,
    awaiting_affiliate,
    is_final,
    needs_appeal_information,
)
from app.requests.tables import Request, RequestAttachment, RequestEvent

LIST_COLUMNS = (
    "id, reference, kind, status, submitted_at, received_on, legal_due, target_due, "
    "paused_days, paused_since, decided_at, created_at"
)


def _person_of(actor: audit.Actor) -> uuid.UUID:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return actor.id


def with_due_dates(row: dict[str, Any], today: date) -> dict[str, Any]:
    """Adds `due` (rules.DueDates or None) and `kind_label` for the templates."""
    row = dict(row)
    row["kind_label"] = str(KINDS[RequestKind(row["kind"])].label)
    if row.get("received_on") and not is_final(Status(row["status"])):
        row["due"] = rules.due_dates(
            row["received_on"],
            spec(row["kind"]).target_working_days,
            row["paused_days"],
            row["paused_since"],
            today,
        )
    else:
        row["due"] = None
    return row


async def requests_for_affiliate(actor: audit.Actor, *, limit: int = 100) -> list[dict[str, Any]]:
    person_id = _person_of(actor)
    rows = await Request.raw(
        f"SELECT {LIST_COLUMNS} FROM request WHERE person = {{}} "
        "ORDER BY created_at DESC LIMIT {}",
        person_id,
        limit,
    )
    today = clock.today()
    return [with_due_dates(row, today) for row in rows]


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
    """(label, displayed value, type) in the kind's field order, for display."""
    lines: list[tuple[str, str, AnswerType]] = []
    for field in spec(kind).fields:
        if field.name in answers:
            lines.append(
                (str(field.label), answer_text(field.type, answers[field.name]), field.type)
            )
    return lines


async def events_of(request_id: uuid.UUID) -> list[dict[str, Any]]:
    return list(
        await RequestEvent.select(
            RequestEvent.id,
            RequestEvent.event,
            RequestEvent.from_status,
            RequestEvent.to_status,
            RequestEvent.actor_kind,
            RequestEvent.note,
            RequestEvent.at,
        )
        .where(RequestEvent.request == request_id)
        .order_by(RequestEvent.at)
    )


def event_days(events: list[dict[str, Any]]) -> list[tuple[str, date]]:
    """(event code, Brussels day) oldest first, for the pure reminder rules."""
    return [(e["event"], e["at"].astimezone(clock.BRUSSELS).date()) for e in events]


async def attachments_of(request_id: uuid.UUID) -> list[dict[str, Any]]:
    return list(
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


async def request_detail(row: dict[str, Any]) -> dict[str, Any]:
    """Everything one request page shows, whoever reads it (the caller checked access)."""
    answers = row["answers"]
    if isinstance(answers, str):
        import json

        answers = json.loads(answers)
    detail = with_due_dates(row, clock.today())
    status = Status(row["status"])
    events = await events_of(row["id"])
    questions = [e for e in events if e["event"] == Event.REQUEST_INFORMATION.value]
    awaiting = awaiting_affiliate(status)
    reminder_on = rules.open_reminder(event_days(events)) if awaiting else None
    gate = rules.decision_gate(awaiting, reminder_on, clock.today())
    detail.update(
        reminder_on=reminder_on,
        decision_gate=gate,
        can_decide=Event.GRANT in allowed_events(status) and gate.allowed,
        answers=answer_lines(row["kind"], answers),
        events=events,
        attachments=await attachments_of(row["id"]),
        awaiting_affiliate=awaiting_affiliate(status),
        open_question=questions[-1]["note"] if questions and awaiting_affiliate(status) else None,
        final=is_final(status),
        appeal=needs_appeal_information(status),
        can_withdraw=Event.WITHDRAW in allowed_events(status),
        allowed=[e.value for e in allowed_events(status)],
    )
    return detail


async def request_row(request_id: uuid.UUID) -> dict[str, Any] | None:
    """One request as stored, for the back office (which checks the team and audits first)."""
    return await Request.select().where(Request.id == request_id).first()


async def person_has_request_in_team(person_id: uuid.UUID, team: str) -> bool:
    return bool(
        await Request.exists().where((Request.person == person_id) & (Request.team == team))
    )


async def request_for_affiliate(actor: audit.Actor, request_id: uuid.UUID) -> dict[str, Any]:
    person_id = _person_of(actor)
    row = (
        await Request.select()
        .where((Request.id == request_id) & (Request.person == person_id))
        .first()
    )
    if row is None:
        raise NotFound()
    return await request_detail(row)


async def attachment_for_affiliate(actor: audit.Actor, attachment_id: uuid.UUID) -> dict[str, Any]:
    person_id = _person_of(actor)
    rows = await RequestAttachment.raw(
        "SELECT a.filename, a.content_type, a.data FROM request_attachment a "
        "JOIN request r ON r.id = a.request WHERE a.id = {} AND r.person = {}",
        attachment_id,
        person_id,
    )
    if not rows:
        raise NotFound()
    return rows[0]
