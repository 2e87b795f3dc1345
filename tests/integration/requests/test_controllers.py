"""Affiliate pages over HTTP: ask a question, read it, answer, withdraw; other people get 404."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from app.requests import service
from app.requests.tables import Request, RequestAttachment
from tests.support.actors import affiliate, csrf, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\nhello\n"


async def ask(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    headers = await csrf(client)
    data = {"subject": "Cotisations", "question": "Quand payer ?", "key": "abc", **fields}
    return await client.post("/requests/ask", data=data, headers=headers)


class TestAskQuestion:
    async def test_files_a_general_question_and_shows_its_reference(
        self, client: httpx.AsyncClient
    ) -> None:
        person = await make_person()
        await log_in(client, "affiliate", person)
        page = await client.get("/requests/ask")
        assert page.status_code == 200 and 'name="key"' in page.text
        response = await ask(client)
        assert response.status_code == 303
        target = response.headers["location"]
        detail = await client.get(target)
        assert detail.status_code == 200
        row = await Request.select().first()
        assert row["kind"] == "general_question" and row["person"] == person
        assert row["reference"] in detail.text
        assert "Quand payer ?" in detail.text
        # A double tap posts the same key: still one request.
        assert (await ask(client)).headers["location"] == target
        assert await Request.count() == 1
        listing = await client.get("/requests")
        assert row["reference"] in listing.text

    async def test_missing_answers_are_shown_next_to_the_fields_and_kept(
        self, client: httpx.AsyncClient
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        response = await ask(client, subject="Mon sujet", question="")
        assert response.status_code == 422
        assert 'class="error-summary"' in response.text
        assert 'id="error-question"' in response.text
        assert 'value="Mon sujet"' in response.text
        assert await Request.count() == 0

    async def test_attachment_with_a_fake_extension_is_refused_kindly(
        self, client: httpx.AsyncClient
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        headers = await csrf(client)
        response = await client.post(
            "/requests/ask",
            data={"subject": "Pièce", "question": "Voici", "key": "f1"},
            files=[("attachments", ("facture.pdf", b"GIF89a not a pdf", "application/pdf"))],
            headers=headers,
        )
        assert response.status_code == 422
        assert 'id="error-attachments"' in response.text
        assert "facture.pdf" in response.text
        assert "Voici" in response.text  # what was typed is kept
        ok = await client.post(
            "/requests/ask",
            data={"subject": "Pièce", "question": "Voici", "key": "f2"},
            files=[("attachments", ("facture.pdf", PDF, "application/pdf"))],
            headers=headers,
        )
        assert ok.status_code == 303
        assert await RequestAttachment.count() == 1

    async def test_anonymous_visitors_are_sent_to_log_in(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/requests")
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


class TestAccessControl:
    async def test_another_affiliates_request_is_a_404(self, client: httpx.AsyncClient) -> None:
        owner, other = await make_person(), await make_person(first_name="Eve")
        submitted = await service.submit_request(
            affiliate(owner), person_id=owner, kind="general_question",
            answers={"subject": "S", "question": "Q"}, idempotency_key="x",
            attachments=[service.NewAttachment("a.pdf", PDF)],
        )  # fmt: skip
        attachment = await RequestAttachment.select(RequestAttachment.id).first()
        await log_in(client, "affiliate", other)
        headers = await csrf(client)
        assert (await client.get(f"/requests/{submitted.id}")).status_code == 404
        assert (await client.get(f"/requests/attachments/{attachment['id']}")).status_code == 404
        withdraw = await client.post(f"/requests/{submitted.id}/withdraw", headers=headers)
        assert withdraw.status_code == 404
        assert (await client.get(f"/requests/{uuid.uuid4()}")).status_code == 404
        # The owner reads both.
        await log_in(client, "affiliate", owner)
        assert (await client.get(f"/requests/{submitted.id}")).status_code == 200
        file = await client.get(f"/requests/attachments/{attachment['id']}")
        assert file.content == PDF
        assert file.headers["content-disposition"].startswith("attachment")

    async def test_staff_pages_refuse_affiliates(self, client: httpx.AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person())
        assert (await client.get("/staff/")).status_code == 403


class TestAnswerAndDecision:
    async def test_answer_reopens_then_the_refusal_shows_the_appeal(
        self, client: httpx.AsyncClient
    ) -> None:
        agent = await make_staff()
        person = await make_person()
        submitted = await service.submit_request(
            affiliate(person), person_id=person, kind="general_question",
            answers={"subject": "S", "question": "Q"}, idempotency_key="x",
        )  # fmt: skip
        await service.acknowledge_request(submitted.id)
        await service.request_information(staff(agent), submitted.id, question="Quel revenu ?")
        await log_in(client, "affiliate", person)
        page = await client.get(f"/requests/{submitted.id}")
        assert "Quel revenu ?" in page.text and 'name="answer"' in page.text
        headers = await csrf(client)
        empty = await client.post(
            f"/requests/{submitted.id}/answer", data={"answer": ""}, headers=headers
        )
        assert empty.status_code == 422 and 'id="error-answer"' in empty.text
        sent = await client.post(
            f"/requests/{submitted.id}/answer",
            data={"answer": "20 000 euros"},
            files=[("attachments", ("bilan.pdf", PDF, "application/pdf"))],
            headers=headers,
        )
        assert sent.status_code == 303
        row = await Request.select(Request.status).where(Request.id == submitted.id).first()
        assert row["status"] == "in_review"
        await service.decide_request(
            staff(agent), submitted.id, decision="refuse", motivation="Hors délai."
        )
        page = await client.get(f"/requests/{submitted.id}")
        assert "Hors délai." in page.text
        assert re.search(r"tribunal du travail", page.text)
        assert "trois mois" in page.text
