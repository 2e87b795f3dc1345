"""The same form posted several times at once (a double tap, a browser retry on a bad
connection) files one request, with one reference and one copy of its document."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import httpx

from app.identity.people import NewPerson, create_unverified_person
from app.kit.audit import SYSTEM
from app.kit.tables import OutboxJob
from app.requests.tables import Request, RequestAttachment
from tests.support.actors import csrf_token, log_in, make_person, make_staff

PDF = b"%PDF-1.7 identity card"


async def test_a_question_posted_five_times_at_once_is_filed_once(
    client: httpx.AsyncClient, report: Callable[[str], None]
) -> None:
    await make_staff()
    await log_in(client, "affiliate", await make_person(email="anna@example.be"))
    form = {"_csrf_token": await csrf_token(client), "subject": "S", "question": "Q", "key": "k1"}

    answers = await asyncio.gather(*(client.post("/requests/ask", data=form) for _ in range(5)))

    assert [a.status_code for a in answers] == [303] * 5
    assert len({a.headers["location"] for a in answers}) == 1  # all shown the same request
    rows = await Request.select(Request.reference)
    assert len(rows) == 1
    assert rows[0]["reference"].endswith("-000001")  # no number lost to the losers
    assert await OutboxJob.count().where(OutboxJob.name == "requests.acknowledge") == 1
    report(f"5 identical posts at once: {len(rows)} request ({rows[0]['reference']}), 1 job")


async def test_a_document_sent_twice_at_once_is_stored_once(
    client: httpx.AsyncClient, report: Callable[[str], None]
) -> None:
    await make_staff()
    person = await create_unverified_person(
        NewPerson(
            national_number="85073003328",
            first_name="Noa",
            last_name="Nieuw",
            email=f"noa.{uuid.uuid4().hex[:6]}@example.be",
            language="fr",
        ),
        actor=SYSTEM,
    )
    await log_in(client, "affiliate", person)
    token = await csrf_token(client)

    async def send() -> httpx.Response:
        return await client.post(
            "/requests/identity",
            data={"_csrf_token": token, "document": "passport", "key": "id-1"},
            files={"attachments": ("passeport.pdf", PDF, "application/pdf")},
        )

    answers = await asyncio.gather(send(), send())

    assert [a.status_code for a in answers] == [303, 303]
    assert await Request.count() == 1
    assert await RequestAttachment.count() == 1
    report("the same identity document sent twice at once: 1 request, 1 stored document")
