"""The inbox (issue 15, item 1): the receipt, the decision and the account manager's message
of a request land there newest first, each leading to its page; the nav counts the unread,
from Redis, and the count goes down when one is read; another affiliate finds nothing."""

from __future__ import annotations

import html
import re
import uuid

import httpx
import pytest
from redis import asyncio as aioredis

from app.affiliation import service as affiliation_service
from app.messaging import badge
from app.messaging import service as messaging
from app.messaging.tables import InboxMessage
from app.requests import service as requests
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
QUESTION = {"subject": "Cotisations", "question": "Quand dois-je payer ?"}


def nav_count(page: str) -> str | None:
    """The count in the nav's Messages link, None when no badge shows."""
    found = re.search(r'id="nav-inbox-count"[^>]*>(.*?)</span>\s*</a>', page, re.S)
    assert found is not None, "the nav has its count slot"
    number = re.search(r'aria-hidden="true">(\d+)<', found.group(1))
    return number.group(1) if number else None


async def decided_request(
    first_name: str,
    email: str,
    *,
    language: str = "fr",
    agent_name: str = "Anne Agent",
    motivation: str = "Rien n'est encore échu.",
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """A question received by the person's account manager and refused with its reasons:
    (person, request, agent)."""
    person = await make_person(first_name, email, language=language)
    agent = await make_staff(name=agent_name)
    await affiliation_service.assign_account_manager(staff(agent), person_id=person,
                                                     staff_id=agent)  # fmt: skip
    filed = await requests.submit_request(
        affiliate(person), person_id=person, kind="general_question", answers=QUESTION,
        idempotency_key=f"decided-{person}",
    )  # fmt: skip
    await requests.acknowledge_request(filed.id)
    await requests.take_request(staff(agent), filed.id)
    await requests.decide_request(staff(agent), filed.id, decision="refuse",
                                  motivation=motivation)  # fmt: skip
    return person, filed.id, agent


async def decided_with_a_message() -> tuple[uuid.UUID, uuid.UUID]:
    """A question received, refused with its reasons, then a word from the account manager."""
    person, request_id, agent = await decided_request("Camille", "camille@example.be")
    await messaging.post_message(staff(agent), person_id=person, body="Je reste à votre écoute.")
    return person, request_id


async def test_the_inbox_lists_leads_and_counts(client: httpx.AsyncClient) -> None:
    person, request_id = await decided_with_a_message()
    client.cookies.set("affilio_lang", "fr")
    await log_in(client, "affiliate", person)
    inbox = html.unescape((await client.get("/inbox")).text)
    subjects = re.findall(r'<a href="/inbox/[0-9a-f-]{36}"><strong>(.*?)</strong>', inbox)
    assert subjects == [
        "Un message vous attend",
        "Une décision a été prise sur votre demande",
        "Nous avons bien reçu votre demande",
    ]
    assert nav_count(inbox) == "3" and "Non lus\u00a0: 3." in inbox
    [decision] = await InboxMessage.select().where(InboxMessage.kind == "decision")
    assert decision["link"] == f"/requests/{request_id}"
    shown = html.unescape((await client.get(f"/inbox/{decision['id']}")).text)
    assert f'href="/requests/{request_id}"' in shown and "Voir la demande" in shown
    assert f'hx-post="/inbox/{decision["id"]}/read"' in shown
    assert nav_count(shown) == "3"  # showing it changed nothing: the receipt does
    token = await csrf_token(client)
    receipt = await client.post(f"/inbox/{decision['id']}/read",
                                headers={"hx-request": "true", "x-csrftoken": token})  # fmt: skip
    assert receipt.status_code == 200 and 'hx-swap-oob="true"' in receipt.text
    assert 'aria-hidden="true">2<' in receipt.text
    again = html.unescape((await client.get("/inbox")).text)
    assert nav_count(again) == "2"
    assert re.search(rf'<a href="/inbox/{decision["id"]}">Une décision', again)  # read: plain
    everything = await client.post("/inbox/read", data={"_csrf_token": token})
    assert everything.status_code == 303
    assert nav_count((await client.get("/inbox")).text) is None
    # The thread's page counts too (every signed-in page has the nav).
    assert nav_count((await client.get("/messages")).text) is None


async def test_another_affiliate_finds_nothing(client: httpx.AsyncClient) -> None:
    _person, _request = await decided_with_a_message()
    [message] = await InboxMessage.select().where(InboxMessage.kind == "decision")
    other = await make_person("Alex", "alex@example.be")
    await log_in(client, "affiliate", other)
    token = await csrf_token(client)
    assert (await client.get(f"/inbox/{message['id']}")).status_code == 404
    refused = await client.post(f"/inbox/{message['id']}/read", data={"_csrf_token": token})
    assert refused.status_code == 404
    assert "Une décision" not in html.unescape((await client.get("/inbox")).text)
    [still] = await InboxMessage.select().where(InboxMessage.id == message["id"])
    assert still["read_at"] is None


async def test_the_count_comes_from_redis_until_forgotten(
    clean_db: None, redis_client: aioredis.Redis
) -> None:
    person, _request = await decided_with_a_message()
    assert await badge.unread(redis_client, person) == 3
    await InboxMessage.update({InboxMessage.read_at: InboxMessage.created_at}).where(
        InboxMessage.person == person
    )
    assert await badge.unread(redis_client, person) == 3  # cached: no database read
    await badge.forget(redis_client, person)
    assert await badge.unread(redis_client, person) == 0
    assert await redis_client.ttl(f"affilio:inbox-unread:affiliate:{person}") <= badge.TTL_SECONDS


async def test_a_visitor_page_has_no_count(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    assert 'id="nav-inbox-count"' not in page
