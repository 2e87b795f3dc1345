"""Writes on requests: each public function is one transaction and one status move at most.

Every accepted move appends a RequestEvent (states.transition decides, nothing else does);
follow-up work (receipts, e-mails) goes through the outbox in the same transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.identity.tables import Person, StaffUser
from app.kit import audit, clock, i18n, outbox
from app.kit.db import transaction
from app.kit.errors import NotFound
from app.kit.i18n import gettext as _
from app.kit.mail import queue_mail
from app.kit.settings import get_settings
from app.messaging.tables import InboxMessage
from app.requests import messages, rules
from app.requests.errors import InvalidRequest, TransitionRefused
from app.requests.kinds import KINDS, RequestKind, spec
from app.requests.states import (
    Event,
    IllegalTransition,
    MotivationRequired,
    Status,
    needs_appeal_information,
    transition,
)
from app.requests.tables import Request, RequestAttachment, RequestEvent
from app.staff import service as staff

SUPERVISOR_ROLES = ("supervisor", "admin")


def N_(message: str) -> str:
    """Marks a text for extraction; it is translated later, in the recipient's language."""
    return message


@dataclass(frozen=True, slots=True)
class NewAttachment:
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class SubmittedRequest:
    id: uuid.UUID
    reference: str | None


def check_attachments(attachments: Sequence[NewAttachment], field: str) -> dict[str, str]:
    """{field: message} for the first bad file, so the form can show it next to the input."""
    if len(attachments) > rules.MAX_ATTACHMENTS:
        return {field: messages.message("too_many_files")}
    for item in attachments:
        code = rules.attachment_error(len(item.data), item.data[:16])
        if code:
            return {field: f"{rules.safe_filename(item.filename)}: {messages.message(code)}"}
    return {}


async def _store_attachments(
    request_id: uuid.UUID,
    attachments: Sequence[NewAttachment],
    *,
    event_id: uuid.UUID | None,
    by: str,
) -> None:
    for item in attachments:
        kind = rules.sniff_file_type(item.data[:16])
        assert kind is not None  # checked before the transaction
        await RequestAttachment.insert(
            RequestAttachment(
                request=request_id,
                event=event_id,
                filename=rules.safe_filename(item.filename),
                content_type=kind.content_type,
                size=len(item.data),
                data=item.data,
                uploaded_by=by,
            )
        )


async def submit_request(
    actor: audit.Actor,
    *,
    person_id: uuid.UUID,
    kind: str,
    answers: dict[str, Any],
    idempotency_key: str,
    attachments: Sequence[NewAttachment] = (),
) -> SubmittedRequest:
    """File a request for a person. The same idempotency key returns the first request."""
    if actor.kind == "affiliate" and actor.id != person_id:
        raise NotFound()
    try:
        kind_spec = spec(kind)
    except ValueError:
        raise InvalidRequest({"kind": messages.message("unknown_kind")}) from None
    clean, codes = rules.clean_answers(kind_spec, answers)
    errors = {name: messages.message(code) for name, code in codes.items()}
    errors.update(check_attachments(attachments, "attachments"))
    if errors:
        raise InvalidRequest(errors)
    key = f"{person_id}:{idempotency_key}"[:200]
    async with transaction():
        existing = await _by_key(key)
        if existing is not None:
            return existing
        if not await Person.exists().where(Person.id == person_id):
            raise NotFound()
        now = clock.now()
        request_id = uuid.uuid4()
        status = transition(Status.DRAFT, Event.SUBMIT)
        # The row first (without its reference): a double tap that lost the race takes no
        # number, so the year's numbering has no gaps.
        inserted = await Request.raw(
            "INSERT INTO request (id, reference, person, kind, status, answers, idempotency_key, "
            "team, submitted_at, paused_days, created_at, updated_at) "
            "VALUES ({}, NULL, {}, {}, {}, {}::jsonb, {}, {}, {}, 0, {}, {}) "
            "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
            request_id,
            person_id,
            kind_spec.kind.value,
            status.value,
            json.dumps(clean),
            key,
            staff.DEFAULT_TEAM,
            now,
            now,
            now,
        )
        if not inserted:  # a concurrent double tap won the race: return its request
            found = await _by_key(key)
            assert found is not None
            return found
        event_id = await _append_event(
            request_id, Event.SUBMIT, Status.DRAFT, status, actor, note=None
        )
        await _store_attachments(request_id, attachments, event_id=event_id, by="affiliate")
        await audit.record(
            actor, "request.submitted", subject=("request", request_id), details={"kind": kind}
        )
        await outbox.enqueue("requests.acknowledge", request_id=request_id)
        # Last, so the year's counter row stays locked only for the end of the transaction.
        reference = await _next_reference(clock.today().year)
        await Request.update({Request.reference: reference}).where(Request.id == request_id)
    return SubmittedRequest(id=request_id, reference=reference)


async def _next_reference(year: int) -> str:
    """AF-<year>-<n>, n restarting at 1 each year. The counter row is locked until the caller's
    transaction ends: concurrent submissions wait their turn; a rollback returns the number."""
    rows = await Request.raw(
        "INSERT INTO request_reference_counter AS c (year, last_number) VALUES ({}, 1) "
        "ON CONFLICT (year) DO UPDATE SET last_number = c.last_number + 1 RETURNING last_number",
        year,
    )
    return f"AF-{year}-{rows[0]['last_number']:06d}"


async def _by_key(key: str) -> SubmittedRequest | None:
    row = (
        await Request.select(Request.id, Request.reference)
        .where(Request.idempotency_key == key)
        .first()
    )
    return SubmittedRequest(id=row["id"], reference=row["reference"]) if row else None


async def _append_event(
    request_id: uuid.UUID,
    event: Event,
    before: Status | None,
    after: Status,
    actor: audit.Actor,
    *,
    note: str | None,
) -> uuid.UUID:
    event_id = uuid.uuid4()
    await RequestEvent.insert(
        RequestEvent(
            id=event_id,
            request=request_id,
            event=event.value,
            from_status=before.value if before else None,
            to_status=after.value,
            actor_kind=actor.kind,
            actor_id=actor.id,
            note=note,
            at=clock.now(),
        )
    )
    return event_id


async def _lock(request_id: uuid.UUID) -> dict[str, Any] | None:
    rows = await Request.raw("SELECT * FROM request WHERE id = {} FOR UPDATE", request_id)
    return rows[0] if rows else None


def _move(row: dict[str, Any], event: Event, motivation: str | None = None) -> Status:
    try:
        return transition(Status(row["status"]), event, motivation=motivation)
    except IllegalTransition:
        raise TransitionRefused(_("This request can no longer be changed that way.")) from None
    except MotivationRequired:
        raise InvalidRequest({"motivation": messages.message("motivation_required")}) from None


async def _person(person_id: uuid.UUID) -> dict[str, Any]:
    row = (
        await Person.select(Person.id, Person.first_name, Person.email, Person.language)
        .where(Person.id == person_id)
        .first()
    )
    assert row is not None  # request rows cascade with their person
    return row


async def _notify_person(
    person_id: uuid.UUID,
    *,
    dedupe: str,
    kind: str,
    subject: str,
    body: str,
    template: str,
    context: dict[str, Any],
) -> None:
    """An inbox message (once per dedupe key) and an e-mail, in the person's language."""
    person = await _person(person_id)
    # Dates are written the way the recipient reads them (fr_BE / nl_BE).
    context = {
        k: i18n.format_day(v, person["language"]) if isinstance(v, date) else v
        for k, v in context.items()
    }
    with i18n.language(person["language"]):
        inserted = await InboxMessage.raw(
            "INSERT INTO inbox_message (id, person, kind, subject, body, dedupe_key, created_at) "
            "VALUES ({}, {}, {}, {}, {}, {}, now()) ON CONFLICT (dedupe_key) DO NOTHING "
            "RETURNING id",
            uuid.uuid4(),
            person_id,
            kind,
            str(_(subject))[:200],
            str(_(body, **context)) if context else str(_(body)),
            dedupe[:128],
        )
    if inserted and person["email"]:
        await queue_mail(
            to=person["email"],
            template=template,
            language=person["language"],
            context={
                **context,
                "first_name": person["first_name"],
                "link": get_settings().base_url.rstrip("/") + "/requests",
            },
        )


def _dates(row: dict[str, Any], today: date) -> rules.DueDates:
    return rules.due_dates(
        row["received_on"],
        spec(row["kind"]).target_working_days,
        row["paused_days"],
        row["paused_since"],
        today,
    )


async def acknowledge_request(request_id: uuid.UUID) -> bool:
    """Receipt: reference, due dates, routing to the account manager, inbox + e-mail.

    Idempotent: a request already past `submitted` is left alone (False).
    """
    async with transaction():
        row = await _lock(request_id)
        if row is None or row["status"] != Status.SUBMITTED.value:
            return False
        after = _move(row, Event.ACKNOWLEDGE)
        submitted_at = row["submitted_at"] or clock.now()
        received_on = submitted_at.astimezone(clock.BRUSSELS).date()
        target_days = spec(row["kind"]).target_working_days
        dates = rules.due_dates(received_on, target_days, 0, None, received_on)
        agent = await staff.route_person(row["person"], team=row["team"])
        await Request.update(
            {
                Request.status: after.value,
                Request.received_on: received_on,
                Request.legal_due: dates.legal,
                Request.target_due: dates.target,
                Request.assignee: agent["id"] if agent else None,
                Request.team: agent["team"] if agent else row["team"],
                Request.updated_at: clock.now(),
            }
        ).where(Request.id == request_id)
        await _append_event(request_id, Event.ACKNOWLEDGE, Status.SUBMITTED, after, audit.SYSTEM,
                            note=None)  # fmt: skip
        await _notify_person(
            row["person"],
            dedupe=f"receipt:{request_id}",
            kind="receipt",
            subject=N_("We have received your request"),
            body=N_(
                "Your request %(reference)s has been received. We will decide by "
                "%(legal_due)s at the latest; our aim is %(target_due)s."
            ),
            template="request_received",
            context={
                "reference": row["reference"],
                "legal_due": dates.legal,
                "target_due": dates.target,
            },
        )
    return True


async def _load_for_staff(actor: audit.Actor, request_id: uuid.UUID) -> dict[str, Any]:
    """Lock the request if this staff member may act on it (agents: their team only)."""
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    row = await _lock(request_id)
    if row is None:
        raise NotFound()
    member = (
        await StaffUser.select(StaffUser.role, StaffUser.team)
        .where(StaffUser.id == actor.id)
        .first()
    )
    if member is None:
        raise NotFound()
    if member["role"] not in SUPERVISOR_ROLES and member["team"] != row["team"]:
        raise NotFound()
    return row


async def take_request(actor: audit.Actor, request_id: uuid.UUID) -> None:
    """The staff member takes the request in hand (from another agent: a reassignment)."""
    async with transaction():
        row = await _load_for_staff(actor, request_id)
        event = Event.TAKE if row["status"] == Status.RECEIVED.value else Event.REASSIGN
        after = _move(row, event)
        if event is Event.REASSIGN and row["assignee"] == actor.id:
            return  # already theirs
        await Request.update(
            {
                Request.status: after.value,
                Request.assignee: actor.id,
                Request.updated_at: clock.now(),
            }
        ).where(Request.id == request_id)
        await _append_event(request_id, event, Status(row["status"]), after, actor, note=None)
        await audit.record(actor, f"request.{event.value}", subject=("request", request_id))


async def reassign_request(
    actor: audit.Actor, request_id: uuid.UUID, *, staff_id: uuid.UUID
) -> None:
    async with transaction():
        row = await _load_for_staff(actor, request_id)
        target = (
            await StaffUser.select(StaffUser.id, StaffUser.team, StaffUser.active)
            .where(StaffUser.id == staff_id)
            .first()
        )
        if target is None or not target["active"]:
            raise InvalidRequest({"assignee": str(_("Choose an active staff member"))})
        after = _move(row, Event.REASSIGN)
        await Request.update(
            {
                Request.assignee: staff_id,
                Request.team: target["team"],
                Request.updated_at: clock.now(),
            }
        ).where(Request.id == request_id)
        await _append_event(request_id, Event.REASSIGN, Status(row["status"]), after, actor,
                            note=None)  # fmt: skip
        await audit.record(
            actor,
            "request.reassign",
            subject=("request", request_id),
            details={"to": str(staff_id)},
        )


async def request_information(actor: audit.Actor, request_id: uuid.UUID, *, question: str) -> None:
    """Ask the affiliate for information: the Charte clock pauses until they answer."""
    question = (question or "").strip()
    if not question:
        raise InvalidRequest({"question": messages.message("question_required")})
    async with transaction():
        row = await _load_for_staff(actor, request_id)
        if row["status"] == Status.RECEIVED.value:  # asking is handling: take it first
            await take_request(actor, request_id)
            row = await _lock(request_id) or row
        after = _move(row, Event.REQUEST_INFORMATION)
        await Request.update(
            {
                Request.status: after.value,
                Request.paused_since: clock.today(),
                Request.updated_at: clock.now(),
            }
        ).where(Request.id == request_id)
        event_id = await _append_event(
            request_id, Event.REQUEST_INFORMATION, Status(row["status"]), after, actor,
            note=question,
        )  # fmt: skip
        await audit.record(actor, "request.request_information", subject=("request", request_id))
        await _notify_person(
            row["person"],
            dedupe=f"information:{event_id}",
            kind="information_request",
            subject=N_("We need information for your request"),
            body=N_(
                "To handle your request %(reference)s we need more information from you. "
                "Please answer from your online file."
            ),
            template="request_information",
            context={"reference": row["reference"]},
        )


async def answer_information(
    actor: audit.Actor,
    request_id: uuid.UUID,
    *,
    answer: str,
    attachments: Sequence[NewAttachment] = (),
) -> None:
    """The affiliate answers: the clock runs again and the request returns to review."""
    answer = (answer or "").strip()
    errors: dict[str, str] = {}
    if not answer and not attachments:
        errors["answer"] = messages.message("answer_required")
    errors.update(check_attachments(attachments, "attachments"))
    if errors:
        raise InvalidRequest(errors)
    async with transaction():
        row = await _lock(request_id)
        if row is None or actor.kind != "affiliate" or row["person"] != actor.id:
            raise NotFound()
        after = _move(row, Event.ANSWER_INFORMATION)
        today = clock.today()
        paused = row["paused_days"] + (
            max((today - row["paused_since"]).days, 0) if row["paused_since"] else 0
        )
        dates = rules.due_dates(
            row["received_on"] or today, spec(row["kind"]).target_working_days, paused, None, today
        )
        await Request.update(
            {
                Request.status: after.value,
                Request.paused_days: paused,
                Request.paused_since: None,
                Request.legal_due: dates.legal,
                Request.target_due: dates.target,
                Request.updated_at: clock.now(),
            }
        ).where(Request.id == request_id)
        event_id = await _append_event(
            request_id, Event.ANSWER_INFORMATION, Status(row["status"]), after, actor, note=answer
        )
        await _store_attachments(request_id, attachments, event_id=event_id, by="affiliate")
        await audit.record(actor, "request.answer_information", subject=("request", request_id))
        await _notify_assignee(row, template="request_answered")


async def _notify_assignee(row: dict[str, Any], *, template: str) -> None:
    if row["assignee"] is None:
        return
    agent = (
        await StaffUser.select(StaffUser.email, StaffUser.full_name, StaffUser.language)
        .where(StaffUser.id == row["assignee"])
        .first()
    )
    if agent is None:
        return
    await queue_mail(
        to=agent["email"],
        template=template,
        language=agent["language"],
        context={
            "reference": row["reference"],
            "name": agent["full_name"],
            "link": f"{get_settings().base_url.rstrip('/')}/staff/requests/{row['id']}",
        },
    )


async def _reminder_on(request_id: uuid.UUID) -> date | None:
    events = (
        await RequestEvent.select(RequestEvent.event, RequestEvent.at)
        .where(RequestEvent.request == request_id)
        .order_by(RequestEvent.at)
    )
    return rules.open_reminder(
        [(e["event"], e["at"].astimezone(clock.BRUSSELS).date()) for e in events]
    )


async def _check_decision_gate(row: dict[str, Any], today: date) -> None:
    """While information is awaited, a decision waits one month after a reminder (Charte)."""
    awaiting = row["status"] == Status.INFORMATION_REQUESTED.value
    if not awaiting:
        return
    gate = rules.decision_gate(awaiting, await _reminder_on(row["id"]), today)
    if gate.reason == "no_reminder":
        raise InvalidRequest(
            {
                "decision": str(
                    _(
                        "The affiliate has not answered yet. Send a reminder first: without "
                        "an answer, you may decide one month after the reminder."
                    )
                )
            }
        )
    if gate.reason == "reminder_too_recent":
        assert gate.decide_from is not None
        raise InvalidRequest(
            {
                "decision": str(
                    _(
                        "The affiliate has not answered the reminder yet. Without an answer, "
                        "you may decide from %(date)s.",
                        date=i18n.format_day(gate.decide_from),
                    )
                )
            }
        )


async def send_reminder(actor: audit.Actor, request_id: uuid.UUID) -> date:
    """Remind the affiliate of an unanswered information request (inbox + e-mail).

    One reminder per question. Returns the first day the fund may decide without the answer.
    """
    async with transaction():
        row = await _load_for_staff(actor, request_id)
        after = _move(row, Event.SEND_REMINDER)
        today = clock.today()
        already = await _reminder_on(request_id)
        if already is not None:
            raise InvalidRequest(
                {
                    "reminder": str(
                        _(
                            "A reminder was already sent on %(date)s.",
                            date=i18n.format_day(already),
                        )
                    )
                }
            )
        gate = rules.decision_gate(True, today, today)
        assert gate.decide_from is not None
        await Request.update({Request.updated_at: clock.now()}).where(Request.id == request_id)
        event_id = await _append_event(
            request_id, Event.SEND_REMINDER, Status(row["status"]), after, actor, note=None
        )
        await audit.record(actor, "request.send_reminder", subject=("request", request_id))
        await _notify_person(
            row["person"],
            dedupe=f"reminder:{event_id}",
            kind="information_reminder",
            subject=N_("Reminder: we are waiting for your information"),
            body=N_(
                "We are still waiting for the information we asked for your request "
                "%(reference)s. Please answer from your online file. Without your answer, we "
                "may decide from %(decide_from)s on the basis of the information we have."
            ),
            template="request_reminder",
            context={"reference": row["reference"], "decide_from": gate.decide_from},
        )
    return gate.decide_from


DECISION_EVENTS = {"grant": Event.GRANT, "partly_grant": Event.PARTLY_GRANT, "refuse": Event.REFUSE}


async def decide_request(
    actor: audit.Actor, request_id: uuid.UUID, *, decision: str, motivation: str
) -> Status:
    """A motivated decision; a refusal or partial grant carries the appeal paragraph.

    The caller (controller) has checked the staff member's fresh user verification.
    """
    event = DECISION_EVENTS.get(decision)
    if event is None:
        raise InvalidRequest({"decision": str(_("Choose a decision"))})
    motivation = (motivation or "").strip()
    async with transaction():
        row = await _load_for_staff(actor, request_id)
        after = _move(row, event, motivation)
        today = clock.today()
        await _check_decision_gate(row, today)
        values: dict[Any, Any] = {
            Request.status: after.value,
            Request.motivation: motivation,
            Request.decided_at: clock.now(),
            Request.updated_at: clock.now(),
        }
        if row["paused_since"]:  # decided while waiting: close the pause
            values[Request.paused_days] = row["paused_days"] + max(
                (today - row["paused_since"]).days, 0
            )
            values[Request.paused_since] = None
        if row["assignee"] is None:
            values[Request.assignee] = actor.id
        await Request.update(values).where(Request.id == request_id)
        await _append_event(request_id, event, Status(row["status"]), after, actor,
                            note=motivation)  # fmt: skip
        await audit.record(
            actor,
            "request.decided",
            subject=("request", request_id),
            details={"decision": after.value},
        )
        await _notify_person(
            row["person"],
            dedupe=f"decision:{request_id}",
            kind="decision",
            subject=N_("A decision has been taken on your request"),
            body=N_(
                "A decision has been taken on your request %(reference)s. You can read it, "
                "with its reasons, in your online file."
            ),
            template="request_decided",
            context={
                "reference": row["reference"],
                "appeal": needs_appeal_information(after),
            },
        )
    return after


async def withdraw_request(actor: audit.Actor, request_id: uuid.UUID) -> None:
    async with transaction():
        row = await _lock(request_id)
        if row is None or actor.kind != "affiliate" or row["person"] != actor.id:
            raise NotFound()
        after = _move(row, Event.WITHDRAW)
        await Request.update(
            {
                Request.status: after.value,
                Request.paused_since: None,
                Request.updated_at: clock.now(),
            }
        ).where(Request.id == request_id)
        await _append_event(request_id, Event.WITHDRAW, Status(row["status"]), after, actor,
                            note=None)  # fmt: skip
        await audit.record(actor, "request.withdrawn", subject=("request", request_id))


async def escalate_requests(today: date | None = None) -> int:
    """Flag open requests nearing their legal deadline and tell the team's supervisors.

    Idempotent: `escalated_at` is set once (UPDATE … WHERE escalated_at IS NULL), the mail goes
    only for rows this call flagged.
    """
    from app.requests.deadlines import ESCALATION_MARGIN_WORKING_DAYS, add_working_days

    today = today or clock.today()
    # Every request whose legal date falls within the margin; paused ones wait for the answer.
    horizon = add_working_days(today, ESCALATION_MARGIN_WORKING_DAYS)
    async with transaction():
        flagged = await Request.raw(
            "UPDATE request SET escalated_at = {} WHERE escalated_at IS NULL "
            "AND status IN ('received', 'in_review') AND legal_due <= {} "
            "RETURNING id, reference, team, legal_due",
            clock.now(),
            horizon,
        )
        for row in flagged:
            await audit.record(audit.SYSTEM, "request.escalated", subject=("request", row["id"]))
            supervisors = await StaffUser.select(StaffUser.email, StaffUser.language).where(
                (StaffUser.active == True)  # noqa: E712 - Piccolo needs ==
                & (StaffUser.role.is_in(list(SUPERVISOR_ROLES)))
                & ((StaffUser.team == row["team"]) | (StaffUser.role == "admin"))
            )
            for supervisor in supervisors:
                await queue_mail(
                    to=supervisor["email"],
                    template="request_escalated",
                    language=supervisor["language"],
                    context={
                        "reference": row["reference"],
                        "legal_due": row["legal_due"].isoformat(),
                        "link": f"{get_settings().base_url.rstrip('/')}/staff/requests/{row['id']}",
                    },
                )
    return len(flagged)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, str(KINDS[kind].label)) for kind in RequestKind]
