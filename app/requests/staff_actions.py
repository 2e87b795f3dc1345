"""What staff do with a request: take it, pass it on, ask for information, remind, decide.

The controller has checked the staff member's role and, for a decision, a fresh user
verification; here each action checks the team and the state table, then writes one move.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from app.identity import queries as identity
from app.identity.rules import Permission
from app.kit import audit, clock, i18n, outbox
from app.kit.db import transaction
from app.kit.errors import Forbidden, FormInvalid
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.messaging.service import Notice
from app.requests import dossier, effects, messages, rules
from app.requests.kinds import spec
from app.requests.states import Event, Status, needs_appeal_information
from app.requests.tables import Request, RequestEvent

TRANSMIT_JOB = "requests.transmit"

DECISION_EVENTS = {"grant": Event.GRANT, "partly_grant": Event.PARTLY_GRANT, "refuse": Event.REFUSE}


async def _require(actor: audit.Actor, permission: Permission) -> None:
    member = await identity.staff_member(actor.id) if actor.id else None
    if member is None or not member.allows(permission):
        raise Forbidden(_("Only a supervisor can pass a request to someone else."))


async def take_request(actor: audit.Actor, request_id: uuid.UUID) -> None:
    """The staff member takes the request in hand. Taking it from a colleague is a
    reassignment, which only supervisors may do (identity.rules.Permission.REASSIGN)."""
    async with transaction():
        row = await dossier.lock_for_staff(actor, request_id)
        event = Event.TAKE if row["status"] == Status.RECEIVED.value else Event.REASSIGN
        step = dossier.begin(row, event)
        if event is Event.REASSIGN and row["assignee"] == actor.id:
            return  # already theirs
        if row["assignee"] not in (None, actor.id):
            await _require(actor, Permission.REASSIGN)
        await dossier.apply(actor, step, {Request.assignee: actor.id})


async def reassign_request(
    actor: audit.Actor, request_id: uuid.UUID, *, staff_id: uuid.UUID
) -> None:
    async with transaction():
        row = await dossier.lock_for_staff(actor, request_id)
        await _require(actor, Permission.REASSIGN)
        target = await identity.staff_member(staff_id)
        if target is None or not target.active:
            raise FormInvalid({"assignee": str(_("Choose an active staff member"))})
        step = dossier.begin(row, Event.REASSIGN)
        event_id = await dossier.apply(
            actor,
            step,
            {Request.assignee: staff_id, Request.team: target.team},
            audit_details={"to": str(staff_id)},
        )
        if staff_id != actor.id:
            await dossier.tell_staff(staff_id, row, kind="assigned",
                                     subject=N_("%(reference)s was passed to you"),
                                     dedupe_key=f"staff-assigned:{event_id}")  # fmt: skip


async def request_information(actor: audit.Actor, request_id: uuid.UUID, *, question: str) -> None:
    """Ask the affiliate for information: the charter's clock pauses until they answer."""
    question = (question or "").strip()
    if not question:
        raise FormInvalid({"question": messages.message("question_required")})
    async with transaction():
        row = await dossier.lock_for_staff(actor, request_id)
        if row["status"] == Status.RECEIVED.value:  # asking is handling: take it first
            await take_request(actor, request_id)
            row = await dossier.lock(request_id) or row
        step = dossier.begin(row, Event.REQUEST_INFORMATION)
        event_id = await dossier.apply(
            actor, step, {Request.paused_since: clock.today()}, note=question
        )
        await dossier.tell_person(
            row,
            Notice(
                kind="information_request",
                subject=N_("We need information for your request"),
                body=N_(
                    "To handle your request %(reference)s we need more information from you. "
                    "Please answer from your online file."
                ),
                context={"reference": row["reference"]},
                email_template="request_information",
                link=f"/requests/{row['id']}",
            ),
            dedupe_key=f"information:{event_id}",
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
    """While information is awaited, a decision waits one month after a reminder (charter)."""
    awaiting = row["status"] == Status.INFORMATION_REQUESTED.value
    if not awaiting:
        return
    gate = rules.decision_gate(awaiting, await _reminder_on(row["id"]), today)
    if gate.reason == "no_reminder":
        raise FormInvalid(
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
        raise FormInvalid(
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
        row = await dossier.lock_for_staff(actor, request_id)
        step = dossier.begin(row, Event.SEND_REMINDER)
        today = clock.today()
        already = await _reminder_on(request_id)
        if already is not None:
            raise FormInvalid(
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
        event_id = await dossier.apply(actor, step)
        await dossier.tell_person(
            row,
            Notice(
                kind="information_reminder",
                subject=N_("Reminder: we are waiting for your information"),
                body=N_(
                    "We are still waiting for the information we asked for your request "
                    "%(reference)s. Please answer from your online file. Without your answer, "
                    "we may decide from %(decide_from)s on the basis of the information we have."
                ),
                context={"reference": row["reference"], "decide_from": gate.decide_from},
                email_template="request_reminder",
                link=f"/requests/{row['id']}",
            ),
            dedupe_key=f"reminder:{event_id}",
        )
    return gate.decide_from


async def forward_request(actor: audit.Actor, request_id: uuid.UUID, *, note: str = "") -> None:
    """Send a request INASTI decides (kinds.external: an exemption, a sickness assimilation,
    continued insurance) to INASTI, once the fund has checked the file. The fund's deadline
    pauses while INASTI decides; the affiliate is told; a worker places the request's slip in
    the institutions' outbox (transmissions.py). Taking it first when nobody has it."""
    note = (note or "").strip()
    async with transaction():
        row = await dossier.lock_for_staff(actor, request_id)
        if not spec(row["kind"]).external:
            raise FormInvalid({"forward": messages.message("not_forwardable")})
        if row["status"] == Status.RECEIVED.value:  # forwarding is handling: take it first
            await take_request(actor, request_id)
            row = await dossier.lock(request_id) or row
        step = dossier.begin(row, Event.FORWARD)
        event_id = await dossier.apply(
            actor, step, {Request.paused_since: clock.today()}, note=note or None
        )
        # Its slip (PDF) goes to the institutions' outbox by a worker (transmissions.py).
        await outbox.enqueue(TRANSMIT_JOB, request_id=str(request_id))
        await dossier.tell_person(
            row,
            Notice(
                kind="request_forwarded",
                subject=N_("Your request has been sent to INASTI"),
                body=N_(
                    "We have checked your request %(reference)s and sent it to INASTI, which "
                    "decides on it (usually within about a month). We will tell you its "
                    "decision as soon as we receive it."
                ),
                context={"reference": row["reference"]},
                email_template="request_forwarded",
                link=f"/requests/{row['id']}",
            ),
            dedupe_key=f"forwarded:{event_id}",
        )


async def decide_request(
    actor: audit.Actor, request_id: uuid.UUID, *, decision: str, motivation: str
) -> Status:
    """A motivated decision; a refusal or partial grant carries the appeal paragraph.

    A granted request that changes who the person is (an affiliation, a new declared income)
    is written to the affiliation in the same transaction (effects.apply_decision).
    """
    event = DECISION_EVENTS.get(decision)
    if event is None:
        raise FormInvalid({"decision": str(_("Choose a decision"))})
    motivation = (motivation or "").strip()
    async with transaction():
        row = await dossier.lock_for_staff(actor, request_id)
        step = dossier.begin(row, event, motivation)
        if spec(row["kind"]).external and row["status"] != Status.FORWARDED.value:
            raise FormInvalid({"decision": messages.message("decided_by_inasti")})
        today = clock.today()
        await _check_decision_gate(row, today)
        values: dict[Any, Any] = {Request.motivation: motivation, Request.decided_at: clock.now()}
        if row["paused_since"]:  # decided while waiting: close the pause
            values[Request.paused_days] = row["paused_days"] + max(
                (today - row["paused_since"]).days, 0
            )
            values[Request.paused_since] = None
        if row["assignee"] is None:
            values[Request.assignee] = actor.id
        await dossier.apply(
            actor,
            step,
            values,
            note=motivation,
            audit_action="request.decided",
            audit_details={"decision": step.after.value},
        )
        holder = await effects.apply_decision(actor, row, step.after)
        await dossier.tell_person(
            {**row, "person": holder},  # linked into the person's file: the notice goes there
            Notice(
                kind="decision",
                subject=N_("A decision has been taken on your request"),
                body=N_(
                    "A decision has been taken on your request %(reference)s. You can read it, "
                    "with its reasons, in your online file."
                ),
                context={"reference": row["reference"]},
                email_template="request_decided",
                email_context={"appeal": needs_appeal_information(step.after)},
                link=f"/requests/{row['id']}",
            ),
            dedupe_key=f"decision:{request_id}",
        )
        # The decision letter (PDF) is made by a worker once this transaction commits.
        await outbox.enqueue("requests.decision_letter", request_id=str(request_id))
        # A decision may open a right (a cessation granted, a waiver's quarters): re-evaluate.
        await outbox.enqueue("rights.evaluate", person_id=str(holder))
    return step.after
