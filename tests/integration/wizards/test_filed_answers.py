"""A request filed through a guide keeps the guide's answers and shows them as a list of
questions and answers in the reader's language (issue 12, item 12): the affiliate who filed in
French reads French, the Dutch-speaking staff member reads Dutch; no run-on summary paragraph."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from httpx import AsyncClient

from app.requests import service
from app.requests.tables import Request
from tests.integration.wizards.test_filing import complete, submit
from tests.support.actors import affiliate, log_in, make_person, make_staff
from tests.support.passkey_client import activated_affiliate

pytestmark = pytest.mark.integration


def definitions(html: str, list_id: str) -> list[tuple[str, str]]:
    """The (dt, dd) pairs of one <dl id=…> of a page."""
    found = re.search(rf'<dl class="summary" id="{list_id}">(.*?)</dl>', html, re.S)
    assert found, f"no <dl id={list_id}>"
    return re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", found.group(1), re.S)


def reader_language(client: AsyncClient, lang: str) -> None:
    client.cookies.delete("affilio_lang")  # every copy, whatever domain the app set
    client.cookies.set("affilio_lang", lang)


async def filed_in_french(client: AsyncClient) -> tuple[uuid.UUID, str]:
    """The payment-difficulty guide gone through and its payment plan filed, in French."""
    person_id, _key = await activated_affiliate(client)
    reader_language(client, "fr")
    await complete(client)
    review = await client.get("/wizards/payment_difficulty/review?kind=payment_plan")
    assert review.status_code == 200
    response = await submit(client, kind="payment_plan", declaration="yes")
    assert response.status_code == 303, response.text
    row = await Request.select(Request.id, Request.answers).where(Request.person == person_id)
    return row[0]["id"], review.text


class TestKeptAnswers:
    async def test_the_request_keeps_the_guide_answers_not_a_summary(
        self, client: AsyncClient
    ) -> None:
        request_id, _review = await filed_in_french(client)
        row = await Request.select(Request.answers).where(Request.id == request_id).first()
        assert row is not None
        answers = row["answers"]
        answers = answers if isinstance(answers, dict) else json.loads(answers)
        assert answers == {
            "monthly_amount": "300.00",
            "months": 9,
            "guide": {
                "wizard": "payment_difficulty",
                "answers": {
                    "amount_owed": "2500.00",
                    "monthly_capacity": "300.00",
                    "cause": "illness",
                    "duration": "short",
                    "activity": "main",
                    "active_four_quarters": "yes",
                    "expected_income": "12000.00",
                    "stopping": "no",
                },
            },
        }


class TestReadInTheReadersLanguage:
    async def test_the_affiliate_reads_french_and_dutch_staff_read_dutch(
        self, client: AsyncClient
    ) -> None:
        request_id, review = await filed_in_french(client)

        page = await client.get(f"/requests/{request_id}")
        assert page.status_code == 200
        assert "Vos réponses dans le guide «\xa0Difficultés de paiement\xa0»" in page.text
        mine = definitions(page.text, "guide-answers")
        assert mine[0] == ("Combien devez-vous à la caisse\xa0?", "2\u202f500,00\xa0€")
        assert ("Pourquoi est-il difficile de payer\xa0?", "Une maladie ou un accident") in mine
        assert len(mine) == 8
        # The check page before filing showed exactly these answers, in the same order.
        shown = re.findall(r"<dt>(.*?)</dt>", review.split('id="answers"')[1].split("</dl>")[0])
        assert shown == [question for question, _answer in mine]
        assert "Introduite via le guide" not in page.text
        assert "<dt>Motif</dt>" not in page.text
        assert "<dt>Montant mensuel que vous pouvez payer</dt><dd>300,00\xa0€</dd>" in page.text

        agent = await make_staff(name="Nora Noord")
        await log_in(client, "staff", agent)
        reader_language(client, "nl")
        staff_page = await client.get(f"/staff/requests/{request_id}")
        assert staff_page.status_code == 200
        assert "Antwoorden gegeven in de gids “Betalingsmoeilijkheden”" in staff_page.text
        theirs = definitions(staff_page.text, "guide-answers")
        assert theirs[0] == ("Hoeveel bent u het fonds verschuldigd?", "€\xa02.500,00")
        assert ("Waarom is betalen moeilijk?", "Ziekte of een ongeval") in theirs
        assert ("Stopt u uw activiteit door deze moeilijkheden?", "Nee") in theirs
        assert len(theirs) == 8
        assert "Combien devez-vous" not in staff_page.text
        assert "Introduite via le guide" not in staff_page.text
        assert "Ingediend via de gids" not in staff_page.text


class TestFiledBeforeTheChange:
    async def test_a_summary_in_the_reason_still_shows(self, client: AsyncClient) -> None:
        person = await make_person()
        summary = "Introduite via le guide « Difficultés de paiement ».\nCause : maladie"
        submitted = await service.submit_request(
            affiliate(person), person_id=person, kind="payment_plan",
            answers={"monthly_amount": "300", "months": "9", "reason": summary},
            idempotency_key=f"wizard:{uuid.uuid4()}:payment_plan",
        )  # fmt: skip
        agent = await make_staff()
        await log_in(client, "staff", agent)
        reader_language(client, "nl")
        page = await client.get(f"/staff/requests/{submitted.id}")
        assert page.status_code == 200
        assert "<dt>Reden</dt><dd>Introduite via le guide « Difficultés de paiement »." in page.text
        assert 'id="guide-answers"' not in page.text
