"""The requests JSON API (/api/v1/requests): the session's person only, CSRF on changes,
problem+json refusals, 202 then the status as the worker hands the request to staff."""

from __future__ import annotations

import uuid

import httpx
import pytest

from app.identity.people import NewPerson, create_unverified_person
from app.identity.tables import Person
from app.kit.audit import SYSTEM
from app.kit.tables import OutboxJob, OutboxStatus
from app.requests.tables import Request, RequestEvent
from tests.support.actors import csrf, log_in, make_person, make_staff
from workers.runner import run_outbox_job

pytestmark = pytest.mark.integration
API = "/api/v1/requests"
QUESTION = {
    "kind": "general_question",
    "subject": "Cotisations 2026",
    "question": "Quand dois-je payer le deuxième trimestre ?",
    "idempotency_key": "sync-0001",
}


async def file(client: httpx.AsyncClient, **changes: str) -> httpx.Response:
    return await client.post(API, json={**QUESTION, **changes}, headers=await csrf(client))


async def acknowledge_all() -> int:
    """What the worker does first with a filed request: the acknowledge job (outbox)."""
    jobs = await OutboxJob.select(OutboxJob.id).where(
        (OutboxJob.status == OutboxStatus.PENDING.value)
        & (OutboxJob.name == "requests.acknowledge")
    )
    for job in jobs:
        await run_outbox_job({}, str(job["id"]))
    return len(jobs)


class TestSignedOut:
    async def test_every_operation_answers_401_problem_json(
        self, client: httpx.AsyncClient
    ) -> None:
        for response in (
            await client.get(API),
            await client.get(f"{API}/{uuid.uuid4()}"),
        ):
            assert response.status_code == 401
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == 401
            assert response.json()["title"] == "Not signed in"

    async def test_filing_without_a_session_is_refused_and_files_nothing(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await file(client)
        assert response.status_code == 401
        assert await Request.count() == 0

    async def test_staff_are_refused(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "staff", await make_staff())
        response = await client.get(API)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")


class TestSubmit:
    async def test_202_with_the_status_url_then_received_after_the_worker(
        self, client: httpx.AsyncClient
    ) -> None:
        person = await make_person()
        await log_in(client, "affiliate", person)
        response = await file(client)
        assert response.status_code == 202
        body = response.json()
        assert body["status"] == "submitted"
        assert body["reference"].startswith("AF-")
        assert body["status_url"] == f"{API}/{body['id']}"
        assert response.headers["location"] == body["status_url"]
        row = await Request.select().first()
        assert row is not None
        assert str(row["id"]) == body["id"] and row["person"] == person
        assert row["kind"] == "general_question"
        before = await client.get(body["status_url"])
        assert before.status_code == 200 and before.json()["status"] == "submitted"
        assert before.json()["deadline"] is None
        assert await acknowledge_all() == 1
        after = (await client.get(body["status_url"])).json()
        assert after["status"] == "received"
        assert after["deadline"] is not None  # the legal deadline runs from receipt
        assert [e["event"] for e in after["events"]] == ["submit", "acknowledge"]
        assert {"label": "Objet", "value": "Cotisations 2026"} in after["answers"]

    async def test_the_same_key_files_once(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person())
        first = await file(client)
        again = await file(client, question="Une autre formulation")
        assert first.status_code == again.status_code == 202
        assert again.json()["id"] == first.json()["id"]
        assert await Request.count() == 1
        assert await RequestEvent.count() == 1
        other = await file(client, idempotency_key="sync-0002")
        assert other.json()["id"] != first.json()["id"]
        assert await Request.count() == 2

    async def test_a_form_key_and_an_api_key_never_meet(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person())
        headers = await csrf(client)
        form = await client.post(
            "/requests/ask",
            data={"subject": "S", "question": "Q", "key": "sync-0001"},
            headers=headers,
        )
        assert form.status_code == 303
        assert (await file(client)).status_code == 202
        assert await Request.count() == 2

    async def test_without_the_csrf_header_nothing_is_filed(
        self, client: httpx.AsyncClient
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        await csrf(client)  # the cookie is there; the header is not
        response = await client.post(API, json=QUESTION)
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
        wrong = await client.post(API, json=QUESTION, headers={"x-csrftoken": "0" * 128})
        assert wrong.status_code == 403
        assert await Request.count() == 0

    async def test_a_blank_subject_gets_the_forms_message_in_the_readers_language(
        self, client: httpx.AsyncClient
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        client.cookies.set("affilio_lang", "nl")
        response = await client.post(
            API, json={**QUESTION, "subject": "   "}, headers=await csrf(client)
        )
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        errors = response.json()["errors"]
        assert errors == [{"field": "subject", "message": "Beantwoord deze vraag"}]
        assert await Request.count() == 0

    async def test_an_unknown_kind_or_a_missing_field_is_422(
        self, client: httpx.AsyncClient
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        headers = await csrf(client)
        unknown = await client.post(API, json={**QUESTION, "kind": "exemption"}, headers=headers)
        assert unknown.status_code == 422
        missing = dict(QUESTION)
        del missing["question"]
        response = await client.post(API, json=missing, headers=headers)
        assert response.status_code == 422
        assert [e["field"] for e in response.json()["errors"]] == ["question"]
        assert await Request.count() == 0

    async def test_a_pension_question(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person())
        response = await client.post(
            API,
            json={"kind": "pension_help", "question": "À quel âge ?", "idempotency_key": "p1"},
            headers=await csrf(client),
        )
        assert response.status_code == 202
        row = await Request.select(Request.kind, Request.answers).first()
        assert row is not None and row["kind"] == "pension_help"


class TestReadScoped:
    async def test_the_list_is_the_persons_own(self, client: httpx.AsyncClient) -> None:
        anna, bert = await make_person("Anna"), await make_person("Bert")
        await log_in(client, "affiliate", anna)
        mine = (await file(client)).json()
        await log_in(client, "affiliate", bert)
        assert (await client.get(API)).json() == []
        await log_in(client, "affiliate", anna)
        listed = (await client.get(API)).json()
        assert [r["id"] for r in listed] == [mine["id"]]
        assert listed[0]["kind"] == "general_question"
        assert listed[0]["status"] == "submitted"
        assert listed[0]["status_url"] == mine["status_url"]

    async def test_another_persons_request_is_404(self, client: httpx.AsyncClient) -> None:
        anna, bert = await make_person("Anna"), await make_person("Bert")
        await log_in(client, "affiliate", anna)
        mine = (await file(client)).json()
        await log_in(client, "affiliate", bert)
        response = await client.get(mine["status_url"])
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        unknown = await client.get(f"{API}/{uuid.uuid4()}")
        assert unknown.status_code == 404
        assert unknown.json().keys() == response.json().keys() - {"request_id"} | {"request_id"}

    async def test_a_self_registered_account_sees_nothing_of_the_known_file(
        self, client: httpx.AsyncClient
    ) -> None:
        anna = await make_person("Anna")
        await log_in(client, "affiliate", anna)
        mine = (await file(client)).json()
        found = await Person.select(Person.national_number).where(Person.id == anna).first()
        assert found is not None
        claimant = await create_unverified_person(
            NewPerson(
                national_number=found["national_number"],
                first_name="Mallory",
                last_name="Claim",
                email="mallory@example.be",
                language="fr",
            ),
            actor=SYSTEM,
        )
        await log_in(client, "affiliate", claimant)
        assert (await client.get(API)).json() == []
        assert (await client.get(mine["status_url"])).status_code == 404
