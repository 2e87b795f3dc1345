"""The plumbing every request action shares: lock the row, move it through the state table,
write the change, append the history event, audit it, and tell the person.

Each action module (affiliate_actions, staff_actions, system_actions) calls `begin` then
`apply` inside its own transaction, so the sequence is written once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from app.identity import queries as identity
from app.identity.rules import Permission
from app.kit import audit, clock
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import gettext as _
from app.messaging import service as messaging
from app.requests import messages
from app.requests.errors import TransitionRefused
from app.requests.states import Event, IllegalTransition, MotivationRequired, Status, transition
from app.requests.tables import Request, RequestEvent


@dataclass(frozen=True, slots=True)
class Step:
    """One accepted move of one locked request."""

    row: dict[str, Any]
    event: Event
    before: Status
    after: Status

    @property
    def request_id(self) -> uuid.UUID:
        return self.row["id"]


async def lock(request_id: uuid.UUID) -> dict[str, Any] | None:
    rows = await Request.raw("SELECT * FROM request WHERE id = {} FOR UPDATE", request_id)
    return rows[0] if rows else None


async def lock_for_affiliate(actor: audit.Actor, request_id: uuid.UUID) -> dict[str, Any]:
    """The affiliate's own request, locked (404 for anyone else's)."""
    row = await lock(request_id)
    if row is None or actor.kind != "affiliate" or row["person"] != actor.id:
        raise NotFound()
    return row


async def lock_for_staff(actor: audit.Actor, request_id: uuid.UUID) -> dict[str, Any]:
    """The request locked, if this staff member may act on it (agents: their team only)."""
    if actor.kind != "staff" or actor.id is None:
        raise NotFound()
    row = await lock(request_id)
    if row is None:
        raise NotFound()
    member = await identity.staff_member(actor.id)
    if member is None:
        raise NotFound()
    if not member.allows(Permission.SUPERVISE_TEAMS) and member.team != row["team"]:
        raise NotFound()
    return row


def begin(row: dict[str, Any], event: Event, motivation: str | None = None) -> Step:
    """The move the state table allows, or a message the person can act on."""
    before = Status(row["status"])
    try:
        after = transition(before, event, motivation=motivation)
    except IllegalTransition:
        raise TransitionRefused(_("This request can no longer be changed that way.")) from None
    except MotivationRequired:
        raise FormInvalid({"motivation": messages.message("motivation_required")}) from None
    return Step(row=row, event=event, before=before, after=after)


async def append_event(
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
            # Under a mandate the mandatary acted, for the client: the history says so.
            actor_kind="mandatary" if actor.delegate else actor.kind,
            actor_id=actor.delegate or actor.id,
            note=note,
            at=clock.now(),
        )
    )
    return event_id


async def apply(
    actor: audit.Actor,
    step: Step,
    values: dict[Any, Any] | None = None,
    *,
    note: str | None = None,
    audit_action: str | None = None,
    audit_details: dict[str, Any] | None = None,
    audited: bool = True,
) -> uuid.UUID:
    """Write the move (status + `values`), its history event and (unless the system made a
    routine move) its audit record."""
    await Request.update(
        {Request.status: step.after.value, Request.updated_at: clock.now(), **(values or {})}
    ).where(Request.id == step.request_id)
    event_id = await append_event(
        step.request_id, step.event, step.before, step.after, actor, note=note
    )
    if audited:
        await audit.record(
            actor,
            audit_action or f"request.{step.event.value}",
            subject=("request", step.request_id),
            details=audit_details,
        )
    return event_id


async def tell_person(row: dict[str, Any], notice: messaging.Notice, *, dedupe_key: str) -> bool:
    """A notice about this request in the person's inbox (and the e-mail that says so)."""
    return await messaging.post_notice(row["person"], notice, dedupe_key=dedupe_key)


async def tell_staff(staff_id: uuid.UUID | None, row: dict[str, Any], *, kind: str,
                     subject: str, dedupe_key: str) -> None:  # fmt: skip
    """A line in the staff inbox of whoever holds the request (none: nobody to tell);
    `subject` is an English message id with %(reference)s."""
    if staff_id is None:
        return
    await messaging.post_staff_notice(
        staff_id, kind=kind, subject=subject, context={"reference": row["reference"] or ""},
        link=f"/staff/requests/{row['id']}", dedupe_key=dedupe_key,
    )  # fmt: skip
