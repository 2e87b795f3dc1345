"""Paying a granted bridging right: its account (step-up, the old address told), the figure a
supervisor confirms, and a payment run a supervisor approves, which pays once.

Marc's bridging right (bankruptcy on 12 March 2025, 12 months, granted on 2 June 2025, as in
test_entitlements.py). The 2025 monthly amount confirmed at 1 638,26 EUR gives the 7 segments
0.25 x 1 638,26 = 409,565 -> 409,57 EUR each and the months of May to December 1 638,26 EUR;
2026's periods stay without amount. A run on 1 July 2025 takes what is due by then: the 7
segments (due on the decision's day, 2 June), May (due 2 June) and June (due 1 July): 9
transfers, 7 x 409,57 + 2 x 1 638,26 = 2 866,99 + 3 276,52 = 6 143,51 EUR.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
import sepaxml
import xmlschema

from app.benefits import payouts, runs
from app.benefits.tables import (
    BenefitEntitlement,
    BenefitPayment,
    BenefitPaymentRun,
    BenefitPayoutAccount,
    BenefitRunPayment,
)
from app.kit import clock
from app.kit.tables import AuditEvent, OutboxJob
from app.messaging.tables import InboxMessage
from tests.integration.benefits.test_entitlements import at, granted_bridging_right
from tests.support.actors import csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = "{urn:iso:std:iso:20022:tech:xsd:pain.001.001.03}"
FIGURE = "guides.bridging.monthly_single"
SOURCE = "INASTI, droit passerelle: montants 2025"


async def post(client: httpx.AsyncClient, url: str, data: dict[str, str] | None = None
               ) -> httpx.Response:  # fmt: skip
    return await client.post(url, data={**(data or {}), "_csrf_token": await csrf_token(client)})


async def mails(template: str) -> list[dict[str, object]]:
    rows = await OutboxJob.select().where(OutboxJob.name == "mail.send")
    payloads = [r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"])
                for r in rows]  # fmt: skip
    return [p for p in payloads if p["template"] == template]


async def amounts(person: object) -> list[Decimal | None]:
    entitlement = await BenefitEntitlement.select(BenefitEntitlement.id).where(
        BenefitEntitlement.person == person).first()  # fmt: skip
    assert entitlement is not None
    rows = (
        await BenefitPayment.select(BenefitPayment.amount)
        .where(BenefitPayment.entitlement == entitlement["id"])
        .order_by(BenefitPayment.number)
    )
    return [r["amount"] for r in rows]


async def test_a_confirmed_figure_gives_the_payments_of_its_year_their_amount(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    await granted_bridging_right(person)
    supervisor = await make_staff(role="supervisor")
    given = await payouts.record_figure(staff(supervisor), FIGURE, date(2025, 1, 1),
                                        Decimal("1638.26"), SOURCE)  # fmt: skip
    assert given == 15  # 7 segments and 8 months of 2025
    got = await amounts(person)
    assert got[:7] == [Decimal("409.57")] * 7
    assert got[7:15] == [Decimal("1638.26")] * 8
    assert got[15:] == [None, None, None]  # January, February and 7 days of March 2026
    # Recorded again: nothing changes.
    assert await payouts.record_figure(staff(supervisor), FIGURE, date(2025, 1, 1),
                                       Decimal("1638.26"), SOURCE) == 0  # fmt: skip


async def test_a_supervisor_records_a_figure_on_the_page(client: httpx.AsyncClient) -> None:
    agent = await make_staff(role="agent")
    supervisor = await make_staff(role="supervisor")
    form = {"figure": FIGURE, "effective_from": "2025-01-01", "amount": "1638,26",
            "source": SOURCE}  # fmt: skip
    await log_in(client, "staff", agent)
    assert (await post(client, "/staff/benefits/figures", form)).status_code == 403
    await log_in(client, "staff", supervisor)
    refused = await post(client, "/staff/benefits/figures", {**form, "amount": "12,345"})
    assert refused.status_code == 400 and 'value="12,345"' in refused.text
    assert (await post(client, "/staff/benefits/figures", form)).status_code == 303
    [figure] = await payouts.figures()
    assert (figure.figure, figure.effective_from, figure.amount) == (
        FIGURE, date(2025, 1, 1), Decimal("1638.26"))  # fmt: skip


async def test_the_payout_account_needs_a_step_up_and_a_change_tells_the_old_address(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person("Marc", "marc@example.be", last_name="Lambert")
    await log_in(client, "affiliate", person)  # stepped up an hour ago
    refused = await post(client, "/account/payout", {"iban": "BE62 5100 0754 7062",
                                                     "holder": "Marc Lambert"})  # fmt: skip
    assert refused.status_code == 400 and 'value="BE62 5100 0754 7062"' in refused.text
    sent = await post(client, "/account/payout", {"iban": "BE62 5100 0754 7061",
                                                  "holder": "Marc Lambert"})  # fmt: skip
    assert sent.status_code == 303
    assert sent.headers["location"] == "/step-up?next=/account/payout/confirm"
    stale = await post(client, "/account/payout/confirm")
    assert stale.status_code in (303, 403) and await BenefitPayoutAccount.count() == 0
    await log_in(client, "affiliate", person, step_up_at=clock.now())
    await post(client, "/account/payout", {"iban": "BE62510007547061", "holder": "Marc Lambert"})
    assert (await post(client, "/account/payout/confirm")).status_code == 303
    assert await mails("payout_account_changed") == []  # a first account: nothing to warn of
    await post(client, "/account/payout", {"iban": "BE43068999999501", "holder": "Marc Lambert"})
    assert (await post(client, "/account/payout/confirm")).status_code == 303
    [mail] = await mails("payout_account_changed")
    assert mail["to"] == "marc@example.be"
    rows = await BenefitPayoutAccount.select().order_by(BenefitPayoutAccount.created_at)
    assert [(r["iban"], r["superseded_at"] is None) for r in rows] == [
        ("BE62510007547061", False), ("BE43068999999501", True)]  # fmt: skip
    actions = [e["action"] for e in await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.action.like("benefits.payout_account%"))]  # fmt: skip
    assert sorted(actions) == ["benefits.payout_account_changed", "benefits.payout_account_given"]
    page = await client.get("/account/payout")
    assert "BE43 0689 9999 9501" in page.text and "BE.. .... .... 7061" in page.text


async def test_a_run_approved_by_a_supervisor_pays_once(client: httpx.AsyncClient) -> None:
    marc = await make_person("Marc", "marc@example.be", last_name="Lambert")
    eva = await make_person("Eva", "eva@example.be", last_name="Maes")
    await granted_bridging_right(marc)
    await granted_bridging_right(eva)  # she gives no account: her payments wait
    agent = await make_staff(role="agent")
    supervisor = await make_staff(role="supervisor")
    await payouts.record_figure(staff(supervisor), FIGURE, date(2025, 1, 1),
                                Decimal("1638.26"), SOURCE)  # fmt: skip
    await payouts.set_account(staff(supervisor), marc, "BE62510007547061", "Marc Lambert")
    with clock.frozen(at(date(2025, 7, 1))):
        await log_in(client, "staff", agent, step_up_at=clock.now())
        prepared = await post(client, "/staff/benefits/runs/prepare")
        assert prepared.status_code == 303
        [run] = await BenefitPaymentRun.select()
        assert prepared.headers["location"] == f"/staff/benefits/runs/{run['id']}"
        assert (run["status"], run["nb_of_txs"], run["ctrl_sum"]) == (
            "prepared", 9, Decimal("6143.51"))  # fmt: skip
        skipped = json.loads(run["skipped"]) if isinstance(run["skipped"], str) else run["skipped"]
        assert len(skipped) == 9 and {s["reason"] for s in skipped} == {"no_account"}
        # The job run again (and the button) prepares nothing more: each payment is in one run.
        assert await runs.prepare_run(staff(agent)) is None
        url = f"/staff/benefits/runs/{run['id']}"
        assert (await post(client, f"{url}/approve")).status_code == 403  # an agent cannot
        page = await client.get(url)
        assert f'action="{url}/approve"' not in page.text  # no button for an agent
        await log_in(client, "staff", supervisor, step_up_at=clock.now() - timedelta(minutes=6))
        await post(client, f"{url}/approve")  # the step-up is too old: sent to step up
        assert (await BenefitPaymentRun.select().first())["status"] == "prepared"
        await log_in(client, "staff", supervisor, step_up_at=clock.now())
        assert (await post(client, f"{url}/approve")).status_code == 303
        paid = await BenefitPayment.select(BenefitPayment.paid_on, BenefitPayment.iban).where(
            BenefitPayment.status == "paid")  # fmt: skip
        assert len(paid) == 9
        assert {(p["paid_on"], p["iban"]) for p in paid} == {(date(2025, 7, 1),
                                                              "BE62510007547061")}  # fmt: skip
        notices = await InboxMessage.count().where(InboxMessage.kind == "benefit_paid")
        assert notices == 9
        # Approved again (a double click, a replay): nobody is paid twice.
        assert (await post(client, f"{url}/approve")).status_code == 303
        assert await runs.approve_run(staff(supervisor), run["id"]) is False
        assert await BenefitPayment.count().where(BenefitPayment.status == "paid") == 9
        assert await InboxMessage.count().where(InboxMessage.kind == "benefit_paid") == 9
        assert await BenefitRunPayment.count() == 9
        assert await runs.prepare_run(staff(agent)) is None
        download = await client.get(f"{url}/pain001.xml")
        assert download.status_code == 200
        assert download.headers["content-type"].startswith("application/xml")
    xml = download.content  # validated against the XSD sepaxml bundles
    xmlschema.XMLSchema(str(XSD)).validate(xml.decode())
    root = ET.fromstring(xml)
    assert root.find(f"{NS}CstmrCdtTrfInitn/{NS}GrpHdr/{NS}NbOfTxs").text == "9"  # type: ignore[union-attr]
    assert root.find(f"{NS}CstmrCdtTrfInitn/{NS}GrpHdr/{NS}CtrlSum").text == "6143.51"  # type: ignore[union-attr]
    amounts_sent = sorted(e.text or "" for e in root.iter(f"{NS}InstdAmt"))
    assert amounts_sent == ["1638.26"] * 2 + ["409.57"] * 7
    assert {e.text for e in root.iter(f"{NS}IBAN")} == {"BE71096123456769", "BE62510007547061"}
    # The affiliate sees it paid, to which account (its last 4 digits), and what comes next.
    entitlement = await BenefitEntitlement.select(BenefitEntitlement.id).where(
        BenefitEntitlement.person == marc).first()  # fmt: skip
    assert entitlement is not None
    with clock.frozen(at(date(2025, 7, 2))):
        await log_in(client, "affiliate", marc)
        page = await client.get(f"/benefits/{entitlement['id']}")
        home = await client.get("/")
    assert page.text.count("BE.. .... .... 7061") == 9
    # The home page's "My benefits" says the last payment (June's), when and where.
    flat = home.text.replace("\u202f", " ").replace("\u00a0", " ")
    assert "Dernier paiement le 1er juillet 2025 : 1 638,26 € sur BE.. .... .... 7061" in flat
