"""The home of a logged-in affiliate (issue 12, item 9): what the fund waits for from them, their
open requests with the next date, the guides they started; then the public page. Another
person sees none of it; visitors and staff keep the public page."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import pytest
from httpx import AsyncClient

from app.kit import clock
from app.requests import service
from app.wizards import drafts
from app.wizards.drafts import Owner
from tests.support.actors import affiliate, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
NBSP = "\u00a0"
PUBLIC_TITLE = "Votre statut social d'indépendant, simplement"


def at(day: str, hour: int = 9) -> datetime:
    """That hour (UTC; an hour later in Brussels in winter) on that day."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def section(html: str, title_id: str) -> str:
    """One <section aria-labelledby=…> of the page ("" when the page has none)."""
    found = re.search(
        rf'<section aria-labelledby="{title_id}"[^>]*>(.*?)</section>', html, flags=re.S
    )
    return found.group(1) if found else ""


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


async def file_request(person: uuid.UUID, kind: str, answers: dict[str, str]) -> uuid.UUID:
    submitted = await service.submit_request(
        affiliate(person), person_id=person, kind=kind, answers=answers,
        idempotency_key=uuid.uuid4().hex,
    )  # fmt: skip
    await service.acknowledge_request(submitted.id)
    return submitted.id


async def camilles_file() -> dict[str, uuid.UUID]:
    """Camille: a question of the fund to answer, an open affiliation request, a guide left
    half-way (new child) and a guide filed (payment difficulty)."""
    person = await make_person(first_name="Camille")
    agent = await make_staff()
    owner = Owner(person_id=person)
    with clock.frozen(at("2026-02-20")):
        started = await drafts.save_answers(owner, "new_child", {"event": "birth"}, "event")
    with clock.frozen(at("2026-02-23")):
        answers = {"amount_owed": "2500"}
        filed = await drafts.save_answers(owner, "payment_difficulty", answers, "owed")
        await drafts.mark_filed(filed, {})
    with clock.frozen(at("2026-03-02")):
        asked = await file_request(
            person, "general_question", {"subject": "Mes cotisations", "question": "Combien ?"}
        )
        await service.request_information(
            staff(agent), asked, question="Envoyez-nous votre attestation de revenus 2025."
        )
    with clock.frozen(at("2026-03-02", hour=10)):
        open_one = await file_request(
            person, "affiliation", {"start_date": "2026-04-01", "category": "main"}
        )
    return {
        "person": person,
        "agent": agent,
        "asked": asked,
        "open": open_one,
        "started": started,
        "filed": filed,
    }


class TestAffiliateHome:
    async def test_actions_then_open_requests_then_guides_then_the_public_page(
        self, client: AsyncClient
    ) -> None:
        ids = await camilles_file()
        with clock.frozen(at("2026-03-04")):
            await log_in(client, "affiliate", ids["person"])
            page = await client.get("/")
        assert page.status_code == 200
        html = page.text
        assert "<title>Accueil" in html
        assert "<h1>Bonjour Camille</h1>" in html
        assert PUBLIC_TITLE not in html  # the greeting replaces the public hero
        # The sections come in this order, the public content after them.
        order = [
            html.index(marker)
            for marker in (
                'id="actions-title">À faire</h2>',
                'id="open-requests-title">Mes demandes en cours</h2>',
                'id="my-guides-title">Mes guides</h2>',
                "Que se passe-t-il dans votre vie",
                "Simuler mes cotisations",
                "Nos engagements",
            )
        ]
        assert order == sorted(order)

        # 1. The fund's question, with its date and a link to the request (its answer form).
        todo = section(html, "actions-title")
        assert links(todo) == [f"/requests/{ids['asked']}"]
        assert f"Répondre à notre question sur votre demande «{NBSP}Question{NBSP}»" in todo
        assert "Envoyez-nous votre attestation de revenus 2025." in todo
        assert "Question posée le 2 mars 2026" in todo
        assert "Rien à faire" not in todo

        # 2. Both open requests, each with its status and what comes next.
        mine = section(html, "open-requests-title")
        assert links(mine) == [f"/requests/{ids['open']}", f"/requests/{ids['asked']}", "/requests"]
        assert "<h3>Affiliation</h3>" in mine and "<h3>Question</h3>" in mine
        assert "status-received" in mine and "Reçue" in mine
        assert "status-information_requested" in mine and "Informations demandées" in mine
        assert f"Notre objectif{NBSP}: 16 mars 2026" in mine  # received 2 March + 10 working days
        assert "Nous attendons votre réponse." in mine

        # 3. The guides: the unfinished one to resume, the filed one to its outcome.
        guides = section(html, "my-guides-title")
        assert links(guides) == ["/wizards/new_child", f"/wizards/filed?draft={ids['filed']}"]
        started, filed = guides.split("</li>")[:2]
        assert "Un nouvel enfant" in started and "En cours" in started
        assert "Dernière réponse le 20 février 2026" in started
        assert "Reprendre là où vous vous êtes arrêté" in started
        assert "Difficultés de paiement" in filed and "Terminé" in filed
        assert "Introduit le 23 février 2026" in filed

    async def test_the_links_lead_to_the_answer_form_and_the_outcome(
        self, client: AsyncClient
    ) -> None:
        ids = await camilles_file()
        await log_in(client, "affiliate", ids["person"])
        request_page = await client.get(f"/requests/{ids['asked']}")
        assert 'name="answer"' in request_page.text
        outcome = await client.get(f"/wizards/filed?draft={ids['filed']}")
        assert outcome.status_code == 303
        assert outcome.headers["location"] == (
            f"/wizards/payment_difficulty/outcome?draft={ids['filed']}"
        )

    async def test_a_reminder_puts_its_deadline_in_the_action(self, client: AsyncClient) -> None:
        ids = await camilles_file()
        with clock.frozen(at("2026-03-04")):
            await service.send_reminder(staff(ids["agent"]), ids["asked"])
            await log_in(client, "affiliate", ids["person"])
            todo = section((await client.get("/")).text, "actions-title")
        assert "Nous vous avons envoyé un rappel le 4 mars 2026." in todo
        assert (
            "Sans votre réponse, nous pourrons prendre une décision à partir du 4 avril 2026"
            in todo
        )

    async def test_an_answered_question_leaves_the_actions(self, client: AsyncClient) -> None:
        ids = await camilles_file()
        await service.answer_information(
            affiliate(ids["person"]), ids["asked"], answer="Voici mon attestation."
        )
        await log_in(client, "affiliate", ids["person"])
        page = (await client.get("/")).text
        todo = section(page, "actions-title")
        assert links(todo) == []
        assert f"Rien à faire pour l'instant{NBSP}: nous n'attendons rien de votre part." in todo
        assert f"/requests/{ids['asked']}" in section(page, "open-requests-title")

    async def test_another_person_sees_none_of_it(self, client: AsyncClient) -> None:
        ids = await camilles_file()
        other = await make_person(first_name="Eve")
        await log_in(client, "affiliate", other)
        html = (await client.get("/")).text
        assert "<h1>Bonjour Eve</h1>" in html
        todo = section(html, "actions-title")
        assert f"Rien à faire pour l'instant{NBSP}: nous n'attendons rien de votre part." in todo
        assert "Vous n'avez aucune demande en cours." in section(html, "open-requests-title")
        assert 'id="my-guides-title"' not in html  # no guide started: no section
        for found in ids.values():
            assert str(found) not in html
        assert "Envoyez-nous votre attestation" not in html
        assert "/wizards/filed" not in html

    async def test_in_dutch(self, client: AsyncClient) -> None:
        ids = await camilles_file()
        with clock.frozen(at("2026-03-04")):
            await log_in(client, "affiliate", ids["person"])
            client.cookies.set("affilio_lang", "nl")
            html = (await client.get("/")).text
        assert "<h1>Dag Camille</h1>" in html
        assert 'id="actions-title">Te doen</h2>' in html
        assert "Vraag gesteld op 2 maart 2026" in html
        assert "Ons streefdoel: 16 maart 2026" in html
        assert "Mijn gidsen" in html and "Bezig" in html and "Afgerond" in html


class TestPublicHome:
    async def test_an_anonymous_visitor_sees_the_public_page(self, client: AsyncClient) -> None:
        await camilles_file()
        html = (await client.get("/")).text
        assert PUBLIC_TITLE in html
        assert "<title>Bienvenue" in html
        assert 'id="actions-title"' not in html and "Bonjour" not in html
        assert "/requests/" not in html

    async def test_staff_see_the_public_page(self, client: AsyncClient) -> None:
        ids = await camilles_file()
        await log_in(client, "staff", ids["agent"])
        page = await client.get("/")
        assert page.status_code == 200
        assert PUBLIC_TITLE in page.text
        assert 'id="actions-title"' not in page.text and "Bonjour" not in page.text
        assert "/requests/" not in page.text


async def test_a_late_quarter_and_the_next_one_due_are_things_to_do(client: AsyncClient) -> None:
    from datetime import date

    from app.affiliation import service as affiliation
    from app.kit.audit import SYSTEM
    from app.payments import service as payments

    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(at("2026-01-15")):
        await payments.issue_quarter_notice(person, 2026, 1)
    with clock.frozen(at("2026-04-16")):
        await payments.issue_quarter_notice(person, 2026, 2)
    await log_in(client, "affiliate", person)
    with clock.frozen(at("2026-06-05")):
        page = (await client.get("/")).text
    todo = section(page, "actions-title")
    # Q1 is late (first, pressing); Q2 is due within the month. 917,58 € each (2026 minimum).
    assert re.findall(r"Payer vos cotisations du trimestre (\d) 2026", todo) == ["1", "2"]
    assert "En retard depuis le 31 mars 2026" in todo
    assert "À payer au plus tard le 30 juin 2026" in todo
    assert all(link.startswith("/account/contributions/notices/") for link in links(todo))
    # A month before, Q2 was not yet something to do.
    with clock.frozen(at("2026-05-20")):
        earlier = section((await client.get("/")).text, "actions-title")
    assert re.findall(r"trimestre (\d) 2026", earlier) == ["1"]
