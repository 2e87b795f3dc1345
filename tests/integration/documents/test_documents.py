"""Documents (issue 15, item 2): a decided request yields its decision letter in the person's
language, listed in "My documents" and downloadable by its owner and the staff who may see
the file (audited), by nobody else; made again from the same data it adds nothing, from other
data a second version beside the first; the demo's fiscal attestation 2025 totals what she
paid that year (Q4 2025, 898,30 €, on 23 December 2025)."""

from __future__ import annotations

import html
import io
import uuid
from datetime import datetime

import httpx
import pytest
from pypdf import PdfReader

from app.documents import service as documents
from app.documents.render import RenderedDocument
from app.documents.tables import Document
from app.identity import queries as identity_queries
from app.kit import clock
from app.kit.tables import AuditEvent, OutboxJob
from app.messaging.tables import InboxMessage
from app.payments.tables import DueNotice
from app.requests import service as requests
from app.seed import seed_demo
from tests.integration.messaging.test_inbox import decided_request
from tests.support.actors import (
    csrf_token,
    log_in,
    make_person,
    make_staff,
)
from tests.support.jobs import run_pending_jobs

pytestmark = pytest.mark.integration
QUESTION = {"subject": "Cotisations", "question": "Puis-je payer en plusieurs fois ?"}


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(p.extract_text() for p in pages).replace("\u00a0", " ").replace("\u202f", " ")


async def refused_in_dutch() -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    return await decided_request("Lotte", "lotte@example.be", language="nl",
                                 agent_name="Nora Peeters",
                                 motivation="Er is nog geen bijdrage vervallen.")  # fmt: skip


async def test_the_decision_letter_reaches_its_owner_only(client: httpx.AsyncClient) -> None:
    person, request_id, agent = await refused_in_dutch()
    jobs = [j["name"] for j in await OutboxJob.select(OutboxJob.name)]
    assert "requests.decision_letter" in jobs
    await run_pending_jobs()
    [letter] = await Document.select().where(
        (Document.person == person) & (Document.kind == "decision_letter"))  # fmt: skip
    assert (letter["language"], letter["version"]) == ("nl", 1)
    [reference] = [r["reference"] for r in await requests_row(request_id)]
    assert letter["title"] == f"Beslissing over uw aanvraag {reference}"
    text = text_of(bytes(letter["data"]))
    for part in ("Geachte Lotte", "Er is nog geen bijdrage vervallen.", "Nora Peeters",
                 "arbeidsrechtbank", reference):  # fmt: skip
        assert part in text, part
    # The same data again: nothing new (the worker may run the job twice).
    assert (await requests.make_decision_letter(request_id)).new is False  # type: ignore[union-attr]

    client.cookies.set("affilio_lang", "nl")
    await log_in(client, "affiliate", person)
    page = html.unescape((await client.get(f"/requests/{request_id}")).text)
    assert f'href="/documents/{letter["id"]}"' in page
    listed = html.unescape((await client.get("/documents")).text)
    assert f"Beslissing over uw aanvraag {reference}" in listed
    download = await client.get(f"/documents/{letter['id']}")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.content.startswith(b"%PDF-") and "attachment" in download.headers[
        "content-disposition"]  # fmt: skip

    client.cookies.clear()
    await log_in(client, "affiliate", await make_person("Alex", "alex@example.be"))
    assert (await client.get(f"/documents/{letter['id']}")).status_code == 404
    client.cookies.clear()
    await log_in(client, "staff", agent)
    assert (await client.get(f"/staff/documents/{letter['id']}")).status_code == 200
    person_page = html.unescape((await client.get(f"/staff/people/{person}")).text)
    assert f'href="/staff/documents/{letter["id"]}"' in person_page
    reads = await AuditEvent.select().where(AuditEvent.action == "staff.document_read")
    assert [(r["actor_id"], r["subject_id"]) for r in reads] == [(agent, str(person))]
    client.cookies.clear()
    await log_in(client, "staff", await make_staff(name="Other", team="pensions"))
    assert (await client.get(f"/staff/documents/{letter['id']}")).status_code == 404


async def requests_row(request_id: uuid.UUID) -> list[dict[str, object]]:
    from app.requests.tables import Request

    return list(await Request.select(Request.reference).where(Request.id == request_id))


async def test_other_data_adds_a_version_and_keeps_the_first() -> None:
    person = await make_person()
    first = RenderedDocument(b"%PDF-1.7 first", "a" * 64)
    again = await documents.store_document(person_id=person, kind="k", source="s",
                                           reference="R", language="fr", title="Lettre",
                                           rendered=first)  # fmt: skip
    same = await documents.store_document(person_id=person, kind="k", source="s",
                                          reference="R", language="fr", title="Lettre",
                                          rendered=first)  # fmt: skip
    other = await documents.store_document(
        person_id=person, kind="k", source="s", reference="R", language="fr", title="Lettre",
        rendered=RenderedDocument(b"%PDF-1.7 second", "b" * 64),
    )  # fmt: skip
    assert (again.version, again.new) == (1, True)
    assert (same.id, same.new) == (again.id, False)
    assert (other.version, other.new) == (2, True)
    rows = await Document.select(Document.version, Document.data, Document.filename).order_by(
        Document.version
    )
    assert [(r["version"], bytes(r["data"]), r["filename"]) for r in rows] == [
        (1, b"%PDF-1.7 first", "lettre.pdf"), (2, b"%PDF-1.7 second", "lettre-v2.pdf")]  # fmt: skip


DEMO_DAY = datetime(2026, 12, 2, 10, 0, tzinfo=clock.BRUSSELS)


async def demo_signed_in(client: httpx.AsyncClient) -> None:
    """The demo affiliate (app.seed), signed in, reading French; the clock frozen around."""
    await seed_demo()
    person = await identity_queries.person_id_by_national_number("85073003328")
    assert person is not None
    await log_in(client, "affiliate", person)
    client.cookies.set("affilio_lang", "fr")


async def test_the_demo_fiscal_attestation_2025(client: httpx.AsyncClient) -> None:
    with clock.frozen(DEMO_DAY):
        await demo_signed_in(client)
        page = html.unescape((await client.get("/documents")).text)
        assert '<option value="2025" selected>2025</option>' in page
        token = await csrf_token(client)
        wrong = await client.post("/documents/fiscal-attestation",
                                  data={"_csrf_token": token, "year": "2026"})  # fmt: skip
        assert wrong.status_code == 422
        assert "Choisissez une année terminée de votre compte" in html.unescape(wrong.text)
        asked = await client.post("/documents/fiscal-attestation",
                                  data={"_csrf_token": token, "year": "2025"})  # fmt: skip
        assert asked.status_code == 303 and asked.headers["location"] == "/documents?asked=2025"
        await run_pending_jobs()
    [attestation] = await Document.select().where(Document.kind == "fiscal_attestation")
    text = text_of(bytes(attestation["data"]))
    assert "Attestation fiscale 2025" in text
    assert "23 décembre 2025 Trimestre 4 2025 898,30 €" in text
    assert "Total payé en 2025 898,30 €" in text
    assert "l'année civile 2025" in text and "Camille" in text
    [notice] = await InboxMessage.select().where(InboxMessage.kind == "document")
    assert notice["subject"] == "Votre attestation fiscale 2025 est prête"
    assert notice["link"] == "/documents"


async def test_the_demo_affiliation_certificate(client: httpx.AsyncClient) -> None:
    """Camille, main activity since 1 March 2019; on 2 December 2026 her Q3 2026 is late."""
    with clock.frozen(DEMO_DAY):
        await demo_signed_in(client)
        token = await csrf_token(client)
        asked = await client.post("/documents/affiliation-certificate",
                                  data={"_csrf_token": token})  # fmt: skip
        assert asked.headers["location"] == "/documents?asked=certificate"
        await run_pending_jobs()
        listed = html.unescape((await client.get("/documents?asked=certificate")).text)
    [certificate] = await Document.select().where(Document.kind == "affiliation_certificate")
    assert certificate["source"] == "affiliation:2026-12-02"
    assert "Attestation d'affiliation" in listed
    assert "Nous préparons votre attestation d'affiliation." in listed
    text = " ".join(text_of(bytes(certificate["data"])).split())  # lines wrap where they fit
    for part in ("numéro de registre national 85073003328", "Activité à titre principal",
                 "Depuis le 1er mars 2019", "ne sont pas encore payées : 2026-Q3"):  # fmt: skip
        assert part in text, part


async def test_a_self_registered_account_gets_no_certificate(client: httpx.AsyncClient) -> None:
    person = await make_person("Noa", "noa@example.be")  # no affiliation recorded
    await log_in(client, "affiliate", person)
    client.cookies.set("affilio_lang", "fr")
    assert "Attestation d'affiliation" not in html.unescape((await client.get("/documents")).text)
    token = await csrf_token(client)
    refused = await client.post("/documents/affiliation-certificate", data={"_csrf_token": token})
    assert refused.status_code == 422
    assert "Aucune affiliation à la caisse n'est encore enregistrée" in html.unescape(refused.text)
    assert await OutboxJob.count().where(OutboxJob.name == "payments.affiliation_certificate") == 0


async def test_a_due_notice_as_a_pdf_with_its_transfer_details(client: httpx.AsyncClient) -> None:
    """The demo's Q3 2026 notice (1 690,02 €, due 30 September 2026, still unpaid)."""
    with clock.frozen(DEMO_DAY):
        await demo_signed_in(client)
        [notice] = await DueNotice.select().where(
            (DueNotice.year == 2026) & (DueNotice.quarter == 3))  # fmt: skip
        page = html.unescape((await client.get(f"/account/contributions/notices/{notice['id']}"
                                               )).text)  # fmt: skip
        assert f'action="/account/contributions/notices/{notice["id"]}/pdf"' in page
        token = await csrf_token(client)
        asked = await client.post(f"/account/contributions/notices/{notice['id']}/pdf",
                                  data={"_csrf_token": token})  # fmt: skip
        assert asked.headers["location"] == "/documents?asked=notice"
        await run_pending_jobs()
    [pdf] = await Document.select().where(Document.kind == "due_notice")
    assert pdf["title"] == "Avis d'échéance du trimestre 3 2026"
    text = " ".join(text_of(bytes(pdf["data"])).split())
    digits = notice["communication"]  # stored as 12 digits, printed +++xxx/xxxx/xxxxx+++
    printed = f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"
    for part in (
        "Total 1 690,02 €",
        "À payer au plus tard le 30 septembre 2026",
        printed,
        "Communication structurée",
        "BE71 0961 2345 6769",
    ):
        assert part in text, part
    client.cookies.clear()
    await log_in(client, "affiliate", await make_person("Alex", "alex@example.be"))
    token = await csrf_token(client)
    other = await client.post(f"/account/contributions/notices/{notice['id']}/pdf",
                              data={"_csrf_token": token})  # fmt: skip
    assert other.status_code == 404
