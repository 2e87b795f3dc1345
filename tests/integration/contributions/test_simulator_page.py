"""The simulator page and its htmx partial; the adjustment request up to the staff queue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from app.kit import clock
from app.requests.tables import Request, RequestAttachment
from app.staff.queue import QueueFilters, staff_queue
from tests.support.actors import csrf, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
HX = {"HX-Request": "true", "HX-Current-URL": "http://localhost:8000/simulator"}
PDF = b"%PDF-1.4\nevidence\n"
# What a browser sends for an empty file input of a multipart form.
NO_FILE = {"attachment": ("", b"", "application/octet-stream")}


@pytest.fixture
def in_2026() -> Iterator[None]:
    with clock.frozen(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)):
        yield


class TestSimulatorPage:
    async def test_empty_form_on_first_visit(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/simulator")
        assert response.status_code == 200
        assert "<h1>Simulateur de cotisations</h1>" in response.text
        assert 'hx-get="/simulator"' in response.text and 'hx-push-url="true"' in response.text
        assert 'class="field-error"' not in response.text
        assert 'class="error-summary"' not in response.text
        # Every category is offered, with its plain-language explanation.
        for value in ("main", "starter", "secondary", "student", "pensioner", "helper"):
            assert f'value="{value}"' in response.text
        assert "Conjoint aidant (maxi-statut)" in response.text

    async def test_result_with_explanation_and_due_dates(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator", params={"income": "25 000", "category": "main", "year": "2025"}
        )
        assert response.status_code == 200
        text = response.text
        assert "1\u202f281,25\u00a0€" in text  # net per quarter (liantis.be)
        assert "Vos cotisations provisoires 2025" in text
        assert "sur la première tranche jusqu&#39;à 73\u202f447,52\u00a0€" in text
        assert "30 juin 2025" in text and "31 décembre 2025" in text
        assert 'value="25 000"' in text
        assert "unconfirmed-notice" not in text

    async def test_htmx_gets_the_partial_only(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator",
            params={"income": "25000", "category": "pensioner", "year": "2025"},
            headers=HX,
        )
        assert response.status_code == 200
        assert "<html" not in response.text and "<form" not in response.text
        assert 'id="simulation-result"' in response.text
        assert "918,75\u00a0€" in response.text  # pensioner 2025 (liantis.be)
        assert "hx-request" in response.headers["vary"].lower()

    async def test_back_button_restore_gets_the_whole_page(self, client: httpx.AsyncClient) -> None:
        headers = {**HX, "HX-History-Restore-Request": "true"}
        response = await client.get("/simulator", params={"income": "25000"}, headers=headers)
        assert "<html" in response.text and "<form" in response.text

    async def test_derived_figures_are_named_with_their_source(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get(
            "/simulator", params={"income": "5000", "category": "secondary", "year": "2025"}
        )
        assert 'id="unconfirmed-notice"' in response.text
        assert "Seuil de l&#39;activité à titre complémentaire" in response.text
        # The year file's technical note stays for staff; the person reads a sentence.
        assert "derived 405.60 × factor" not in response.text
        assert "calculé d&#39;après la loi et l&#39;indice de l&#39;année" in response.text

    async def test_explanation_in_dutch(self, client: httpx.AsyncClient) -> None:
        client.cookies.set("affilio_lang", "nl")
        response = await client.get(
            "/simulator", params={"income": "100000", "category": "main", "year": "2025"}
        )
        assert "op de eerste schijf tot €\u00a073.447,52" in response.text
        assert "op de tweede schijf van" in response.text


class TestBadInput:
    async def test_negative_income_keeps_the_other_answers(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator", params={"income": "-500", "category": "student", "year": "2024"}
        )
        assert response.status_code == 200
        text = response.text
        assert 'class="error-summary"' in text
        assert 'href="#field-income"' in text
        error_slot = text.split('id="live-error-income"', 1)[1].split("</div>", 1)[0]
        assert "Indiquez un revenu égal ou supérieur à zéro." in error_slot
        assert 'value="-500"' in text
        assert 'value="student" checked' in text
        assert 'value="2024" selected' in text

    async def test_htmx_partial_updates_errors_out_of_band(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator",
            params={"income": "abc", "category": "nope", "year": "1990"},
            headers=HX,
        )
        assert response.status_code == 200
        text = response.text
        assert '<div id="simulator-errors" data-error-focus hx-swap-oob="true">' in text
        for name in ("income", "category", "year"):
            assert f'<div id="live-error-{name}" class="live-error" hx-swap-oob="true">' in text
        assert "Utilisez uniquement des chiffres, des espaces" in text  # says why (issue 12)
        assert "Années disponibles\u00a0: 2024, 2025, 2026." in text
        # The fields themselves are not swapped: what was typed stays in the browser.
        assert 'name="income"' not in text
        # No focus jump while typing: the live summary has no data-focus-after-swap.
        assert "data-focus-after-swap" not in text

    async def test_htmx_partial_clears_errors_once_fixed(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/simulator", params={"income": "25000", "category": "main", "year": "2025"}, headers=HX
        )
        assert 'class="field-error"' not in response.text
        assert '<div id="simulator-errors" data-error-focus hx-swap-oob="true">' in response.text


class TestAdjustmentRequest:
    async def test_anonymous_visitors_are_asked_to_log_in(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/simulator", params={"income": "25000", "category": "main"})
        assert "/login?next=" in page.text
        response = await client.get("/simulator/adjust")
        assert response.status_code in (302, 303)
        assert response.headers["location"].startswith("/login")

    async def test_form_prefilled_from_the_simulator_with_law_figures(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        page = await client.get("/simulator", params={"income": "20000", "category": "main"})
        assert "/simulator/adjust?year=2026&amp;category=main&amp;income=20000" in page.text
        form = await client.get(
            "/simulator/adjust", params={"year": "2026", "category": "main", "income": "20000"}
        )
        assert form.status_code == 200
        text = form.text
        assert 'value="20000"' in text
        assert (
            "Nouvelle cotisation par trimestre, sans les frais de gestion"
            "\u00a0: 1\u202f025,00\u00a0€" in text
        )
        # Surcharge rates come from 2026.toml; the main-activity minimum is stated.
        assert "3\u00a0% par trimestre et 7\u00a0% une fois par an" in text
        assert "890,42\u00a0€ par trimestre" in text
        assert "art. 11, § 2" in text

    async def test_decrease_needs_a_justification_and_keeps_answers(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        data = {
            "year": "2026", "category": "main", "income": "20000",
            "current_quarterly": "1500", "direction": "lower", "justification": "",
            "idempotency_key": "k1",
        }  # fmt: skip
        response = await client.post(
            "/simulator/adjust", data=data, files=NO_FILE, headers=await csrf(client)
        )
        assert response.status_code == 422
        assert 'id="error-justification"' in response.text
        assert 'value="1500"' in response.text and 'value="20000"' in response.text
        assert await Request.count() == 0

    async def test_direction_must_match_the_computation(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        await log_in(client, "affiliate", await make_person())
        data = {
            "year": "2026", "category": "main", "income": "60000",
            "current_quarterly": "900", "direction": "lower", "justification": "x",
            "idempotency_key": "k2",
        }  # fmt: skip
        response = await client.post(
            "/simulator/adjust", data=data, files=NO_FILE, headers=await csrf(client)
        )
        assert response.status_code == 422
        assert 'id="error-direction"' in response.text
        assert await Request.count() == 0

    async def test_creates_one_request_that_reaches_the_staff_queue(
        self, client: httpx.AsyncClient, in_2026: None
    ) -> None:
        person = await make_person()
        await log_in(client, "affiliate", person)
        data = {
            "year": "2026", "category": "main", "income": "20000",
            "current_quarterly": "1500", "direction": "lower",
            "justification": "Perte de mon principal client en janvier.",
            "idempotency_key": "same-key",
        }  # fmt: skip
        files = {"attachment": ("lettre.pdf", PDF, "application/pdf")}
        headers = await csrf(client)
        first = await client.post("/simulator/adjust", data=data, files=files, headers=headers)
        assert first.status_code == 303, first.text
        assert first.headers["location"] == "/simulator/adjust/sent"
        # A double tap (same idempotency key) files nothing more.
        second = await client.post("/simulator/adjust", data=data, files=files, headers=headers)
        assert second.status_code == 303
        assert await Request.count() == 1
        row = await Request.select().first()
        assert row["kind"] == "provisional_adjustment" and row["person"] == person
        answers = row["answers"]
        answers = answers if isinstance(answers, dict) else json.loads(answers)
        assert answers["year"] == 2026
        assert answers["estimated_income"] == "20000.00"
        # The motivation required by AR 38 art. 11 §2 reaches the staff with the request.
        assert answers["reason"] == "Perte de mon principal client en janvier."
        assert await RequestAttachment.count() == 1

        confirmation = await client.get("/simulator/adjust/sent")
        assert confirmation.status_code == 200
        assert row["reference"] in confirmation.text

        agent = await make_staff(role="supervisor")
        queue = await staff_queue(staff(agent), QueueFilters())
        assert [r.reference for r in queue.rows] == [row["reference"]]
