"""A payment plan from the account (issue 14, item 1): the builder's preview (page and JSON
API), the proposal filed as a request, and its decision: an agent approves one within the
fund's policy, only a supervisor one outside it, and the approved schedule is written.

The debt: 2026 Q1, 917,58 € (890,42 € + 27,16 € of fees), unpaid at 31 March, plus its 3 %
surcharge of 26,71 € = 944,29 €. Minimum advance 20 % = 188,858 -> 188,86 € (rounded up).
Advance 200,00 € and 6 instalments: 744,29 / 6 = 124,048 -> 124,05 € × 5 and 124,04 €.
Approved on 22 April 2026: the advance is due 15 days later (Thursday 7 May), instalment k
at the end of the k-th month after May; 31 October 2026 is a Saturday -> Monday 2 November.
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
from app.payments import queries, service
from app.payments.rules.communication import decode_instalment
from app.payments.tables import LedgerEntry, PaymentPlan, PlanInstalment, RecoveryStep
from app.requests import service as requests
from app.requests.tables import Request
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
D = Decimal
DAY = datetime(2026, 4, 20, 10, 0, tzinfo=clock.BRUSSELS)
DECIDED = datetime(2026, 4, 22, 10, 0, tzinfo=clock.BRUSSELS)


async def in_debt() -> uuid.UUID:
    person = await make_person("Camille", "camille@example.be", last_name="Dubois")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)):
        assert await service.issue_quarter_notice(person, 2026, 1)
    with clock.frozen(datetime(2026, 4, 1, 5, 10, tzinfo=clock.BRUSSELS)):
        await service.run_recovery()  # the 3 % surcharge at 31 March
    return person


async def decide(request_id: uuid.UUID, member: uuid.UUID, decision: str = "grant") -> None:
    with clock.frozen(DECIDED):
        await requests.acknowledge_request(request_id)
        await requests.take_request(staff(member), request_id)
        await requests.decide_request(staff(member), request_id, decision=decision,
                                      motivation="Proposition raisonnable.")  # fmt: skip


async def test_the_builder_previews_and_files_a_plan_an_agent_approves(
    client: httpx.AsyncClient,
) -> None:
    person = await in_debt()
    with clock.frozen(DAY):
        await log_in(client, "affiliate", person)
        token = await csrf_token(client)
        first = html.unescape((await client.get("/account/contributions/plan")).text)
        page = html.unescape(
            (await client.get("/account/contributions/plan?advance=200,00&instalments=6")).text
        )
        api = await client.get(
            "/api/v1/payments/plan-preview?debt=944.29&advance=200.00&instalments=6"
        )
        bad = await client.get(
            "/api/v1/payments/plan-preview?debt=944.29&advance=beaucoup&instalments=6"
        )
        filed = await client.post("/account/contributions/plan", data={
            "_csrf_token": token, "advance": "200,00", "instalments": "6",
            "reason": "Une grosse facture impayée par un client."})  # fmt: skip
        twice = await client.post("/account/contributions/plan", data={
            "_csrf_token": token, "advance": "300,00", "instalments": "4",
            "reason": "Encore."})  # fmt: skip
    flat = first.replace("\u202f", " ")
    assert "944,29\u00a0€" in flat and 'value="188,86"' in first  # the minimum, proposed first
    assert "Au moins 188,86\u00a0€ selon la politique de la caisse." in flat
    table = page.replace("\u202f", " ")
    for amount in ("200,00\u00a0€", "124,05\u00a0€", "124,04\u00a0€"):
        assert amount in table
    # Previewed on 20 April, as if approved that day: the advance on 5 May.
    assert "5 mai 2026" in table and "2 nov. 2026" in table
    assert api.status_code == 200
    body = api.json()
    assert (body["debt"], body["minimum_advance"], body["approver"], body["total"]) == (
        "944.29", "188.86", "agent", "944.29")  # fmt: skip
    assert [(line["number"], line["due_on"], line["amount"]) for line in body["lines"]] == [
        (0, "2026-05-05", "200.00"), (1, "2026-06-30", "124.05"), (2, "2026-07-31", "124.05"),
        (3, "2026-08-31", "124.05"), (4, "2026-09-30", "124.05"), (5, "2026-11-02", "124.05"),
        (6, "2026-11-30", "124.04")]  # fmt: skip
    assert bad.status_code == 422 and bad.headers["content-type"].startswith(
        "application/problem+json")  # fmt: skip
    assert [e["field"] for e in bad.json()["errors"]] == ["advance"]
    assert "body" not in body and body["quarters"] == []  # stateless: only what it is told
    assert filed.status_code == 303 and filed.headers["location"].startswith("/requests/")
    assert twice.status_code == 422
    assert "Un plan est déjà proposé ou en cours sur votre compte" in html.unescape(twice.text)
    [plan] = await PaymentPlan.select()
    assert (plan["status"], D(plan["debt"]), D(plan["advance"]), plan["instalments"],
            plan["approver"], plan["breaches"], plan["quarters"]) == (
        "proposed", D("944.29"), D("200.00"), 6, "agent", "", "2026-Q1")  # fmt: skip
    [row] = await Request.select().where(Request.kind == "payment_plan")
    answers = json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
    assert (answers["advance"], answers["monthly_amount"], answers["months"]) == (
        "200.00", "124.05", 6)  # fmt: skip
    await decide(row["id"], await make_staff())
    [approved] = await PaymentPlan.select()
    assert (approved["status"], approved["approved_on"]) == ("approved", date(2026, 4, 22))
    lines = await PlanInstalment.select().order_by(PlanInstalment.number)
    assert [(r["number"], r["due_on"], D(r["amount"])) for r in lines] == [
        (0, date(2026, 5, 7), D("200.00")), (1, date(2026, 6, 30), D("124.05")),
        (2, date(2026, 7, 31), D("124.05")), (3, date(2026, 8, 31), D("124.05")),
        (4, date(2026, 9, 30), D("124.05")), (5, date(2026, 11, 2), D("124.05")),
        (6, date(2026, 11, 30), D("124.04"))]  # fmt: skip
    # Each payment its own communication (kind 3): account 1, sequences 1 to 7.
    assert lines[0]["communication"] == "000001001322"
    # Staff see the running plan on the person's account.
    client.cookies.clear()
    with clock.frozen(DECIDED):
        await log_in(client, "staff", await make_staff(role="supervisor", name="Sam"))
        account = html.unescape((await client.get(f"/staff/people/{person}/account")).text)
    assert "Plan de paiement en cours" in account and "Mensualité 6" in account
    assert "124,04\u00a0€" in account.replace("\u202f", " ")
    assert [decode_instalment(r["communication"]) for r in lines] == [
        (1, n) for n in range(1, 8)]  # fmt: skip


async def test_outside_the_policy_only_a_supervisor_approves() -> None:
    person = await in_debt()
    with clock.frozen(DAY):
        request_id = await service.propose_plan(
            affiliate(person), advance=D("100.00"), instalments=6, reason="Chômage temporaire."
        )
    [plan] = await PaymentPlan.select()
    assert (plan["approver"], plan["breaches"]) == ("supervisor", "advance_too_low")
    with pytest.raises(FormInvalid) as refused:
        await decide(request_id, await make_staff())
    assert "seul un superviseur peut l'accepter" in refused.value.errors["decision"]
    assert "acompte trop bas" in refused.value.errors["decision"]
    assert (await PaymentPlan.select(PaymentPlan.status).first())["status"] == "proposed"
    await decide(request_id, await make_staff(role="supervisor", name="Sam"))
    assert (await PaymentPlan.select(PaymentPlan.status).first())["status"] == "approved"


async def test_a_refused_proposal_and_an_impossible_one() -> None:
    person = await in_debt()
    with clock.frozen(DAY), pytest.raises(FormInvalid) as impossible:
        await service.propose_plan(affiliate(person), advance=D("1000.00"), instalments=2,
                                   reason="Trop.")  # fmt: skip
    assert impossible.value.errors == {
        "advance": "L'acompte ne peut pas dépasser ce que vous devez (944,29\u00a0€)."}  # fmt: skip
    with clock.frozen(DAY):
        request_id = await service.propose_plan(
            affiliate(person), advance=D("200.00"), instalments=6, reason="Difficultés."
        )
    await decide(request_id, await make_staff(), decision="refuse")
    [plan] = await PaymentPlan.select()
    assert (plan["status"], plan["ended_on"]) == ("refused", date(2026, 4, 22))
    assert await PlanInstalment.count() == 0


async def run_on(day: date) -> None:
    with clock.frozen(datetime(day.year, day.month, day.day, 5, 10, tzinfo=clock.BRUSSELS)):
        await service.run_recovery()


async def test_a_missed_instalment_reminded_then_the_plan_lapses_and_recovery_resumes(
    client: httpx.AsyncClient,
) -> None:
    from tests.support.coda_builder import BuiltMovement, build_coda

    person = await in_debt()
    with clock.frozen(DAY):
        request_id = await service.propose_plan(
            affiliate(person), advance=D("200.00"), instalments=6, reason="Un client en faillite."
        )
    await decide(request_id, await make_staff())
    # The advance paid on 5 May by transfer with its own communication (sequence 1).
    with clock.frozen(datetime(2026, 5, 6, 9, 0, tzinfo=clock.BRUSSELS)):
        result = await service.import_statement(SYSTEM, build_coda(
            account_iban="BE71096123456769", holder="AFFILIO", sequence=11,
            created=date(2026, 5, 5), old_balance=D("0.00"), movements=[BuiltMovement(
                D("200.00"), date(2026, 5, 5), structured_communication="000001001322",
                counterparty_iban="BE62510007547061", counterparty_name="CAMILLE DUBOIS")],
        ))  # fmt: skip
    assert (result.matched, result.unmatched) == (1, 0)
    await run_on(date(2026, 5, 20))  # while the plan holds: no recovery step for Q1
    assert await RecoveryStep.count() == 0
    with clock.frozen(datetime(2026, 5, 20, 10, 0, tzinfo=clock.BRUSSELS)):
        view = await queries.account_for(affiliate(person))
        await log_in(client, "affiliate", person)
        page = html.unescape((await client.get("/account/contributions/plan")).text)
    assert [q.status.value for q in view.quarters] == ["in_plan"] and view.recovery == ()
    assert "Votre plan de paiement est en cours." in page
    assert page.count("<svg") == 6  # a QR code for each of the six payments still to make
    assert "+++000/0010/01322+++" not in page  # the advance is paid: its transfer is gone
    # Instalment 1 (124,05 €, 30 June) is not paid: a reminder 10 days later, once.
    await run_on(date(2026, 7, 9))
    assert await subjects(person) == []
    await run_on(date(2026, 7, 10))
    await run_on(date(2026, 7, 11))
    assert await subjects(person) == ["Votre plan de paiement\u00a0: un paiement est en retard"]
    # The law's surcharge ran on at 30 June: 3 % of the unpaid 744,29 € = 22,33 €.
    surcharges = await LedgerEntry.select().where(LedgerEntry.kind == "surcharge").order_by(
        LedgerEntry.seq)  # fmt: skip
    assert [(s["booked_on"], D(s["amount"])) for s in surcharges] == [
        (date(2026, 3, 31), D("26.71")), (date(2026, 6, 30), D("22.33"))]  # fmt: skip
    # 30 days after the missed due date the plan lapses, and the recovery of Q1 resumes.
    await run_on(date(2026, 7, 29))
    assert (await PaymentPlan.select(PaymentPlan.status).first())["status"] == "approved"
    await run_on(date(2026, 7, 30))
    [plan] = await PaymentPlan.select()
    assert (plan["status"], plan["ended_on"]) == ("lapsed", date(2026, 7, 30))
    assert (await subjects(person))[-1] == "Votre plan de paiement est caduc"
    kinds = [r["kind"] for r in await RecoveryStep.select().order_by(RecoveryStep.scheduled_on)]
    assert kinds == ["reminder", "statement", "formal_notice", "personal_contact"]
    with clock.frozen(datetime(2026, 7, 31, 10, 0, tzinfo=clock.BRUSSELS)):
        view = await queries.account_for(affiliate(person))
        debt = await queries.plan_debt(affiliate(person))
    assert [q.status.value for q in view.quarters] == ["partly_paid"]  # the advance came in
    assert debt.broken_plans == 1 and debt.open_plan is None  # a new proposal may be made


async def subjects(person: uuid.UUID) -> list[str]:
    rows = await InboxMessage.select(InboxMessage.subject).where(
        InboxMessage.person == person, InboxMessage.kind.like("plan_%")
    ).order_by(InboxMessage.created_at)  # fmt: skip
    return [r["subject"] for r in rows]
