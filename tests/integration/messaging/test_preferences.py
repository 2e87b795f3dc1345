"""E-mail preferences (issue 15, item 4): the affiliate switches off the account manager's
messages by e-mail; a new message still lands in the inbox but sends no e-mail, while a
decision, a legal notice, is e-mailed whatever was chosen."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from app.kit.tables import OutboxJob
from app.messaging import service as messaging
from app.messaging.tables import EmailOptOut, InboxMessage
from app.requests import service as requests
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration


async def mail_templates() -> list[str]:
    rows = await OutboxJob.select(OutboxJob.payload).where(OutboxJob.name == "mail.send")
    return [(json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"])[
        "template"] for r in rows]  # fmt: skip


def ticked(page: str) -> dict[str, bool]:
    return {value: "checked" in tag for tag, value in re.findall(
        r'(<input type="checkbox"[^>]*name="topics" value="([a-z]+)"[^>]*>)', page)}  # fmt: skip


async def test_a_topic_switched_off_sends_no_mail_but_legal_notices_still_do(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person("Camille", "camille@example.be")
    client.cookies.set("affilio_lang", "fr")
    await log_in(client, "affiliate", person)
    first = html.unescape((await client.get("/account/notifications")).text)
    assert ticked(first) == {"receipts": True, "messages": True, "documents": True,
                             "guides": True}  # fmt: skip
    assert "Les avis d'échéance, rappels et mises en demeure" in first  # always, not a box
    # The language of the letters is the one of the person's details, changed there.
    assert "Vos courriers, attestations et e-mails\u00a0: Français." in first
    assert 'href="/account/details"' in first
    token = await csrf_token(client)
    chosen = ["receipts", "documents", "guides", "decisions"]  # "decisions" is no topic
    saved = await client.post(
        "/account/notifications", data={"_csrf_token": token, "topics": chosen}
    )
    assert saved.status_code == 303
    again = html.unescape((await client.get("/account/notifications?saved=1")).text)
    assert ticked(again)["messages"] is False and "Votre choix est enregistré." in again
    assert [r["topic"] for r in await EmailOptOut.select(EmailOptOut.topic)] == ["messages"]

    agent = await make_staff()
    await messaging.post_message(staff(agent), person_id=person, body="Un document manque.")
    assert [r["kind"] for r in await InboxMessage.select(InboxMessage.kind).where(
        InboxMessage.person == person)] == ["message"]  # fmt: skip
    assert "message_waiting" not in await mail_templates()

    filed = await requests.submit_request(
        affiliate(person), person_id=person, kind="general_question",
        answers={"subject": "S", "question": "Q"}, idempotency_key="prefs",
    )  # fmt: skip
    await requests.acknowledge_request(filed.id)
    await requests.take_request(staff(agent), filed.id)
    await requests.decide_request(staff(agent), filed.id, decision="grant", motivation="Oui.")
    sent = await mail_templates()
    assert "request_decided" in sent  # legal: e-mailed whatever was chosen
    assert "request_received" in sent  # receipts stayed on
