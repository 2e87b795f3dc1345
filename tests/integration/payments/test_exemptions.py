"""The exemption (dispense) request INASTI decides (issue 14, item 2): filed from the account
with its quarters, situation and documents; staff forward it (status "forwarded", the fund's
deadline paused) and record INASTI's decision quarter by quarter, which credits the exempted
quarters on the account and tells the affiliate what it means for their pension.

The affiliate: main activity since March 2019, no declared income: 890,42 € + 3,05 % fees
27,16 € = 917,58 € a quarter (as in test_plans). On 2 December 2026 the quarters that may be
asked are Q4 2025 (until 31 December 2026) to Q4 2026.
"""

from __future__ import annotations

import html
import json
import uuid
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.kit.errors import FormInvalid
from app.messaging.tables import InboxMessage
from app.payments import service
from app.payments.tables import LedgerEntry
from app.requests import service as requests
from app.requests.tables import Request, RequestAttachment
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
D = Decimal
TODAY = datetime(2026, 12, 2, 10, 0, tzinfo=clock.BRUSSELS)
PDF = b"%PDF-1.4\navertissement-extrait de role\n"
SITUATION = {"cause": "loss_of_clients", "household_income": "1 850,00", "household_size": "3",
             "dependants": "1", "housing_cost": "750", "other_debts": "4 200,00",
             "reason": "Mon principal client a fait faillite en août."}  # fmt: skip


async def affiliated(
    category: str = "main", since: date = date(2019, 3, 1), name: str = "Camille"
) -> uuid.UUID:
    person = await make_person(name, f"{name.lower()}@example.be", last_name="Dubois")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category=category, starts_on=since
    )
    for quarter, day in ((3, datetime(2026, 7, 15, 9, 0, tzinfo=clock.BRUSSELS)),
                         (4, datetime(2026, 10, 15, 9, 0, tzinfo=clock.BRUSSELS))):  # fmt: skip
        with clock.frozen(day):
            await service.issue_quarter_notice(person, 2026, quarter)
    return person


async def test_an_exemption_filed_forwarded_and_partly_granted_by_inasti(
    client: httpx.AsyncClient,
) -> None:
    person = await affiliated()
    with clock.frozen(TODAY):
        await log_in(client, "affiliate", person)
        token = await csrf_token(client)
        page = html.unescape((await client.get("/account/contributions/exemption")).text)
        wrong = await client.post("/account/contributions/exemption", data={
            "_csrf_token": token, "key": "k1", **SITUATION, "cause": "",
            "household_income": "beaucoup"})  # fmt: skip
        filed = await client.post(
            "/account/contributions/exemption",
            data={"_csrf_token": token, "key": "k1", "quarters": ["2026-Q3", "2026-Q4"],
                  **SITUATION},
            files=[("attachments", ("avertissement.pdf", PDF, "application/pdf"))],
        )  # fmt: skip
    flat = page.replace("\u202f", " ").replace("\u00a0", " ")
    values = [v for v in ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
              if f'value="{v}"' in page]  # fmt: skip
    assert values == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert "À demander au plus tard le 31 décembre 2026" in flat
    assert "montant : 917,58 €" in flat  # Q3 and Q4 2026 are booked
    assert "sauf si vous payez ces cotisations dans les 5 ans" in flat
    assert wrong.status_code == 422
    said = html.unescape(wrong.text)
    assert "Choisissez au moins un trimestre" in said
    assert "Choisissez la cause de votre difficulté" in said
    assert "Mon principal client a fait faillite en août." in said  # nothing typed is lost
    assert 'value="4 200,00"' in said
    assert filed.status_code == 303
    [row] = await Request.select().where(Request.kind == "exemption")
    assert filed.headers["location"] == f"/requests/{row['id']}?sent=1"
    answers = json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
    assert (answers["quarters"], answers["cause"], answers["household_income"],
            answers["household_size"], answers["dependants"], answers["housing_cost"],
            answers["other_debts"]) == (
        "2026-Q3, 2026-Q4", "loss_of_clients", "1850.00", 3, 1, "750.00", "4200.00")  # fmt: skip
    assert await RequestAttachment.count() == 1

    # The fund checks it and forwards it: it does not decide it itself.
    agent = await make_staff()
    with clock.frozen(TODAY):
        await requests.acknowledge_request(row["id"])
        with pytest.raises(FormInvalid) as not_ours:
            await requests.take_request(staff(agent), row["id"])
            await requests.decide_request(staff(agent), row["id"], decision="grant",
                                          motivation="Accordé.")  # fmt: skip
        client.cookies.clear()
        await log_in(client, "staff", agent, step_up_at=clock.now())
        token = await csrf_token(client)
        before = html.unescape((await client.get(f"/staff/requests/{row['id']}")).text)
        note = {"_csrf_token": token, "note": "Dossier complet."}
        forwarded = await client.post(f"/staff/requests/{row['id']}/forward", data=note)
        after = html.unescape((await client.get(f"/staff/requests/{row['id']}")).text)
    assert "C'est l'INASTI qui décide de cette demande" in not_ours.value.errors["decision"]
    assert 'action="/staff/requests/' in before and "Transmettre à l'INASTI" in before
    assert f'href="/staff/requests/{row["id"]}/decide"' not in before
    assert "avertissement.pdf" in before
    assert forwarded.status_code == 303
    now = await Request.select().where(Request.id == row["id"]).first()
    assert now is not None and (now["status"], now["paused_since"]) == (
        "forwarded", date(2026, 12, 2))  # fmt: skip
    assert "Transmise à l'INASTI" in after
    assert f'href="/staff/requests/{row["id"]}/inasti-decision"' in after
    told = {m["kind"] for m in await InboxMessage.select().where(InboxMessage.person == person)}
    assert "request_forwarded" in told

    # INASTI exempted Q3 only: the request is granted in part and Q3 is credited.
    decided = datetime(2026, 12, 20, 10, 0, tzinfo=clock.BRUSSELS)
    with clock.frozen(decided):
        await log_in(client, "staff", agent, step_up_at=clock.now())
        token = await csrf_token(client)
        form = html.unescape(
            (await client.get(f"/staff/requests/{row['id']}/inasti-decision")).text
        )
        future = await client.post(f"/staff/requests/{row['id']}/inasti-decision", data={
            "_csrf_token": token, "exempted": ["2026-Q3"], "decided_on": "2026-12-24",
            "motivation": "Besoin établi pour le troisième trimestre."})  # fmt: skip
        recorded = await client.post(f"/staff/requests/{row['id']}/inasti-decision", data={
            "_csrf_token": token, "exempted": ["2026-Q3"], "decided_on": "2026-12-18",
            "motivation": "Besoin établi pour le troisième trimestre."})  # fmt: skip
    assert 'value="2026-Q3"' in form and 'value="2026-Q4"' in form
    assert "Montant : 917,58 €" in form.replace("\u202f", " ").replace("\u00a0", " ")
    assert future.status_code == 422
    assert "La décision de l'INASTI ne peut pas être dans le futur." in html.unescape(future.text)
    assert recorded.status_code == 303
    done = await Request.select().where(Request.id == row["id"]).first()
    assert done is not None and done["status"] == "partly_granted"
    assert done["paused_since"] is None and done["paused_days"] == 18  # 2 to 20 December
    credits = await LedgerEntry.select().where(LedgerEntry.kind == "exemption")
    assert [(c["year"], c["quarter"], D(c["amount"]), c["reason"]) for c in credits] == [
        (2026, 3, D("-917.58"), row["reference"])]  # fmt: skip
    granted = await InboxMessage.select().where(
        InboxMessage.person == person, InboxMessage.kind == "exemption_granted"
    )  # fmt: skip
    assert len(granted) == 1
    client.cookies.clear()
    with clock.frozen(decided):
        await log_in(client, "affiliate", person)
        detail = html.unescape((await client.get(f"/requests/{row['id']}")).text)
    assert "ces trimestres n'ouvrent pas de droits à la pension" in detail
    assert "Commission des dispenses de cotisations" in detail


async def forwarded_request(person: uuid.UUID, agent: uuid.UUID, quarters: list[str]) -> uuid.UUID:
    with clock.frozen(TODAY):
        request_id = await service.request_exemption(
            affiliate(person), quarters=quarters, reason="Maladie longue.",
            situation={"cause": "illness"}, attachments=[], key=uuid.uuid4().hex,
        )  # fmt: skip
        await requests.acknowledge_request(request_id)
        await requests.forward_request(staff(agent), request_id)
    return request_id


async def test_a_grant_needs_its_quarters_and_a_refusal_credits_nothing() -> None:
    person = await affiliated()
    agent = await make_staff()
    request_id = await forwarded_request(person, agent, ["2026-Q4"])
    with clock.frozen(TODAY):
        with pytest.raises(FormInvalid) as plain:
            await requests.decide_request(staff(agent), request_id, decision="grant",
                                          motivation="Accordé par l'INASTI.")  # fmt: skip
        with pytest.raises(FormInvalid) as other:
            await service.record_exemption_decision(
                staff(agent), request_id, exempted=["2026-Q2"], decided_on=date(2026, 12, 1),
                motivation="Accordé.",
            )  # fmt: skip
        status = await service.record_exemption_decision(
            staff(agent), request_id, exempted=[], decided_on=date(2026, 12, 1),
            motivation="Pas d'état de besoin.",
        )  # fmt: skip
    assert "trimestre par trimestre" in plain.value.errors["decision"]
    assert other.value.errors == {
        "exempted": "Cochez uniquement des trimestres que la demande visait."
    }
    assert status.value == "refused"
    assert await LedgerEntry.count().where(LedgerEntry.kind == "exemption") == 0


async def test_who_may_not_ask_and_what_cannot_be_asked(client: httpx.AsyncClient) -> None:
    secondary = await affiliated("secondary")
    with clock.frozen(TODAY):
        await log_in(client, "affiliate", secondary)
        refused = html.unescape((await client.get("/account/contributions/exemption")).text)
    assert "Une activité complémentaire ne peut pas être dispensée" in refused
    assert 'name="quarters"' not in refused
    starter = await make_person("Noor", "noor@example.be", last_name="Janssens")
    await affiliation.record_affiliation(
        SYSTEM, person_id=starter, category="main", starts_on=date(2026, 5, 10)
    )
    with clock.frozen(TODAY):
        await log_in(client, "affiliate", starter)
        early = html.unescape((await client.get("/account/contributions/exemption")).text)
    assert "à partir du 1 avril 2027" in early.replace("1er", "1")
    main = await affiliated(name="Jules")
    with clock.frozen(TODAY), pytest.raises(FormInvalid) as old:
        await service.request_exemption(
            affiliate(main), quarters=["2025-Q3"], reason="Trop tard ?",
            situation={}, attachments=[], key="late",
        )  # fmt: skip
    assert old.value.errors["quarters"].startswith("Choisissez au moins un des trimestres proposés")
    with clock.frozen(TODAY):
        await service.request_exemption(affiliate(main), quarters=["2026-Q4"], reason="Malade.",
                                        situation={}, attachments=[], key="one")  # fmt: skip
        with pytest.raises(FormInvalid) as twice:
            await service.request_exemption(affiliate(main), quarters=["2026-Q3"],
                                            reason="Encore.", situation={}, attachments=[],
                                            key="two")  # fmt: skip
    assert "encore en cours de traitement" in twice.value.errors["quarters"]
