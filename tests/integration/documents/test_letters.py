"""The letters the workers make besides the decision (issue 15, item 2): the receipt of a
request, the recovery steps' reminder, account statement and formal notice, an account
statement asked from the account, and an approved payment plan. Each lands in "My documents"
in the person's language and is joined to the inbox message of the same fact.

The amounts are those of tests/integration/payments/test_recovery.py and test_plans.py: 2026 Q1
is 917,58 €, unpaid at 31 March, plus its 3 % surcharge of 26,71 € = 944,29 € owed from
1 April; the plan of 200,00 € then 6 × 124,05 € (the last 124,04 €), approved on 22 April 2026,
its advance due on 7 May 2026 with the communication +++000/0010/01322+++.
"""

from __future__ import annotations

import html
import io
import uuid
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest
from pypdf import PdfReader

from app.documents.tables import Document
from app.kit import clock
from app.messaging.tables import InboxMessage
from app.payments import service
from app.payments.tables import RecoveryStep
from app.requests import service as requests
from tests.integration.payments.test_plans import DECIDED, decide, in_debt
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff
from tests.support.jobs import run_pending_jobs

pytestmark = pytest.mark.integration
D = Decimal


def flat(data: object) -> str:
    pages = PdfReader(io.BytesIO(bytes(data))).pages  # type: ignore[arg-type]
    text = "\n".join(p.extract_text() for p in pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


async def documents_of(person: uuid.UUID, kind: str) -> list[dict[str, object]]:
    mine = (Document.person == person) & (Document.kind == kind)
    return list(await Document.select().where(mine).order_by(Document.created_at))


async def message(dedupe_key: str) -> dict[str, object]:
    found = await InboxMessage.select().where(InboxMessage.dedupe_key == dedupe_key).first()
    assert found is not None
    return found


async def run_on(day: date) -> int:
    with clock.frozen(datetime(day.year, day.month, day.day, 5, 10, tzinfo=clock.BRUSSELS)):
        return await service.run_recovery()


async def test_the_receipt_of_a_request_with_its_dates(client: httpx.AsyncClient) -> None:
    person = await make_person("Lotte", "lotte@example.be", language="nl")
    with clock.frozen(datetime(2026, 11, 3, 14, 0, tzinfo=clock.BRUSSELS)):
        submitted = await requests.submit_request(
            affiliate(person), person_id=person, kind="general_question",
            answers={"subject": "Bijdragen", "question": "Kan ik in schijven betalen?"},
            idempotency_key="receipt-test",
        )  # fmt: skip
        await run_pending_jobs()  # the receipt (acknowledge) ...
        await run_pending_jobs()  # ... then its letter
    [receipt] = await documents_of(person, "request_receipt")
    [row] = await requests_rows(submitted.id)
    reference, legal, target = row["reference"], row["legal_due"], row["target_due"]
    assert receipt["language"] == "nl" and receipt["title"] == (
        f"Ontvangstbewijs van uw aanvraag {reference}")  # fmt: skip
    text = flat(receipt["data"])
    assert "Ontvangen op 3 november 2026" in text and "Geachte Lotte Peeters," in text
    # A question: our aim 5 working days (4, 5, 6, 9, 10 November); the law's 4 months
    # (Charte de l'assuré social, art. 10).
    assert (target, legal) == (date(2026, 11, 10), date(2027, 3, 3))
    assert "Ons streefdoel voor de beslissing 10 november 2026" in text
    assert "Beslissing uiterlijk op 3 maart 2027" in text
    notice = await message(f"receipt:{submitted.id}")
    assert notice["document"] == receipt["id"]
    client.cookies.set("affilio_lang", "nl")
    await log_in(client, "affiliate", person)
    shown = html.unescape((await client.get(f"/inbox/{notice['id']}")).text)
    assert f'href="/documents/{receipt["id"]}"' in shown and "De brief downloaden (pdf)" in shown
    page = html.unescape((await client.get(f"/requests/{submitted.id}")).text)
    assert f'href="/documents/{receipt["id"]}"' in page


async def requests_rows(request_id: uuid.UUID) -> list[dict[str, object]]:
    from app.requests.tables import Request

    columns = (Request.reference, Request.legal_due, Request.target_due)
    return list(await Request.select(*columns).where(Request.id == request_id))


async def test_the_recovery_letters_are_joined_to_their_messages(client: httpx.AsyncClient) -> None:
    person = await in_debt()  # 944,29 € owed from 1 April 2026
    assert await run_on(date(2026, 4, 15)) == 1  # the reminder
    await run_pending_jobs()
    [reminder] = await documents_of(person, "reminder")
    assert reminder["title"] == "Rappel\u00a0: trimestre 1 2026"
    text = flat(reminder["data"])
    for part in ("Date : 15 avril 2026", "échues le 31 mars 2026",
                 "Reste à payer au 15 avril 2026 944,29 €", "Majoration pour paiement tardif",
                 "26,71 €", "Communication structurée", "Page 1 / 1"):  # fmt: skip
        assert part in text, part
    step = await RecoveryStep.select().where(RecoveryStep.kind == "reminder").first()
    assert step is not None
    assert (await message(f"recovery:{step['id']}"))["document"] == reminder["id"]
    # Run twice (the job retried): the same letter, no second version.
    await service.letters.make_recovery_letter(person, step["id"], f"recovery:{step['id']}")
    assert len(await documents_of(person, "reminder")) == 1

    assert await run_on(date(2026, 5, 15)) == 1  # the account statement
    await run_pending_jobs()
    [statement] = await documents_of(person, "account_statement")
    assert statement["title"] == "Extrait de compte au 15 mai 2026"
    text = flat(statement["data"])
    assert "Solde au 15 mai 2026 944,29 € dû à la caisse" in text
    assert "T1 2026 31 mars 2026" in text and "Cotisation provisoire" in text

    assert await run_on(date(2026, 6, 14)) == 1  # the formal notice
    await run_pending_jobs()
    [formal] = await documents_of(person, "formal_notice")
    text = flat(formal["data"])
    assert "la caisse vous met en demeure de les payer" in text
    assert "Reste à payer au 14 juin 2026 944,29 €" in text

    await log_in(client, "affiliate", person)
    client.cookies.set("affilio_lang", "fr")
    step = await RecoveryStep.select().where(RecoveryStep.kind == "formal_notice").first()
    assert step is not None
    shown = await message(f"recovery:{step['id']}")
    page = html.unescape((await client.get(f"/inbox/{shown['id']}")).text)
    assert f'href="/documents/{formal["id"]}"' in page and "Télécharger la lettre (PDF)" in page
    assert (await client.get(f"/documents/{formal['id']}")).content.startswith(b"%PDF-")


async def test_an_account_statement_asked_from_the_account(client: httpx.AsyncClient) -> None:
    person = await in_debt()
    with clock.frozen(datetime(2026, 4, 20, 10, 0, tzinfo=clock.BRUSSELS)):
        await log_in(client, "affiliate", person)
        account = html.unescape((await client.get("/account/contributions")).text)
        assert 'action="/account/contributions/statement/pdf"' in account
        asked = await client.post("/account/contributions/statement/pdf",
                                  data={"_csrf_token": await csrf_token(client)})  # fmt: skip
        assert (
            asked.status_code == 303 and asked.headers["location"] == "/documents?asked=statement"
        )
        listed = html.unescape((await client.get("/documents?asked=statement")).text)
        assert "Nous préparons votre extrait de compte." in listed
        await run_pending_jobs()
    [statement] = await documents_of(person, "account_statement")
    assert statement["title"] == "Extrait de compte au 20 avril 2026"
    assert "Solde au 20 avril 2026 944,29 €" in flat(statement["data"])
    # Someone without an account has nothing to state.
    client.cookies.clear()
    await log_in(client, "affiliate", await make_person("Alex", "alex@example.be"))
    refused = await client.post("/account/contributions/statement/pdf",
                                data={"_csrf_token": await csrf_token(client)})  # fmt: skip
    assert refused.status_code == 404


async def test_an_approved_plan_comes_as_a_letter(client: httpx.AsyncClient) -> None:
    person = await in_debt()
    with clock.frozen(datetime(2026, 4, 20, 10, 0, tzinfo=clock.BRUSSELS)):
        request_id = await service.propose_plan(
            affiliate(person), advance=D("200.00"), instalments=6, reason="Un client en retard."
        )
    await decide(request_id, await make_staff())
    with clock.frozen(DECIDED):
        await run_pending_jobs()
    [letter] = await documents_of(person, "payment_plan")
    text = flat(letter["data"])
    for part in ("Votre plan de paiement a été approuvé le 22 avril 2026",
                 "Dette couverte 944,29 €", "Trimestres couverts 2026-Q1",
                 "Acompte 7 mai 2026 +++000/0010/01322+++ 200,00 €", "124,04 €",
                 "Total 944,29 €", "le plan prend fin"):  # fmt: skip
        assert part in text, part
    notice = await message(f"document:{letter['id']}")
    assert notice["subject"] == "Votre plan de paiement est dans vos documents"
    assert notice["document"] == letter["id"]
