"""An undue benefit claimed back reaches the ledger, stops what was still to pay, and is
told to the affiliate with its reasons, the appeal and the ways to repay.

Marc's bridging right (bankruptcy on 12 March 2025, as in test_entitlements.py), the 2025
figure confirmed at 1 638,26 EUR and a run on 1 July 2025 that paid the 7 segments, May and
June. He resumed his activity on 16 June 2025: on 10 July 2025 a supervisor records the claim.
June was paid in full, 15 of its 30 days (16 to 30 June) were not due:
1 638,26 x 15 / 30 = 819,13 EUR. The 9 payments still to come (July 2025 to February 2026 and
the last segment of March 2026) stop. The claim is booked in the third quarter of 2025 (the
decision's) and due 30 days after the decision: 9 August 2025.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest

from app.benefits import runs
from app.benefits import service as benefits
from app.benefits.tables import BenefitEntitlement, BenefitPayment, BenefitUndue
from app.documents.tables import Document
from app.kit import clock
from app.kit.tables import OutboxJob
from app.messaging.tables import InboxMessage
from app.payments.rules.communication import decode, format_communication
from app.payments.tables import LedgerEntry, PaymentAccount
from tests.integration.benefits.test_entitlements import at, granted_bridging_right
from tests.integration.benefits.test_payouts import FIGURE, SOURCE, post
from tests.support.actors import log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration

REASONS = ("Vous avez repris votre activité indépendante le 16 juin 2025 (inscription BCE). "
           "Le droit passerelle n'est plus dû à partir de cette date.")  # fmt: skip


async def paid_bridging_right(person: object) -> tuple[object, object]:
    """Marc's right, paid by a run approved on 1 July 2025; returns (entitlement, supervisor)."""
    from app.benefits import payouts

    await granted_bridging_right(person)  # type: ignore[arg-type]
    supervisor = await make_staff(role="supervisor", name="Sara Supervisor")
    await payouts.record_figure(staff(supervisor), FIGURE, date(2025, 1, 1),
                                Decimal("1638.26"), SOURCE)  # fmt: skip
    await payouts.set_account(staff(supervisor), person, "BE62510007547061", "Marc Lambert")  # type: ignore[arg-type]
    with clock.frozen(at(date(2025, 7, 1))):
        run_id = await runs.prepare_run(staff(supervisor))
        assert run_id is not None
        assert await runs.approve_run(staff(supervisor), run_id) is True
    row = await BenefitEntitlement.select(BenefitEntitlement.id).where(
        BenefitEntitlement.person == person).first()  # fmt: skip
    assert row is not None
    return row["id"], supervisor


async def test_an_undue_decision_reaches_the_ledger_and_the_affiliate(
    client: httpx.AsyncClient,
) -> None:
    marc = await make_person("Marc", "marc@example.be", last_name="Lambert")
    entitlement, supervisor = await paid_bridging_right(marc)
    assert await BenefitPayment.count().where(BenefitPayment.status == "paid") == 9
    url = f"/staff/people/{marc}/benefits/{entitlement}/undue"
    with clock.frozen(at(date(2025, 7, 10))):
        await log_in(client, "staff", supervisor)
        page = await client.get(url)
        assert page.status_code == 200 and 'value="record"' in page.text
        # The preview shows the amount; nothing is written yet.
        shown = await post(client, url, {"from": "2025-06-16", "motivation": "",
                                         "action": "preview"})  # fmt: skip
        assert shown.status_code == 200 and "819,13" in shown.text
        assert await BenefitUndue.count() == 0
        # A motivation of a word is refused next to its field; the day typed stays.
        short = await post(client, url, {"from": "2025-06-16", "motivation": "Reprise",
                                         "action": "record"})  # fmt: skip
        assert short.status_code == 422 and 'value="2025-06-16"' in short.text
        assert 'id="error-motivation"' in short.text
        future = await post(client, url, {"from": "2025-08-01", "motivation": REASONS,
                                          "action": "record"})  # fmt: skip
        assert future.status_code == 422 and 'id="error-from"' in future.text
        done = await post(client, url, {"from": "2025-06-16", "motivation": REASONS,
                                        "action": "record"})  # fmt: skip
        assert done.status_code == 303 and done.headers["location"] == url + "?done=recorded"
        # The same decision sent again records nothing more.
        again = await post(client, url, {"from": "2025-06-16", "motivation": REASONS,
                                         "action": "record"})  # fmt: skip
        assert again.status_code == 422
    [claim] = await BenefitUndue.select()
    assert (claim["amount"], claim["decided_on"], claim["repay_by"],
            claim["not_entitled_from"]) == (Decimal("819.13"), date(2025, 7, 10),
                                            date(2025, 8, 9), date(2025, 6, 16))  # fmt: skip
    # The ledger holds the claim, in the decision's quarter, due on the repayment date.
    account = await PaymentAccount.select().where(PaymentAccount.person == marc).first()
    assert account is not None
    [entry] = await LedgerEntry.select().where(LedgerEntry.account == account["id"])
    assert (entry["kind"], entry["amount"], entry["year"], entry["quarter"], entry["due_on"]) == (
        "undue_benefit", Decimal("819.13"), 2025, 3, date(2025, 8, 9))  # fmt: skip
    # Its structured communication leads back to that account, quarter and the undue kind (8).
    assert decode(claim["communication"]) == (account["number"], 2025, 3, 8)
    # What was still to pay stops; what was paid stays paid.
    statuses = [r["status"] for r in await BenefitPayment.select(BenefitPayment.status).where(
        BenefitPayment.entitlement == entitlement).order_by(BenefitPayment.number)]  # fmt: skip
    assert statuses == ["paid"] * 9 + ["cancelled"] * 9
    # The affiliate is told, and a worker makes the letter.
    [notice] = await InboxMessage.select().where(
        InboxMessage.dedupe_key == f"undue:{claim['id']}")  # fmt: skip
    assert notice["person"] == marc and notice["kind"] == "decision"
    assert notice["link"] == f"/benefits/{entitlement}#undue-{claim['id']}"
    assert "819,13" in notice["body"] and "9 août 2025" in notice["body"]
    jobs = await OutboxJob.select().where(OutboxJob.name == "benefits.undue_letter")
    assert len(jobs) == 1
    letter = await benefits.undue.make_undue_letter(claim["id"])
    assert letter is not None
    [document] = await Document.select().where(Document.person == marc,
                                               Document.kind == "undue_benefit")  # fmt: skip
    assert document["reference"].startswith("UB-20250710-")
    # The affiliate's page: the decision, the reasons, the transfer, the plan and the waiver.
    with clock.frozen(at(date(2025, 7, 11))):
        await log_in(client, "affiliate", marc)
        mine = await client.get(f"/benefits/{entitlement}")
    assert mine.status_code == 200
    assert "819,13" in mine.text and "16 juin 2025" in mine.text
    assert "Vous avez repris votre activité" in mine.text
    assert format_communication(claim["communication"]) in mine.text
    assert 'href="/account/contributions/plan"' in mine.text
    assert "/requests/ask?subject=" in mine.text
    # Someone else sees nothing of it.
    eva = await make_person("Eva", "eva@example.be", last_name="Maes")
    await log_in(client, "affiliate", eva)
    assert (await client.get(f"/benefits/{entitlement}")).status_code == 404


async def test_an_agent_without_the_file_cannot_record_a_claim(client: httpx.AsyncClient) -> None:
    marc = await make_person("Marc", "marc@example.be", last_name="Lambert")
    entitlement, _supervisor = await paid_bridging_right(marc)
    outsider = await make_staff(role="agent", team="other", name="Otto Other")
    await log_in(client, "staff", outsider)
    url = f"/staff/people/{marc}/benefits/{entitlement}/undue"
    assert (await client.get(url)).status_code in (403, 404)
    refused = await post(client, url, {"from": "2025-06-16", "motivation": REASONS,
                                       "action": "record"})  # fmt: skip
    assert refused.status_code in (403, 404)
    assert await BenefitUndue.count() == 0
