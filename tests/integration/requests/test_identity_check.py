"""A self-registered account proves who it is: it sends its identity document, a staff member
checks it and grants, and the account then holds the number it claimed (never a taken one)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import Person
from app.kit.audit import SYSTEM
from app.kit.errors import FormInvalid
from app.requests import service
from app.requests.tables import Request
from tests.support.actors import csrf_token, log_in, make_person, make_staff, niss, staff

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


async def test_a_number_already_held_by_a_file_is_never_given(client: httpx.AsyncClient) -> None:
    known = await make_person()
    number = (await Person.select(Person.national_number).where(Person.id == known).first())[
        "national_number"
    ]
    person = await newcomer(number)
    request_id = await send_document(client, person)
    lead = staff(await make_staff(role="supervisor"))
    await service.acknowledge_request(request_id)
    await service.take_request(lead, request_id)
    with pytest.raises(FormInvalid) as refused:
        await service.decide_request(lead, request_id, decision="grant", motivation="Vu.")
    assert "les deux dossiers doivent d’abord être fusionnés" in refused.value.errors["decision"]
    row = await Person.select().where(Person.id == person).first()
    assert (row["national_number"], row["identity_verified"]) == (None, False)
    status = await Request.select(Request.status).where(Request.id == request_id).first()
    assert status["status"] == "in_review"  # nothing of the refused grant was kept


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
