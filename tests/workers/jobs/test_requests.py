"""Request jobs through the real outbox runner: acknowledging twice changes nothing."""

from __future__ import annotations

import json
import uuid
from datetime import date

from app.kit.tables import OutboxJob
from app.messaging.tables import InboxMessage
from app.requests import service
from app.requests.tables import Request, RequestEvent
from tests.support.actors import affiliate, make_person, make_staff
from workers import runner
from workers.jobs import HANDLERS
from workers.jobs import requests as jobs


async def submitted_job() -> tuple[str, str]:
    person = await make_person()
    submitted = await service.submit_request(
        affiliate(person), person_id=person, kind="general_question",
        answers={"subject": "S", "question": "Q"}, idempotency_key="k",
    )  # fmt: skip
    row = await OutboxJob.select().where(OutboxJob.name == "requests.acknowledge").first()
    return str(row["id"]), str(submitted.id)


async def test_acknowledge_is_registered() -> None:
    assert HANDLERS["requests.acknowledge"] is jobs.acknowledge


async def test_acknowledging_twice_gives_one_receipt() -> None:
    await make_staff()
    outbox_id, request_id = await submitted_job()
    assert await runner.run_outbox_job({}, outbox_id) == "done"
    assert await runner.run_outbox_job({}, outbox_id) == "done"  # the queue delivered it twice
    await jobs.acknowledge(request_id)  # and a stray second job for the same request
    assert await InboxMessage.count().where(InboxMessage.kind == "receipt") == 1
    assert await RequestEvent.count().where(RequestEvent.event == "acknowledge") == 1
    mails = [
        row for row in await OutboxJob.select().where(OutboxJob.name == "mail.send")
        if "request_received" in json.dumps(row["payload"])
    ]  # fmt: skip
    assert len(mails) == 1
    row = await Request.select(Request.status).first()
    assert row["status"] == "received"


async def test_a_request_removed_before_the_job_runs_is_skipped() -> None:
    outbox_id, _request_id = await submitted_job()
    await Request.delete(force=True)
    assert await runner.run_outbox_job({}, outbox_id) == "done"
    assert await InboxMessage.count().where(InboxMessage.kind == "receipt") == 0


async def test_escalation_cron_flags_once() -> None:
    await make_staff()
    await make_staff(role="supervisor")
    _outbox_id, request_id = await submitted_job()
    await service.acknowledge_request(uuid.UUID(request_id))
    await Request.update({Request.legal_due: date(2000, 1, 3)}, force=True)  # long overdue
    assert await jobs.escalate({}) == 1
    assert await jobs.escalate({}) == 0
    row = await Request.select(Request.escalated_at).first()
    assert row["escalated_at"] is not None
