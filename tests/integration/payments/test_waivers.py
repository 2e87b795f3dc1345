"""A surcharge waiver (issue 14, item 3): offered once the quarter's contributions are paid,
asked in one step, and its grant cancels the surcharges on the account, once."""

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
from app.payments import queries, service
from app.payments.tables import LedgerEntry
from app.requests import service as requests
from app.requests.tables import Request
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
D = Decimal


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 10, tzinfo=clock.BRUSSELS)


async def late_quarter(*, paid: bool) -> uuid.UUID:
    """2026 Q1 (917,58 €: 890,42 € + 27,16 € of fees) unpaid at 31 March: 3 % × 890,42 =
    26,71 € of surcharge; then, if `paid`, the 917,58 € come in on 10 April."""
    person = await make_person("Camille", "camille@example.be", last_name="Dubois")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(at(date(2026, 1, 15))):
        assert await service.issue_quarter_notice(person, 2026, 1)
    with clock.frozen(at(date(2026, 4, 1), 5)):
        await service.run_recovery()
    if paid:
        account = await service.ensure_account(person)
        await service.book(account.id, service.NewEntry(
            kind=service.EntryKind.PAYMENT, amount=D("-917.58"), booked_on=date(2026, 4, 10),
            year=2026, quarter=1, idempotency_key="test:late-payment"))  # fmt: skip
    return person


async def test_the_waiver_is_offered_only_once_the_contributions_are_paid() -> None:
    unpaid = await late_quarter(paid=False)
    assert await queries.waivers_for(affiliate(unpaid)) == []
    with pytest.raises(LookupError):
        await service.request_waiver(affiliate(unpaid), "Hospitalisée en mars.")


async def test_asked_in_one_step_and_granted_on_the_account(client: httpx.AsyncClient) -> None:
    person = await late_quarter(paid=True)
    [waiver] = await queries.waivers_for(affiliate(person))
    assert (waiver.year, waiver.quarter, waiver.waivable) == (2026, 1, D("26.71"))
    with clock.frozen(at(date(2026, 4, 20))):
        await log_in(client, "affiliate", person)
        token = await csrf_token(client)
        page = html.unescape((await client.get("/account/contributions")).text)
        assert (
            "Le trimestre 1 2026 est payé\u00a0: ses majorations de 26,71\u00a0€ peuvent être "
            "remises." in page
        )
        blank = await client.post("/account/contributions/surcharge-waiver",
                                  data={"_csrf_token": token, "reason": " "})  # fmt: skip
        assert blank.status_code == 422
        assert "Dites-nous ce qui vous a empêché de payer à temps" in html.unescape(blank.text)
        asked = await client.post("/account/contributions/surcharge-waiver", data={
            "_csrf_token": token, "reason": "Hospitalisée du 20 au 31 mars."})  # fmt: skip
        again = await client.post("/account/contributions/surcharge-waiver", data={
            "_csrf_token": token, "reason": "Hospitalisée du 20 au 31 mars."})  # fmt: skip
    assert asked.status_code == 303 and asked.headers["location"].startswith("/requests/")
    assert again.headers["location"] == asked.headers["location"]  # one request, not two
    [row] = await Request.select().where(Request.kind == "surcharge_waiver")
    answers = json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
    assert (answers["quarters"], answers["reason"]) == ("2026-Q1", "Hospitalisée du 20 au 31 mars.")
    supervisor = staff(await make_staff(role="supervisor"))
    with clock.frozen(at(date(2026, 4, 22))):
        await requests.acknowledge_request(row["id"])
        await requests.take_request(supervisor, row["id"])
        await requests.decide_request(supervisor, row["id"], decision="grant",
                                      motivation="Hospitalisation attestée.")  # fmt: skip
    waived = await LedgerEntry.select().where(LedgerEntry.label == "Surcharges waived")
    assert [(D(w["amount"]), w["year"], w["quarter"], w["reason"], w["booked_on"])
            for w in waived] == [
        (D("-26.71"), 2026, 1, row["reference"], date(2026, 4, 22))]  # fmt: skip
    with clock.frozen(at(date(2026, 4, 23))):
        view = await queries.account_for(affiliate(person))
    assert view.balance == D("0.00")
    assert await queries.waivers_for(affiliate(person)) == []
    # Granted again by a second effect run (the job retried): nothing more is booked.
    await service.waive_surcharges(supervisor, person, row["id"], row["reference"],
                                   {"quarters": "2026-Q1"})  # fmt: skip
    assert await LedgerEntry.count().where(LedgerEntry.label == "Surcharges waived") == 1


def test_the_quarters_a_request_names_are_read_however_they_are_typed() -> None:
    assert service.named_quarters("2026-Q3, T4 2025, k1/2026 et 2026 t2; Q5 2026") == {
        (2026, 3), (2025, 4), (2026, 1), (2026, 2)}  # fmt: skip
    assert service.named_quarters("le trimestre passé") == set()
