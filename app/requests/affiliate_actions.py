"""What the affiliate does with a request: file it, answer a question, withdraw it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app.documents import uploads
from app.documents.uploads import NewAttachment
from app.identity import queries as identity
from app.identity.rules import DEFAULT_TEAM
from app.kit import audit, clock, outbox
from app.kit.db import transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import N_
from app.kit.mail import queue_mail
from app.kit.settings import get_settings
from app.requests import dossier, messages, rules
from app.requests.kinds import spec
from app.requests.states import Event, Status, transition
from app.requests.tables import ReferenceCounter, Request, RequestAttachment


@dataclass(frozen=True, slots=True)
class SubmittedRequest:
    id: uuid.UUID
    reference: str | None


async def _uploaded_last_hour(person_id: uuid.UUID) -> tuple[int, int]:
    """Files and bytes this affiliate attached to their requests in the last hour."""
    rows = await RequestAttachment.raw(
        "SELECT count(*) AS files, coalesce(sum(a.size), 0) AS bytes FROM request_attachment a "
        "JOIN request r ON r.id = a.request "
        "WHERE r.person = {} AND a.uploaded_by = 'affiliate' AND a.created_at > {}",
        person_id,
        clock.now() - timedelta(hours=1),
    )
    return int(rows[0]["files"]), int(rows[0]["bytes"])


async def check_upload_quota(
    actor: audit.Actor, person_id: uuid.UUID, attachments: Sequence[NewAttachment]
) -> dict[str, str]:
    if actor.kind != "affiliate" or not attachments:
        return {}
    files, size = await _uploaded_last_hour(person_id)
    return uploads.check_quota(attachments, "attachments", files=files, size=size)


async def store_attachments(
    request_id: uuid.UUID,
    attachments: Sequence[NewAttachment],
    *,
    event_id: uuid.UUID | None,
    by: str,
) -> None:
    for item in attachments:
        file = uploads.stored(item)  # checked before the transaction
        await RequestAttachment.insert(
            RequestAttachment(
                request=request_id,
                event=event_id,
                filename=file.filename,
                content_type=file.content_type,
                size=file.size,
                data=file.data,
                uploaded_by=by,
                created_at=clock.now(),  # the one clock: the hourly quota counts by it
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
        raise FormInvalid({"kind": messages.message("unknown_kind")}) from None
    clean, codes = rules.clean_answers(kind_spec, answers)
    errors = {name: messages.message(code) for name, code in codes.items()}
    errors.update(uploads.check_attachments(attachments, "attachments"))
    if not errors:
        errors.update(await check_upload_quota(actor, person_id, attachments))
    if errors:
        raise FormInvalid(errors)
    key = f"{person_id}:{idempotency_key}"[:200]
    async with transaction():
        existing = await _by_key(key)
        if existing is not None:
            return existing
        if not await identity.person_exists(person_id):
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
            DEFAULT_TEAM,
            now,
            now,
            now,
        )
        if not inserted:  # a concurrent double tap won the race: return its request
            found = await _by_key(key)
            assert found is not None
            return found
        event_id = await dossier.append_event(
            request_id, Event.SUBMIT, Status.DRAFT, status, actor, note=None
        )
        await store_attachments(request_id, attachments, event_id=event_id, by="affiliate")
        await audit.record(
            actor, "request.submitted", subject=("request", request_id), details={"kind": kind}
        )
        await outbox.enqueue("requests.acknowledge", request_id=request_id)
        # A filed request may claim a suggested right, or declare a birth (app/rights).
        await outbox.enqueue("rights.evaluate", person_id=str(person_id))
        # Last, so the year's counter row stays locked only for the end of the transaction.
        reference = await _next_reference(clock.today().year)
        await Request.update({Request.reference: reference}).where(Request.id == request_id)
    return SubmittedRequest(id=request_id, reference=reference)


async def _next_reference(year: int) -> str:
    """AF-<year>-<n>, n restarting at 1 each year. The counter row is locked until the caller's
    transaction ends: concurrent submissions wait their turn; a rollback returns the number."""
    rows = await ReferenceCounter.raw(
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
    errors.update(uploads.check_attachments(attachments, "attachments"))
    if not errors and actor.id is not None:
        errors.update(await check_upload_quota(actor, actor.id, attachments))
    if errors:
        raise FormInvalid(errors)
    async with transaction():
        row = await dossier.lock_for_affiliate(actor, request_id)
        step = dossier.begin(row, Event.ANSWER_INFORMATION)
        today = clock.today()
        paused = row["paused_days"] + (
            max((today - row["paused_since"]).days, 0) if row["paused_since"] else 0
        )
        kind = spec(row["kind"])
        dates = rules.due_dates(
            row["received_on"] or today,
            kind.target_working_days,
            paused,
            None,
            today,
            kind.legal_months,
        )
        event_id = await dossier.apply(
            actor,
            step,
            {
                Request.paused_days: paused,
                Request.paused_since: None,
                Request.legal_due: dates.legal,
                Request.target_due: dates.target,
            },
            note=answer,
        )
        await store_attachments(request_id, attachments, event_id=event_id, by="affiliate")
        await _tell_assignee(row, template="request_answered")
        await dossier.tell_staff(row["assignee"], row, kind="answer",
                                 subject=N_("%(reference)s: the affiliate answered"),
                                 dedupe_key=f"staff-answer:{event_id}")  # fmt: skip


async def _tell_assignee(row: dict[str, Any], *, template: str) -> None:
    if row["assignee"] is None:
        return
    agent = await identity.staff_member(row["assignee"])
    if agent is None:
        return
    await queue_mail(
        to=agent.email,
        template=template,
        language=agent.language,
        context={
            "reference": row["reference"],
            "name": agent.full_name,
            "link": f"{get_settings().base_url.rstrip('/')}/staff/requests/{row['id']}",
        },
    )


async def withdraw_request(actor: audit.Actor, request_id: uuid.UUID) -> None:
    async with transaction():
        row = await dossier.lock_for_affiliate(actor, request_id)
        step = dossier.begin(row, Event.WITHDRAW)
        await dossier.apply(
            actor, step, {Request.paused_since: None}, audit_action="request.withdrawn"
        )
