"""Transmissions to the institutions (issue 19, item 5): a sickness-assimilation or a
continued-insurance request, checked by staff, is forwarded to INASTI, which decides; a worker
places its slip (a PDF) in the institutions' outbox with a dated record, once; an incapacity
certificate received with a sickness-assimilation request is placed for the affiliate's
mutualité, once. Nothing claims to have reached INASTI: the page says "placed", and
"collected" only when the fund's channel has marked it so."""

from __future__ import annotations

import html
import json
import uuid
from datetime import date, datetime

import httpx
import pytest

from app.kit import clock
from app.kit.errors import FormInvalid
from app.kit.tables import OutboxJob
from app.requests import service as requests
from app.requests.tables import InstitutionOutbox, Request, RequestAttachment
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration

TODAY = datetime(2026, 12, 2, 10, 0, tzinfo=clock.BRUSSELS)
CERTIFICATE = b"%PDF-1.4\ncertificat d'incapacite de travail\n"


async def filed(kind: str, answers: dict[str, object]) -> tuple[uuid.UUID, uuid.UUID]:
    """Camille's request with her certificate, received on 2 December 2026."""
    person = await make_person("Camille", "camille@example.be", last_name="Dubois")
    with clock.frozen(TODAY):
        submitted = await requests.submit_request(
            affiliate(person), person_id=person, kind=kind, answers=answers,
            idempotency_key=f"{kind}-1",
            attachments=[requests.NewAttachment("certificat.pdf", CERTIFICATE)],
        )  # fmt: skip
        assert await requests.acknowledge_request(submitted.id) is True
    return person, submitted.id


async def test_a_sickness_assimilation_goes_to_inasti_and_its_certificate_to_the_mutualite(
    client: httpx.AsyncClient,
) -> None:
    person, request_id = await filed("sickness_assimilation", {"incapacity_start": "2026-10-05"})
    agent = await make_staff()
    with clock.frozen(TODAY):
        # The fund does not decide it: INASTI does, once the fund has forwarded it.
        with pytest.raises(FormInvalid):
            await requests.take_request(staff(agent), request_id)
            await requests.decide_request(staff(agent), request_id, decision="grant",
                                          motivation="Accordé.")  # fmt: skip
        await log_in(client, "staff", agent)
        token = await csrf_token(client)
        page = f"/staff/requests/{request_id}"
        forwarded = await client.post(
            f"{page}/forward", data={"_csrf_token": token, "note": "Dossier complet."}
        )
        assert forwarded.status_code == 303
    row = await Request.select(Request.status, Request.paused_since).where(
        Request.id == request_id).first()  # fmt: skip
    assert row == {"status": "forwarded", "paused_since": date(2026, 12, 2)}
    [job] = await OutboxJob.select().where(OutboxJob.name == "requests.transmit")
    payload = job["payload"] if isinstance(job["payload"], dict) else json.loads(job["payload"])
    assert payload == {"request_id": str(request_id)}
    assert await InstitutionOutbox.count() == 0  # the worker places it, after the commit

    with clock.frozen(TODAY):
        placed = await requests.transmissions.transmit_request(request_id)
        assert placed is not None
        assert await requests.transmissions.transmit_request(request_id) is None  # once
    [slip] = await InstitutionOutbox.select().where(InstitutionOutbox.institution == "inasti")
    assert (slip["kind"], slip["person"], slip["collected_at"]) == ("request", person, None)
    assert slip["filename"].endswith("-inasti.pdf") and bytes(slip["data"]).startswith(b"%PDF")
    assert slip["dedupe_key"] == f"request:{request_id}:inasti"

    # The certificate: a mutualité must be named; then placed once, as the affiliate sent it.
    [attachment] = await RequestAttachment.select(RequestAttachment.id)
    url = f"{page}/attachments/{attachment['id']}/mutualite"
    field = f"recipient-{attachment['id']}"
    with clock.frozen(TODAY):
        refused = await client.post(url, data={"_csrf_token": token, field: "  "})
        assert refused.status_code == 422
        assert f'id="error-{field}"' in refused.text
        done = await client.post(url, data={"_csrf_token": token, field: "Solidaris"})
        assert done.status_code == 303
        again = await client.post(url, data={"_csrf_token": token, field: "Solidaris"})
        assert again.status_code == 303
        shown = html.unescape((await client.get(page)).text).replace("\u202f", " ")
        placed_id = (await InstitutionOutbox.select(InstitutionOutbox.id).where(
            InstitutionOutbox.institution == "inasti").first() or {})["id"]  # fmt: skip
        download = await client.get(f"/staff/transmissions/{placed_id}")
    [certificate] = await InstitutionOutbox.select().where(
        InstitutionOutbox.institution == "mutualite")  # fmt: skip
    assert (certificate["recipient"], certificate["kind"], certificate["attachment"]) == (
        "Solidaris", "incapacity_certificate", attachment["id"])  # fmt: skip
    assert bytes(certificate["data"]) == CERTIFICATE
    assert await InstitutionOutbox.count() == 2
    # The page says where each one stands, never "sent to INASTI" by the portal itself.
    assert "Solidaris" in shown and "2 déc. 2026" in shown
    assert shown.count('data-transmission="') == 2
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    # A colleague of another team sees nothing of it.
    other = await make_staff(team="pensions", name="Yasmine")
    with clock.frozen(TODAY):
        await log_in(client, "staff", other)
        assert (await client.get(f"/staff/transmissions/{slip['id']}")).status_code == 404


async def test_continued_insurance_is_forwarded_then_inastis_decision_recorded(
    client: httpx.AsyncClient,
) -> None:
    _person, request_id = await filed("continued_insurance", {"cessation_date": "2026-09-30"})
    agent = staff(await make_staff())
    with clock.frozen(TODAY):
        await requests.forward_request(agent, request_id)
        assert await requests.transmissions.transmit_request(request_id) is not None
        status = await requests.decide_request(
            agent, request_id, decision="grant", motivation="Admis par l'INASTI le 1/12/2026."
        )
    assert status.value == "granted"
    # Decided: a late job places nothing more.
    assert await requests.transmissions.transmit_request(request_id) is None
    assert await InstitutionOutbox.count() == 1


async def test_a_general_questions_file_does_not_go_to_a_mutualite(
    client: httpx.AsyncClient,
) -> None:
    _person, request_id = await filed("general_question", {"subject": "S", "question": "Q"})
    agent = staff(await make_staff())
    [attachment] = await RequestAttachment.select(RequestAttachment.id)
    with pytest.raises(FormInvalid):
        await requests.transmissions.forward_certificate(agent, request_id, attachment["id"],
                                                         "Solidaris")  # fmt: skip
    with pytest.raises(FormInvalid):  # and a question is not forwarded to INASTI
        await requests.forward_request(agent, request_id)
    assert await InstitutionOutbox.count() == 0
