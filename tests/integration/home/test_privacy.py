"""My privacy (issue 17, item 3): who at the fund opened my file, all my data in one zip, and
the two GDPR requests with their one-month deadline."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from httpx import AsyncClient

from app.documents import service as documents
from app.documents.render import RenderedDocument
from app.kit import clock
from app.kit.db import fetch
from app.payments import service as payments
from app.payments.rules.ledger import EntryKind
from app.requests import service as requests
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.7 a letter for Camille"


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


async def filed(person: uuid.UUID, kind: str, answers: dict[str, str]) -> uuid.UUID:
    submitted = await requests.submit_request(
        affiliate(person),
        person_id=person,
        kind=kind,
        answers=answers,
        idempotency_key=uuid.uuid4().hex,
    )
    await requests.acknowledge_request(submitted.id)
    return submitted.id


class TestWhoOpenedMyFile:
    async def test_each_staff_read_is_listed_for_the_person_only(self, client: AsyncClient) -> None:
        camille = await make_person(first_name="Camille")
        other = await make_person(first_name="Bart")
        agent = await make_staff(name="Marc Martin")
        with clock.frozen(at("2026-03-02")):
            asked = {"subject": "Cotisations", "question": "Combien ?"}
            request_id = await filed(camille, "general_question", asked)
        reference = (await fetch("SELECT reference FROM request WHERE id = {}", request_id))[0]
        with clock.frozen(at("2026-03-03", 8)):
            await log_in(client, "staff", agent)
            assert (await client.get(f"/staff/people/{camille}")).status_code == 200
        with clock.frozen(at("2026-03-03", 10)):
            await log_in(client, "staff", agent)
            assert (await client.get(f"/staff/people/{camille}")).status_code == 200
            assert (await client.get(f"/staff/requests/{request_id}")).status_code == 200

        await log_in(client, "affiliate", camille)
        page = await client.get("/account/privacy")
        assert page.status_code == 200
        html = page.text
        assert "<h1>Ma vie privée</h1>" in html
        # Two reads of the file that day are one line, said twice; the request's own line.
        assert "Marc Martin (Équipe générale) a ouvert votre dossier." in html
        assert "2 fois ce jour-là" in html
        assert (
            f"Marc Martin (Équipe générale) a ouvert une demande {reference['reference']}." in html
        )
        assert "3 mars 2026, 11:00:00" in html  # 10:00 UTC is 11:00 in Brussels

        await log_in(client, "affiliate", other)
        theirs = (await client.get("/account/privacy")).text
        assert "Marc Martin" not in theirs
        assert "Personne à la Caisse n’a encore ouvert votre dossier." in theirs


class TestMyData:
    async def test_the_download_asks_for_the_passkey_first(self, client: AsyncClient) -> None:
        camille = await make_person(first_name="Camille")
        await log_in(client, "affiliate", camille, step_up_at=clock.now() - timedelta(minutes=6))
        token = await csrf_token(client)
        response = await client.post(
            "/account/privacy/export",
            data={"_csrf_token": token},
            headers={"referer": "http://localhost:8000/account/privacy"},
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/step-up?next=/account/privacy"

    async def test_the_zip_holds_the_persons_records_and_files_and_nobody_elses(
        self, client: AsyncClient
    ) -> None:
        camille = await make_person(first_name="Camille", email="camille@example.be")
        bart = await make_person(first_name="Bartholomeus", email="bart@example.be")
        account = await payments.ensure_account(camille)
        await payments.book(
            account.id,
            payments.NewEntry(
                kind=EntryKind.CONTRIBUTION,
                amount=Decimal("1234.56"),
                booked_on=date(2026, 2, 15),
                idempotency_key="privacy-test:q1",
                year=2026,
                quarter=1,
            ),
        )
        await documents.store_document(
            person_id=camille,
            kind="decision_letter",
            source="privacy-test",
            reference="AF-TEST",
            language="fr",
            title="Décision",
            rendered=RenderedDocument(PDF, "0" * 64),
        )
        await filed(camille, "general_question", {"subject": "Cotisations", "question": "Q?"})
        await filed(bart, "general_question", {"subject": "Secret de Bart", "question": "Q?"})

        await log_in(client, "affiliate", camille, step_up_at=clock.now())
        token = await csrf_token(client)
        response = await client.post("/account/privacy/export", data={"_csrf_token": token})
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/zip"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["content-disposition"].startswith(
            'attachment; filename="affilio-data-'
        )
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = archive.namelist()
        assert "data.json" in names and "README.txt" in names
        text = archive.read("data.json").decode()
        data = json.loads(text, parse_float=Decimal)
        sections = data["sections"]
        assert sections["person"][0]["first_name"] == "Camille"
        assert sections["person"][0]["email"] == "camille@example.be"
        assert [e["amount"] for e in sections["ledger_entry"]] == [Decimal("1234.56")]
        assert '"amount": 1234.56' in text  # exact, as PostgreSQL wrote it
        assert [r["answers"]["subject"] for r in sections["request"]] == ["Cotisations"]
        assert "Bartholomeus" not in text and "Secret de Bart" not in text
        # The letter is a file beside the data, its bytes left out of the JSON.
        letters = [n for n in names if n.startswith("files/document/")]
        assert len(letters) == 1 and archive.read(letters[0]) == PDF
        assert "data" not in sections["document"][0]
        assert data["omitted"]["passkey_credential"] == ["credential_id", "public_key"]
        assert "Les données que la Caisse détient sur vous" in archive.read("README.txt").decode()
        logged = await fetch(
            "SELECT count(*) AS n FROM audit_event WHERE action = 'privacy.data_exported' "
            "AND subject_id = {}",
            str(camille),
        )
        assert logged[0]["n"] == 1


class TestPrivacyRequests:
    async def test_an_empty_form_says_what_is_missing_and_keeps_what_was_typed(
        self, client: AsyncClient
    ) -> None:
        camille = await make_person(first_name="Camille")
        await log_in(client, "affiliate", camille)
        token = await csrf_token(client)
        response = await client.post(
            "/account/privacy/rectification",
            data={"_csrf_token": token, "data": "Mon prénom", "correction": "", "key": "k1"},
        )
        assert response.status_code == 422
        assert "Mon prénom</textarea>" in response.text
        assert 'id="error-correction"' in response.text
        assert (await fetch("SELECT count(*) AS n FROM request"))[0]["n"] == 0

    async def test_a_correction_is_due_within_one_month_and_a_question_within_four(
        self, client: AsyncClient
    ) -> None:
        camille = await make_person(first_name="Camille")
        await log_in(client, "affiliate", camille)
        token = await csrf_token(client)
        with clock.frozen(at("2026-03-10")):
            response = await client.post(
                "/account/privacy/rectification",
                data={
                    "_csrf_token": token,
                    "data": "Mon prénom",
                    "correction": "Anne-Marie",
                    "key": "k2",
                },
            )
            assert response.status_code == 303
            request_id = uuid.UUID(response.headers["location"].split("/")[2].split("?")[0])
            await requests.acknowledge_request(request_id)
            question = await filed(camille, "general_question", {"subject": "S", "question": "Q"})
            detail = (await client.get(f"/requests/{request_id}")).text
        rows = await fetch(
            "SELECT id, kind, legal_due FROM request WHERE id IN ({}, {})", request_id, question
        )
        due = {row["kind"]: row["legal_due"] for row in rows}
        assert due == {"rectification": date(2026, 4, 10), "general_question": date(2026, 7, 10)}
        assert "Correction de mes données" in detail
        assert "Anne-Marie" in detail

    async def test_an_unknown_right_is_not_found(self, client: AsyncClient) -> None:
        await log_in(client, "affiliate", await make_person())
        assert (await client.get("/account/privacy/portability")).status_code == 404
