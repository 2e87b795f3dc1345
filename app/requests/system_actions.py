"""What the system does with a request: acknowledge and route it, escalate near deadlines."""

from __future__ import annotations

import uuid
from datetime import date

from app.identity import queries as identity
from app.identity.rules import Permission, roles_with
from app.kit import audit, clock, outbox
from app.kit.db import transaction
from app.kit.i18n import N_
from app.kit.mail import queue_mail
from app.kit.settings import get_settings
from app.messaging import service as messaging
from app.messaging.service import Notice
from app.requests import dossier, rules, states
from app.requests.deadlines import ESCALATION_MARGIN_WORKING_DAYS, add_working_days
from app.requests.kinds import spec
from app.requests.routing import route_person
from app.requests.states import Event, Status
from app.requests.tables import Request, RequestEvent


async def acknowledge_request(request_id: uuid.UUID) -> bool:
    """Receipt: reference, due dates, routing to the account manager, inbox + e-mail.

    Idempotent: a request already past `submitted` is left alone (False).
    """
    async with transaction():
        row = await dossier.lock(request_id)
        if row is None or row["status"] != Status.SUBMITTED.value:
            return False
        step = dossier.begin(row, Event.ACKNOWLEDGE)
        submitted_at = row["submitted_at"] or clock.now()
        received_on = submitted_at.astimezone(clock.BRUSSELS).date()
        kind = spec(row["kind"])
        dates = rules.due_dates(
            received_on, kind.target_working_days, 0, None, received_on, kind.legal_months
        )
        agent = await route_person(row["person"], team=row["team"])
        await dossier.apply(
            audit.SYSTEM,
            step,
            {
                Request.received_on: received_on,
                Request.legal_due: dates.legal,
                Request.target_due: dates.target,
                Request.assignee: agent.id if agent else None,
                Request.team: agent.team if agent else row["team"],
            },
            audited=False,  # a routine move; the submission itself is audited
        )
        await dossier.tell_staff(agent.id if agent else None, row, kind="assigned",
                                 subject=N_("%(reference)s is new for you"),
                                 dedupe_key=f"staff-routed:{request_id}")  # fmt: skip
        await dossier.tell_person(
            row,
            Notice(
                kind="receipt",
                subject=N_("We have received your request"),
                body=N_(
                    "Your request %(reference)s has been received. We will decide by "
                    "%(legal_due)s at the latest; our aim is %(target_due)s."
                ),
                context={
                    "reference": row["reference"],
                    "legal_due": dates.legal,
                    "target_due": dates.target,
                },
                email_template="request_received",
                link=f"/requests/{row['id']}",
            ),
            dedupe_key=f"receipt:{request_id}",
        )
        await outbox.enqueue("requests.receipt_letter", request_id=str(request_id))
    return True


async def escalate_requests(today: date | None = None) -> int:
    """Flag open requests nearing their legal deadline and tell the team's supervisors.

    Idempotent: `escalated_at` is set once (UPDATE … WHERE escalated_at IS NULL), the mail goes
    only for rows this call flagged.
    """
    today = today or clock.today()
    # Every request whose legal date falls within the margin; paused ones wait for the answer.
    horizon = add_working_days(today, ESCALATION_MARGIN_WORKING_DAYS)
    supervising = roles_with(Permission.SUPERVISE_TEAMS)
    async with transaction():
        flagged = await Request.raw(
            "UPDATE request SET escalated_at = {} WHERE escalated_at IS NULL "
            f"AND status IN {states.sql_list(states.HANDLING)} AND legal_due <= {{}} "
            "RETURNING id, reference, team, legal_due",
            clock.now(),
            horizon,
        )
        everyone = await identity.active_staff(roles=supervising) if flagged else []
        for row in flagged:
            await audit.record(audit.SYSTEM, "request.escalated", subject=("request", row["id"]))
            # The team's supervisors, and those who see every team across teams (admins).
            for supervisor in everyone:
                if supervisor.team != row["team"] and not supervisor.allows(
                    Permission.MANAGE_ROLES
                ):
                    continue
                await queue_mail(
                    to=supervisor.email,
                    template="request_escalated",
                    language=supervisor.language,
                    context={
                        "reference": row["reference"],
                        "legal_due": row["legal_due"].isoformat(),
                        "link": f"{get_settings().base_url.rstrip('/')}/staff/requests/{row['id']}",
                    },
                )
    return len(flagged)


async def move_to_file(actor: audit.Actor, claimant_id: uuid.UUID, file_id: uuid.UUID) -> int:
    """Everything a self-registered account filed moves with it into the known file of the same
    person, once identity linked the two (identity.link_verified_claimant): its requests (each
    with a history note and its status unchanged), then its thread and inbox (messaging).

    Idempotent: run again (by the accounts_merged job after the staff decision), it finds
    nothing left and writes nothing. Returns how many requests moved.
    """
    async with transaction():
        if await identity.merged_into(claimant_id) != file_id:
            return 0  # not linked into that file: nothing of the claimant's belongs to it
        rows = await Request.raw(
            "UPDATE request SET person = {}, updated_at = {} WHERE person = {} "
            "RETURNING id, status",
            file_id,
            clock.now(),
            claimant_id,
        )
        for row in rows:
            status = Status(row["status"])
            await RequestEvent.insert(
                RequestEvent(
                    id=uuid.uuid4(),
                    request=row["id"],
                    event=states.LINKED_TO_FILE,
                    from_status=status.value,
                    to_status=status.value,
                    actor_kind=actor.kind,
                    actor_id=actor.id,
                    note=None,
                    at=clock.now(),
                )
            )
        messages = await messaging.move_to_file(claimant_id, file_id)
        if rows or messages:
            await audit.record(
                actor,
                "request.moved_to_file",
                subject=("affiliate", file_id),
                details={
                    "claimant": str(claimant_id),
                    "requests": [str(row["id"]) for row in rows],
                    "messages": messages,
                },
            )
    return len(rows)


async def erase_attachments(actor: audit.Actor, request_id: uuid.UUID) -> int:
    """A staff decision of the retention review: the documents sent with a closed request go
    (the request, its answers and its history stay). An open request keeps them: 0."""
    final = states.sql_list(tuple(sorted(states.FINAL)))
    async with transaction():
        rows = await Request.raw(
            "DELETE FROM request_attachment WHERE request = {} AND EXISTS (SELECT 1 FROM "
            f"request WHERE id = {{}} AND status IN {final}) RETURNING id",
            request_id,
            request_id,
        )
        if rows:
            await audit.record(
                actor,
                "retention.request_files_erased",
                subject=("request", request_id),
                details={"files": len(rows)},
            )
    return len(rows)
