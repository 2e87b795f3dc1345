"""What the system does with a request: acknowledge and route it, escalate near deadlines."""

from __future__ import annotations

import uuid
from datetime import date

from app.identity import queries as identity
from app.identity.rules import Permission, roles_with
from app.kit import audit, clock
from app.kit.db import transaction
from app.kit.i18n import N_
from app.kit.mail import queue_mail
from app.kit.settings import get_settings
from app.messaging.service import Notice
from app.requests import dossier, rules, states
from app.requests.deadlines import ESCALATION_MARGIN_WORKING_DAYS, add_working_days
from app.requests.kinds import spec
from app.requests.routing import route_person
from app.requests.states import Event, Status
from app.requests.tables import Request


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
        target_days = spec(row["kind"]).target_working_days
        dates = rules.due_dates(received_on, target_days, 0, None, received_on)
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
                link="/requests",
            ),
            dedupe_key=f"receipt:{request_id}",
        )
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
