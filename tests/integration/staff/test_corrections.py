"""A supervisor cancels an entry by its opposite, with the reason: the original stays, both
show in the history (the affiliate's too), the balance follows, and it happens once."""

from __future__ import annotations

import html
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
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff

pytestmark = pytest.mark.integration
D = Decimal
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)


async def affiliated() -> uuid.UUID:
    person = await make_person("Camille", "camille@example.be", last_name="Dubois")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        # 2026 Q1 at the legal minimum: 890,42 € + 3,05 % fees 27,16 € = 917,58 €.
        assert await service.issue_quarter_notice(person, 2026, 1)
    return person


async def test_a_supervisor_cancels_the_fees_with_a_reason(client: httpx.AsyncClient) -> None:
    person = await affiliated()
    fee = await LedgerEntry.select().where(LedgerEntry.kind == "management_fee").first()
    assert fee is not None
    supervisor = await make_staff(role="supervisor")
    await log_in(client, "staff", supervisor)
    token = await csrf_token(client)
    form = await client.get(f"/staff/entries/{fee['id']}/reversal")
    page = html.unescape(form.text)
    assert form.status_code == 200
    assert "Frais de gestion" in page and "27,16\u00a0€" in page
    assert "comptabilise son opposé, -27,16\u00a0€" in page
    blank = await client.post(f"/staff/entries/{fee['id']}/reversal",
                              data={"_csrf_token": token, "reason": "   "})  # fmt: skip
    assert blank.status_code == 422
    assert "Indiquez pourquoi cette écriture est annulée" in html.unescape(blank.text)
    done = await client.post(f"/staff/entries/{fee['id']}/reversal", data={
        "_csrf_token": token, "reason": "Frais remis par décision 2026/12"})  # fmt: skip
    assert (done.status_code, done.headers["location"]) == (
        303, f"/staff/people/{person}/account?done=reversed")  # fmt: skip
    again = await client.post(f"/staff/entries/{fee['id']}/reversal", data={
        "_csrf_token": token, "reason": "encore"})  # fmt: skip
    assert again.status_code == 303
    rows = await LedgerEntry.select().order_by(LedgerEntry.seq)
    assert [(r["kind"], D(r["amount"])) for r in rows] == [
        ("contribution", D("890.42")), ("management_fee", D("27.16")),
        ("reversal", D("-27.16"))]  # fmt: skip
    assert rows[2]["reverses"] == fee["id"]
    account = html.unescape(
        (await client.get(f"/staff/people/{person}/account?done=reversed")).text
    )
    assert "L'écriture est annulée par une correction, avec son motif." in account
    assert "(annulée)" in account and "Frais remis par décision 2026/12" in account
    # The contribution can still be corrected; the cancelled fee and the correction cannot.
    links = {line.split('"')[0] for line in account.split('href="/staff/entries/')[1:]}
    contribution = rows[0]["id"]
    assert links == {f"{contribution}/reversal"}
    view = await queries.account_for(affiliate(person))
    assert view.balance == D("890.42")
    [reversal, *_rest] = view.history
    assert (reversal.label, reversal.reason) == ("Correction", "Frais remis par décision 2026/12")
    assert [line.reversed for line in view.history] == [False, True, False]
    shown = html.unescape((await client.get(f"/staff/entries/{fee['id']}/reversal")).text)
    assert "Cette écriture a été annulée le" in shown and 'name="reason"' not in shown


async def test_an_agent_may_not_correct(client: httpx.AsyncClient) -> None:
    await affiliated()
    fee = await LedgerEntry.select().where(LedgerEntry.kind == "management_fee").first()
    assert fee is not None
    await log_in(client, "staff", await make_staff())
    assert (await client.get(f"/staff/entries/{fee['id']}/reversal")).status_code == 403


async def test_opening_an_entry_shows_in_who_opened_my_file(client: httpx.AsyncClient) -> None:
    """The read of one entry is a read of its holder's file (issue 17: "Qui a consulté")."""
    person = await affiliated()
    fee = await LedgerEntry.select().where(LedgerEntry.kind == "management_fee").first()
    assert fee is not None
    supervisor = await make_staff(role="supervisor", name="Sam Superviseur")
    await log_in(client, "staff", supervisor)
    assert (await client.get(f"/staff/entries/{fee['id']}/reversal")).status_code == 200
    await log_in(client, "affiliate", person)
    page = (await client.get("/account/privacy")).text
    assert (
        "Sam Superviseur (Équipe générale) a ouvert une opération de votre compte de cotisations."
        in page
    )
