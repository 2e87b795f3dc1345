"""E-mail through one module, logged for staff (issue 15, item 3): a decided request's e-mail
reaches an SMTP server the test starts, and says only that something waits; a server that
refuses is tried again, then the mail is marked failed and supervisors see it, while the
inbox entry is there either way."""

from __future__ import annotations

import html
import json
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from arq import Retry

from app.kit.settings import get_settings
from app.kit.tables import OutboxJob
from app.messaging import service as messaging
from app.messaging.tables import InboxMessage
from tests.integration.messaging.test_inbox import decided_with_a_message
from tests.support.actors import log_in, make_staff, staff
from workers.runner import run_outbox_job

pytestmark = pytest.mark.integration


class Server:
    """An SMTP server on loopback: it keeps what it receives, or refuses every mail."""

    def __init__(self) -> None:
        self.received: list[Message] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 4.3.0 Mailbox busy, try again later"
        from email import message_from_bytes

        self.received.append(message_from_bytes(envelope.original_content or b""))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    handler = Server()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{port}")
    get_settings.cache_clear()
    yield handler
    controller.stop()
    monkeypatch.delenv("SMTP_URL")
    get_settings.cache_clear()


async def mail_jobs() -> list[dict[str, Any]]:
    rows = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    for row in rows:
        if isinstance(row["payload"], str):
            row["payload"] = json.loads(row["payload"])
    return rows


async def run_to_the_end(job_id: str) -> str:
    """The worker's tries of one job, its backoff skipped: the result of the last one."""
    for _ in range(10):
        try:
            return await run_outbox_job({}, job_id)
        except Retry:
            continue
    raise AssertionError("the job never ended")


async def test_sent_by_smtp_then_a_refusal_is_retried_and_shown_failed(
    client: httpx.AsyncClient, smtp: Server
) -> None:
    person, _request = await decided_with_a_message()
    jobs = {job["payload"]["template"]: job for job in await mail_jobs()}
    assert {"request_decided", "message_waiting"} <= set(jobs)
    assert await run_to_the_end(str(jobs["request_decided"]["id"])) == "done"
    [decided] = smtp.received
    assert decided["To"] == "camille@example.be"
    text = decided.get_payload(decode=True) if not decided.is_multipart() else b"".join(
        part.get_payload(decode=True) or b"" for part in decided.walk() if not part.is_multipart()
    )  # fmt: skip
    body = (text or b"").decode("utf-8")
    assert "Camille" in body and "/requests/" in body
    assert "Rien n'est encore échu" not in body  # the motivation stays in the portal

    smtp.refuse = True
    agent = await make_staff(name="Nora")
    await messaging.post_message(staff(agent), person_id=person, body="Un document manque.")
    [refused] = [j for j in await mail_jobs() if j["status"] == "pending"
                 and j["payload"]["template"] == "message_waiting"
                 and j["id"] != jobs["message_waiting"]["id"]]  # fmt: skip
    assert await run_to_the_end(str(refused["id"])) == "failed"
    [failed] = await OutboxJob.select().where(OutboxJob.id == refused["id"])
    assert failed["attempts"] == failed["max_attempts"] == 5
    assert "451" in failed["last_error"]
    assert len(smtp.received) == 1  # nothing more got through
    # The inbox has the message all the same.
    kinds = [r["kind"] for r in await InboxMessage.select().where(InboxMessage.person == person)]
    assert kinds.count("message") == 2

    await log_in(client, "staff", await make_staff(role="supervisor", name="Sam"))
    client.cookies.set("affilio_lang", "fr")
    page = html.unescape((await client.get("/staff/mails")).text)
    assert "1 e-mail n'a pas pu être envoyé." in page  # one failure: the singular
    assert "(1 ces 30 derniers jours)" in page  # the decision's mail, the one that went
    first = page.index('data-status="')
    assert page[first:].startswith('data-status="failed"')  # the failure stands first
    assert "camille@example.be" in page and "Mailbox busy" in page
    only = html.unescape((await client.get("/staff/mails?status=sent")).text)
    assert 'data-status="sent"' in only and 'data-status="failed"' not in only
    assert "Mailbox busy" not in only
