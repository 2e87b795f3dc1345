"""A granted request that opens a benefit writes its entitlement and schedule, once.

The bridging right of a bankruptcy on 12 March 2025, 8 years of career (12 months), no family
charge, granted on 2 June 2025: 7 segments of 7 days from 12 March to 29 April, then the months
of May 2025 to February 2026, then one segment of March 2026 (18 payments, as in
tests/unit/benefits/test_rules.py). Every amount is NULL: 2025's figure is status U in the year
file (its date is not confirmed) and 2026 has none, so nothing unconfirmed is ever stored as
money to pay.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

import httpx
import pytest

from app.benefits.rules.common import BenefitKind
from app.benefits.service import effect_for, open_entitlement
from app.benefits.tables import BenefitEntitlement, BenefitPayment
from app.kit import clock
from app.kit.audit import SYSTEM
from app.requests import service as requests
from app.requests.states import Status
from tests.support.actors import affiliate, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration

ANSWERS = {
    "event": "bankruptcy",
    "event_date": "2025-03-12",
    "guide": {"wizard": "bankruptcy", "answers": {"career_years": "8", "family_charge": "no"}},
}


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=clock.BRUSSELS)


async def granted(person: uuid.UUID, kind: str, answers: dict[str, object],
                  decided: date = date(2025, 6, 2)) -> uuid.UUID:  # fmt: skip
    """Filed on 20 May 2025, received, taken and granted by a supervisor on `decided`."""
    with clock.frozen(at(date(2025, 5, 20))):
        submitted = await requests.submit_request(
            affiliate(person), person_id=person, kind=kind, answers=dict(answers),
            idempotency_key=f"{kind}-1",
        )  # fmt: skip
        assert await requests.acknowledge_request(submitted.id) is True
    agent = staff(await make_staff(role="supervisor"))
    with clock.frozen(at(decided)):
        await requests.take_request(agent, submitted.id)
        decision = await requests.decide_request(
            agent, submitted.id, decision="grant", motivation="Conditions remplies."
        )
    assert decision is Status.GRANTED
    return submitted.id


async def granted_bridging_right(person: uuid.UUID) -> uuid.UUID:
    return await granted(person, "bridging_right", ANSWERS)


async def test_granting_a_bridging_right_writes_its_schedule(client: httpx.AsyncClient) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    request_id = await granted_bridging_right(person)
    [entitlement] = await BenefitEntitlement.select().where(BenefitEntitlement.person == person)
    assert (entitlement["kind"], entitlement["pillar"], entitlement["status"]) == (
        "bridging_right", "bankruptcy", "active")  # fmt: skip
    assert entitlement["request"] == request_id
    assert (entitlement["starts_on"], entitlement["ends_on"]) == (date(2025, 3, 12),
                                                                  date(2026, 3, 7))  # fmt: skip
    details = json.loads(entitlement["details"])
    assert (details["months"], details["months_assumed"], details["family"]) == (12, False, False)
    payments = await BenefitPayment.select(
        BenefitPayment.number, BenefitPayment.kind, BenefitPayment.period_start,
        BenefitPayment.period_end, BenefitPayment.due_on, BenefitPayment.amount,
        BenefitPayment.figure_status, BenefitPayment.status,
    ).where(BenefitPayment.entitlement == entitlement["id"]).order_by(
        BenefitPayment.number)  # fmt: skip
    assert len(payments) == 18
    assert [p["kind"] for p in payments] == ["segment"] * 7 + ["month"] * 10 + ["partial"]
    assert payments[0] == {
        "number": 1, "kind": "segment", "period_start": date(2025, 3, 12),
        "period_end": date(2025, 3, 18), "due_on": date(2025, 6, 2), "amount": None,
        "figure_status": "U", "status": "scheduled",
    }  # fmt: skip
    assert (payments[7]["period_start"], payments[7]["period_end"], payments[7]["due_on"]) == (
        date(2025, 5, 1), date(2025, 5, 31), date(2025, 6, 2))  # fmt: skip
    assert (payments[8]["period_start"], payments[8]["due_on"]) == (date(2025, 6, 1),
                                                                    date(2025, 7, 1))  # fmt: skip
    last = payments[17]
    assert (last["period_start"], last["period_end"]) == (date(2026, 3, 1), date(2026, 3, 7))
    assert {p["amount"] for p in payments} == {None}


async def test_a_redelivered_decision_creates_nothing_twice(client: httpx.AsyncClient) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    request_id = await granted_bridging_right(person)
    effect = effect_for(BenefitKind.BRIDGING_RIGHT)
    await effect(SYSTEM, person, request_id, "ref", ANSWERS, Status.GRANTED)
    assert await open_entitlement(SYSTEM, BenefitKind.BRIDGING_RIGHT, person, request_id, "ref",
                                  ANSWERS) is None  # fmt: skip
    assert await BenefitEntitlement.count().where(BenefitEntitlement.person == person) == 1
    assert await BenefitPayment.count() == 18


async def test_a_refusal_opens_nothing(client: httpx.AsyncClient) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    effect = effect_for(BenefitKind.BRIDGING_RIGHT)
    await effect(SYSTEM, person, uuid.uuid4(), "ref", ANSWERS, Status.REFUSED)
    assert await BenefitEntitlement.count() == 0


async def test_the_pages_are_the_affiliates_own(client: httpx.AsyncClient) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    other = await make_person("Eva", "eva@example.be", last_name="Maes")
    request_id = await granted_bridging_right(person)
    entitlement = await BenefitEntitlement.select(BenefitEntitlement.id).first()
    assert entitlement is not None
    url = f"/benefits/{entitlement['id']}"
    await log_in(client, "affiliate", person)
    listing = await client.get("/benefits")
    assert listing.status_code == 200 and url in listing.text
    page = await client.get(url)
    assert page.status_code == 200
    assert page.text.count('class="tag unconfirmed"') == 18
    assert f'href="/requests/{request_id}"' in page.text
    request_page = await client.get(f"/requests/{request_id}")
    assert 'href="/benefits"' in request_page.text
    home = await client.get("/")
    assert f'href="{url}"' in home.text  # the home page's "My benefits", with its next payment
    assert 'href="/benefits"' in (await client.get("/account")).text
    await log_in(client, "affiliate", other)
    assert (await client.get(url)).status_code == 404
    assert url not in (await client.get("/benefits")).text


async def test_birth_leave_and_maternity_aid(client: httpx.AsyncClient) -> None:
    """Birth leave of 10 days after a birth on 20 May 2025: one payment, 96,60 €/day being a
    2023 figure (status U): no amount. Maternity aid: 105 service vouchers, no payment."""
    person = await make_person("Tom", "tom@example.be", last_name="Claes")
    leave_request = await granted(person, "birth_leave", {"birth_date": "2025-05-20", "days": 10},
                                  date(2025, 7, 1))  # fmt: skip
    aid_request = await granted(person, "maternity_aid", {"birth_date": "2025-05-20"})
    leave = await BenefitEntitlement.select(BenefitEntitlement.id).where(
        BenefitEntitlement.request == leave_request).first()  # fmt: skip
    aid = await BenefitEntitlement.select(BenefitEntitlement.id).where(
        BenefitEntitlement.request == aid_request).first()  # fmt: skip
    assert leave is not None and aid is not None
    [payment] = await BenefitPayment.select(
        BenefitPayment.period_start, BenefitPayment.period_end, BenefitPayment.due_on,
        BenefitPayment.share, BenefitPayment.amount, BenefitPayment.figure,
    ).where(BenefitPayment.entitlement == leave["id"])  # fmt: skip
    assert payment["period_start"] == date(2025, 5, 20)
    assert payment["period_end"] == date(2025, 9, 19)
    assert payment["due_on"] == date(2025, 7, 1)
    assert (payment["share"], payment["amount"]) == (10, None)
    assert payment["figure"] == "benefits.paternity_daily"
    order = await BenefitEntitlement.select().where(BenefitEntitlement.id == aid["id"]).first()
    assert order is not None
    assert (order["status"], json.loads(order["details"])["service_vouchers"]) == ("ordered", 105)
    assert await BenefitPayment.count().where(BenefitPayment.entitlement == aid["id"]) == 0


async def test_staff_see_the_schedule_on_the_persons_page(client: httpx.AsyncClient) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    await granted_bridging_right(person)
    entitlement = await BenefitEntitlement.select(BenefitEntitlement.id).first()
    assert entitlement is not None
    await log_in(client, "staff", await make_staff(role="supervisor"))
    page = await client.get(f"/staff/people/{person}")
    assert page.status_code == 200
    assert f'id="benefit-{entitlement["id"]}"' in page.text
    assert page.text.count('class="tag unconfirmed"') >= 18


async def test_staff_see_what_a_grant_would_open(client: httpx.AsyncClient) -> None:
    """Before the decision, the staff request page says what the grant opens; the preview
    writes nothing."""
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    with clock.frozen(at(date(2025, 5, 20))):
        submitted = await requests.submit_request(
            affiliate(person), person_id=person, kind="bridging_right", answers=dict(ANSWERS),
            idempotency_key="bridging-preview",
        )  # fmt: skip
        assert await requests.acknowledge_request(submitted.id) is True
    await log_in(client, "staff", await make_staff(role="supervisor"))
    with clock.frozen(at(date(2025, 6, 2))):
        page = await client.get(f"/staff/requests/{submitted.id}")
    assert page.status_code == 200
    assert 'id="benefit-preview-title"' in page.text
    assert "Mois de droit passerelle\u00a0: 12" in page.text
    assert "18 paiements, du 12 mars 2025 au 7 mars 2026" in page.text
    assert "dont 18 sans montant confirmé" in page.text
    assert await BenefitEntitlement.count() == 0
