"""The fund's counter-proposal on a payment plan (issue 14, item 1): staff offer other terms
with their reasons (the request is granted in part), the affiliate accepts them in one step
and the plan runs from that day; or declines them, or lets the offer expire.

The debt (as in test_plans): 2026 Q1, 917,58 € + its 3 % surcharge of 26,71 € = 944,29 €.
The affiliate proposes 200,00 € and 6 instalments on 20 April 2026; on 22 April the agent
offers 300,00 € and 4 instalments: 644,29 / 4 = 161,0725 -> 161,07 € × 3 and 161,08 €.
Accepted on 24 April: the advance is due 15 days later, Saturday 9 May -> Monday 11 May, then
the ends of June, July, August and September. The offer may be accepted until 22 April + 30
days = 22 May 2026.
"""

from __future__ import annotations

import html
import uuid
from datetime import date, datetime
from decimal import Decimal

import httpx
import pytest

from app.kit import clock
from app.kit.errors import FormInvalid
from app.messaging.tables import InboxMessage
from app.payments import queries, service
from app.payments.tables import PaymentPlan, PlanInstalment
from app.requests import service as requests
from app.requests.tables import Request
from tests.integration.payments.test_plans import in_debt
from tests.support.actors import affiliate, csrf_token, log_in, make_staff, staff

pytestmark = pytest.mark.integration
D = Decimal
PROPOSED = datetime(2026, 4, 20, 10, 0, tzinfo=clock.BRUSSELS)
OFFERED = datetime(2026, 4, 22, 10, 0, tzinfo=clock.BRUSSELS)
ACCEPTED = datetime(2026, 4, 24, 10, 0, tzinfo=clock.BRUSSELS)
REASONS = "Vos revenus de mars permettent un acompte plus élevé sur une durée plus courte."


async def proposed(person: uuid.UUID) -> uuid.UUID:
    with clock.frozen(PROPOSED):
        request_id = await service.propose_plan(
            affiliate(person), advance=D("200.00"), instalments=6, reason="Un client en retard."
        )
    with clock.frozen(OFFERED):
        await requests.acknowledge_request(request_id)
    return request_id


async def offered(person: uuid.UUID, member: uuid.UUID) -> uuid.UUID:
    request_id = await proposed(person)
    with clock.frozen(OFFERED):
        await requests.take_request(staff(member), request_id)
        await service.counter_plan(staff(member), request_id, advance=D("300.00"),
                                   instalments=4, motivation=REASONS)  # fmt: skip
    return request_id


async def test_staff_offer_other_terms_and_the_affiliate_accepts_them_in_one_step(
    client: httpx.AsyncClient,
) -> None:
    person = await in_debt()
    request_id = await proposed(person)
    agent = await make_staff()
    with clock.frozen(OFFERED):
        await requests.take_request(staff(agent), request_id)
        await log_in(client, "staff", agent, step_up_at=clock.now())
        token = await csrf_token(client)
        panel = html.unescape((await client.get(f"/staff/requests/{request_id}")).text)
        form = html.unescape(
            (await client.get(f"/staff/requests/{request_id}/counter-proposal")).text
        )
        shown = html.unescape((await client.get(
            f"/staff/requests/{request_id}/counter-proposal?advance=300,00&instalments=4"
        )).text)  # fmt: skip
        unreasoned = await client.post(f"/staff/requests/{request_id}/counter-proposal", data={
            "_csrf_token": token, "advance": "300,00", "instalments": "4",
            "motivation": " "})  # fmt: skip
        sent = await client.post(f"/staff/requests/{request_id}/counter-proposal", data={
            "_csrf_token": token, "advance": "300,00", "instalments": "4",
            "motivation": REASONS})  # fmt: skip
    # The request page: the terms against the policy, and the way to offer others.
    flat = panel.replace("\u202f", " ")
    assert "Dans la politique : un agent peut l'accepter" in flat.replace("\u00a0", " ")
    assert "944,29\u00a0€" in flat and "(2026-Q1)" in flat
    assert f'href="/staff/requests/{request_id}/counter-proposal"' in panel
    # The counter-proposal starts from the affiliate's terms, and shows the new schedule.
    assert 'value="200,00"' in form and 'value="6"' in form
    table = shown.replace("\u202f", " ")
    assert "161,07\u00a0€" in table and "161,08\u00a0€" in table and "300,00\u00a0€" in table
    # Reasons are required; what was typed stays.
    assert unreasoned.status_code == 422
    assert "Expliquez les motifs de la décision" in html.unescape(unreasoned.text)
    assert 'value="300,00"' in unreasoned.text
    assert sent.status_code == 303 and sent.headers["location"] == f"/staff/requests/{request_id}"
    row = await Request.select().where(Request.id == request_id).first()
    assert row is not None and (row["status"], row["motivation"]) == ("partly_granted", REASONS)
    [plan] = await PaymentPlan.select()
    assert (plan["status"], plan["offered_on"], D(plan["advance"]), plan["instalments"],
            plan["approver"], plan["breaches"]) == (
        "offered", date(2026, 4, 22), D("300.00"), 4, "agent", "")  # fmt: skip
    assert await PlanInstalment.count() == 0  # nothing runs before the affiliate accepts
    told = await InboxMessage.select(InboxMessage.kind).where(InboxMessage.person == person)
    assert {"decision", "plan_offered"} <= {m["kind"] for m in told}

    client.cookies.clear()
    with clock.frozen(ACCEPTED):
        await log_in(client, "affiliate", person)
        token = await csrf_token(client)
        offer = html.unescape((await client.get("/account/contributions/plan")).text)
        request_page = html.unescape((await client.get(f"/requests/{request_id}")).text)
        accepted = await client.post("/account/contributions/plan/accept",
                                     data={"_csrf_token": token})  # fmt: skip
        running = html.unescape((await client.get("/account/contributions/plan")).text)
    flat = offer.replace("\u202f", " ").replace("\u00a0", " ")
    assert "La caisse vous propose d'autres conditions" in flat
    assert "Vous pouvez accepter cette offre jusqu'au 22 mai 2026." in flat
    assert "11 mai 2026" in flat and "161,08 €" in flat
    assert 'action="/account/contributions/plan/accept"' in offer
    assert 'href="/account/contributions/plan"' in request_page and REASONS in request_page
    assert accepted.status_code == 303
    [plan] = await PaymentPlan.select()
    assert (plan["status"], plan["approved_on"]) == ("approved", date(2026, 4, 24))
    lines = await PlanInstalment.select().order_by(PlanInstalment.number)
    assert [(r["number"], r["due_on"], D(r["amount"])) for r in lines] == [
        (0, date(2026, 5, 11), D("300.00")), (1, date(2026, 6, 30), D("161.07")),
        (2, date(2026, 7, 31), D("161.07")), (3, date(2026, 8, 31), D("161.07")),
        (4, date(2026, 9, 30), D("161.08"))]  # fmt: skip
    assert "Votre plan de paiement est en cours." in running
    # The quarter it covers is no longer recovered: the plan's schedule runs instead.
    account = await queries.account_of_person(person)
    assert account is not None
    assert await queries.plan_quarters_of(account) == frozenset({(2026, 1)})


async def test_terms_outside_the_policy_are_offered_by_a_supervisor_only() -> None:
    person = await in_debt()
    request_id = await proposed(person)
    agent, supervisor = await make_staff(), await make_staff(role="supervisor", name="Sam")
    with clock.frozen(OFFERED):
        await requests.take_request(staff(agent), request_id)
        with pytest.raises(FormInvalid) as low:
            await service.counter_plan(staff(agent), request_id, advance=D("100.00"),
                                       instalments=4, motivation=REASONS)  # fmt: skip
        with pytest.raises(FormInvalid) as impossible:
            await service.counter_plan(staff(supervisor), request_id, advance=D("1000.00"),
                                       instalments=4, motivation=REASONS)  # fmt: skip
        await service.counter_plan(staff(supervisor), request_id, advance=D("100.00"),
                                   instalments=4, motivation=REASONS)  # fmt: skip
    assert "seul un superviseur peut l'accepter" in low.value.errors["advance"]
    assert "acompte trop bas" in low.value.errors["advance"]
    assert impossible.value.errors == {
        "advance": "L'acompte ne peut pas dépasser ce que vous devez (944,29\u00a0€)."}  # fmt: skip
    [plan] = await PaymentPlan.select()
    assert (plan["status"], plan["approver"], plan["breaches"]) == (
        "offered", "supervisor", "advance_too_low")  # fmt: skip
    # A second offer on the same request: it is no longer waiting for a decision.
    with clock.frozen(OFFERED), pytest.raises(FormInvalid) as again:
        await service.counter_plan(staff(supervisor), request_id, advance=D("300.00"),
                                   instalments=4, motivation=REASONS)  # fmt: skip
    assert again.value.errors == {"advance": "Ce plan n'attend plus de décision."}


async def test_a_partial_grant_without_terms_is_refused() -> None:
    person = await in_debt()
    request_id = await proposed(person)
    agent = await make_staff()
    with clock.frozen(OFFERED):
        await requests.take_request(staff(agent), request_id)
        with pytest.raises(FormInvalid) as refused:
            await requests.decide_request(staff(agent), request_id, decision="partly_grant",
                                          motivation=REASONS)  # fmt: skip
    assert "faites une contre-proposition" in refused.value.errors["decision"]
    row = await Request.select(Request.status).where(Request.id == request_id).first()
    assert row is not None and row["status"] == "in_review"  # nothing recorded


async def run_on(day: date) -> None:
    with clock.frozen(datetime(day.year, day.month, day.day, 5, 10, tzinfo=clock.BRUSSELS)):
        await service.run_recovery()


async def test_an_offer_not_accepted_expires_and_a_declined_one_frees_the_builder() -> None:
    person = await in_debt()
    agent = await make_staff()
    await offered(person, agent)
    await run_on(date(2026, 5, 22))  # its last day: still on offer
    assert (await PaymentPlan.select(PaymentPlan.status).first())["status"] == "offered"
    await run_on(date(2026, 5, 23))
    [plan] = await PaymentPlan.select()
    assert (plan["status"], plan["ended_on"]) == ("expired", date(2026, 5, 23))
    told = await InboxMessage.select(InboxMessage.kind).where(InboxMessage.person == person)
    assert "plan_expired" in {m["kind"] for m in told}
    with clock.frozen(datetime(2026, 5, 23, 10, 0, tzinfo=clock.BRUSSELS)):
        with pytest.raises(LookupError):
            await service.accept_offer(affiliate(person))
        # An expired offer is not a broken plan, and frees the way to a new proposal.
        debt = await queries.plan_debt(affiliate(person))
        assert (debt.open_plan, debt.broken_plans) == (None, 0)
        second = await service.propose_plan(
            affiliate(person), advance=D("300.00"), instalments=4, reason="D'accord."
        )
        await requests.acknowledge_request(second)  # routed to the agent who knows the file
        await requests.take_request(staff(agent), second)
        await service.counter_plan(staff(agent), second, advance=D("400.00"), instalments=3,
                                   motivation=REASONS)  # fmt: skip
        await service.decline_offer(affiliate(person))
    statuses = [r["status"] for r in await PaymentPlan.select().order_by(PaymentPlan.created_at)]
    assert statuses == ["expired", "declined"]
    with clock.frozen(datetime(2026, 5, 23, 10, 0, tzinfo=clock.BRUSSELS)):
        assert (await queries.plan_debt(affiliate(person))).open_plan is None
