"""A self-registered account proves who it is: it sends its identity document, a staff member
checks it and grants, and the account then holds the number it claimed or, when a known file
already holds that number, is linked into that file (never given a taken number)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import httpx
import pytest

from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.identity import queries as idq
from app.identity import service as identity
from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import PasskeyCredential, Person
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.tables import AuditEvent
from app.kit.tables import OutboxJob as Outbox
from app.messaging import service as messaging
from app.messaging.tables import InboxMessage, ThreadMessage
from app.requests import service
from app.requests.tables import Request, RequestEvent
from tests.support.actors import (
    affiliate,
    csrf_token,
    log_in,
    make_person,
    make_staff,
    niss,
    staff,
)
from tests.support.passkey_client import authenticator, register, token_of
from tests.support.passkey_client import log_in as passkey_log_in

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.7 identity card"


async def newcomer(number: str) -> uuid.UUID:
    return await create_unverified_person(
        NewPerson(
            national_number=number,
            first_name="Noa",
            last_name="Nieuw",
            email=f"noa.{uuid.uuid4().hex[:6]}@example.be",
            language="fr",
        ),
        actor=SYSTEM,
    )


async def send_document(client: httpx.AsyncClient, person: uuid.UUID) -> uuid.UUID:
    await log_in(client, "affiliate", person)
    index = await client.get("/requests")
    assert "Votre identité n’a pas encore été vérifiée" in index.text
    assert 'href="/requests/identity"' in index.text
    token = await csrf_token(client)
    missing = await client.post(
        "/requests/identity", data={"_csrf_token": token, "document": "passport"}
    )
    assert missing.status_code == 422
    assert "Ajoutez une photo ou un scan de votre document d’identité" in missing.text
    sent = await client.post(
        "/requests/identity",
        data={"_csrf_token": token, "document": "passport", "key": "id-1"},
        files={"attachments": ("passeport.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    row = await Request.select(Request.id).where(Request.kind == "identity_check").first()
    assert row is not None
    return row["id"]


async def test_a_granted_check_gives_the_account_its_number(client: httpx.AsyncClient) -> None:
    number = niss()
    person = await newcomer(number)
    request_id = await send_document(client, person)
    lead = staff(await make_staff(role="supervisor"))
    await service.acknowledge_request(request_id)
    await service.take_request(lead, request_id)
    await service.decide_request(
        lead, request_id, decision="grant", motivation="Passeport vérifié au guichet."
    )
    row = await Person.select().where(Person.id == person).first()
    assert (row["national_number"], row["identity_verified"]) == (number, True)
    assert "pas encore été vérifiée" not in (await client.get("/requests")).text


async def test_a_number_held_by_a_known_file_links_the_account_into_it(
    client: httpx.AsyncClient,
) -> None:
    known = await make_person()  # the file the fund keeps (Lotte Peeters, lotte@example.be)
    await affiliation.record_affiliation(
        SYSTEM,
        person_id=known,
        category=Category.MAIN,
        starts_on=date(2024, 1, 1),
        first_main_activity=False,
        declared_income=None,
        declared_income_year=None,
        source_reference=None,
    )
    number = (await Person.select(Person.national_number).where(Person.id == known).first())[
        "national_number"
    ]
    person = await newcomer(number)
    # The newcomer made a passkey, asked a question and wrote to the fund.
    url = await identity.issue_activation_link("affiliate", person, actor=SYSTEM)
    key = authenticator()
    assert (await register(client, key, token_of(url))).status_code in (200, 201)
    question = await service.submit_request(
        affiliate(person), person_id=person, kind="general_question",
        answers={"subject": "Cotisations", "question": "Combien ?"}, idempotency_key="q-1",
    )  # fmt: skip
    await messaging.post_message(affiliate(person), person_id=person, body="Bonjour")
    request_id = await send_document(client, person)
    lead_id = await make_staff(role="supervisor")
    lead = staff(lead_id)
    await service.acknowledge_request(request_id)
    await service.take_request(lead, request_id)

    # Before granting, the staff member is told what the grant will do.
    staff_client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=client.app),  # type: ignore[attr-defined]
        base_url=client.base_url,
    )
    staff_client.app = client.app  # type: ignore[attr-defined]
    async with staff_client:
        await log_in(staff_client, "staff", lead_id, step_up_at=clock.now())
        page = await staff_client.get(f"/staff/requests/{request_id}/decide")
        assert page.status_code == 200, page.text
        assert "Accorder relie ce compte à ce dossier" in page.text
    await Outbox.delete(force=True)  # only what the decision queues is counted below

    await service.decide_request(lead, request_id, decision="grant", motivation="Vu.")

    credential = await PasskeyCredential.select(PasskeyCredential.person).first()
    assert credential["person"] == known
    owners = {row["id"]: row["person"] for row in await Request.select(Request.id, Request.person)}
    assert owners == {question.id: known, request_id: known}
    assert await RequestEvent.count().where(RequestEvent.event == "linked_to_file") == 2
    thread = await ThreadMessage.select(ThreadMessage.person)
    assert [row["person"] for row in thread] == [known]
    assert await InboxMessage.count().where(InboxMessage.person == person) == 0
    assert await InboxMessage.count().where(InboxMessage.kind == "decision") == 1
    shell = await Person.select().where(Person.id == person).first()
    assert shell["merged_into"] == known
    assert (shell["claimed_national_number"], shell["national_number"]) == (None, None)
    assert shell["email"] is None and shell["session_epoch"] == 1
    file = await Person.select().where(Person.id == known).first()
    assert (file["national_number"], file["email"]) == (number, "lotte@example.be")
    assert await idq.account("affiliate", person) is not None
    assert not (await idq.account("affiliate", person)).active
    merged = await AuditEvent.select().where(AuditEvent.action == "identity.merged").first()
    details = (
        merged["details"] if isinstance(merged["details"], dict) else json.loads(merged["details"])
    )
    assert details["claimant"] == str(person) and details["file"] == str(known)
    assert details["email"] == "kept_file"
    linked = [
        row for row in await Outbox.select().where(Outbox.name == "mail.send")
        if "account_linked" in json.dumps(row["payload"])
    ]  # fmt: skip
    assert len(linked) == 1
    payload = linked[0]["payload"]
    payload = payload if isinstance(payload, dict) else json.loads(payload)
    assert (payload["to"], payload["language"]) == ("lotte@example.be", "fr")
    assert await Outbox.count().where(Outbox.name == "identity.accounts_merged") == 1

    # The claimant's session is over; their passkey now opens the file.
    gone = await client.get("/requests")
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    client.cookies.delete("affilio_session")  # the test session's copy, set without a domain
    assert (await passkey_log_in(client, key)).status_code in (200, 201)
    login = await AuditEvent.select().where(AuditEvent.action == "identity.login").first()
    assert login["actor_id"] == known
    mine = await client.get("/requests")
    assert mine.status_code == 200 and "pas encore été vérifiée" not in mine.text
    assert "Lotte" in (await client.get("/account")).text


async def test_a_verified_affiliate_has_nothing_to_prove(client: httpx.AsyncClient) -> None:
    await log_in(client, "affiliate", await make_person())
    page = await client.get("/requests/identity")
    assert page.status_code == 303 and page.headers["location"] == "/requests"
    assert "pas encore été vérifiée" not in (await client.get("/requests")).text


async def test_every_missing_field_is_named_at_once(client: httpx.AsyncClient) -> None:
    await log_in(client, "affiliate", await newcomer(niss()))
    assert (await client.get("/requests/identity")).status_code == 200
    refused = await client.post(
        "/requests/identity", data={"_csrf_token": await csrf_token(client), "note": "Bonjour"}
    )
    assert refused.status_code == 422
    assert 'id="error-document"' in refused.text and 'id="error-attachments"' in refused.text
    assert "Bonjour" in refused.text  # what was typed is kept
