"""Issue 19, paying benefits: an affiliate whose bridging right is granted sees its schedule,
and after a payment run approved by a supervisor, each period "payé le … sur BE.. …". On a
phone (390 × 844), in Chromium."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from playwright.sync_api import Browser, Page, expect

from e2e.auth import _run, activate_affiliate, activate_staff, record_status
from e2e.test_wizards import PHONE

ANSWERS = {
    "event": "bankruptcy",
    "event_date": "2025-03-12",
    "guide": {"wizard": "bankruptcy", "answers": {"career_years": "8", "family_charge": "no"}},
}


def grant_bridging_right(person_id: uuid.UUID) -> uuid.UUID:
    """Filed, granted by a supervisor, its 2025 figure confirmed, a payout account given."""

    async def grant() -> uuid.UUID:
        from app.benefits import payouts
        from app.benefits.rules.common import BenefitKind
        from app.benefits.service import open_entitlement
        from app.kit import audit
        from app.kit.db import fetch
        from app.requests import service as requests
        from tests.support.actors import make_staff

        agent = audit.Actor(kind="staff", id=await make_staff(role="supervisor"))
        submitted = await requests.submit_request(
            audit.Actor(kind="affiliate", id=person_id), person_id=person_id,
            kind="bridging_right", answers=dict(ANSWERS), idempotency_key="e2e-bridging",
        )  # fmt: skip
        await requests.acknowledge_request(submitted.id)
        await requests.take_request(agent, submitted.id)
        await requests.decide_request(agent, submitted.id, decision="grant",
                                      motivation="Conditions remplies.")  # fmt: skip
        await open_entitlement(agent, BenefitKind.BRIDGING_RIGHT, person_id, submitted.id,
                               "e2e", ANSWERS)  # fmt: skip
        await payouts.record_figure(agent, "guides.bridging.monthly_single", date(2025, 1, 1),
                                    Decimal("1638.26"), "INASTI, montants 2025")  # fmt: skip
        await payouts.set_account(agent, person_id, "BE62510007547061", "Test Affilié")
        [row] = await fetch("SELECT id FROM benefit_entitlement WHERE person = {}", person_id)
        return row["id"]  # type: ignore[no-any-return]

    return _run(grant)


def approve_latest_run() -> None:
    async def approve() -> None:
        from app.benefits import runs
        from app.kit import audit
        from tests.support.actors import make_staff

        [latest] = await runs.runs(limit=1)
        supervisor = audit.Actor(kind="staff", id=await make_staff(role="supervisor"))
        assert await runs.approve_run(supervisor, latest.id) is True

    _run(approve)


def test_a_granted_bridging_right_is_paid_after_a_run(
    page: Page, browser: Browser, base_url: str
) -> None:
    person = activate_affiliate(page, base_url)
    record_status(person["id"], "main")
    entitlement = grant_bridging_right(person["id"])
    page.goto(f"{base_url}/benefits/{entitlement}")
    expect(page.get_by_role("heading", name="Calendrier des paiements")).to_be_visible()
    expect(page.get_by_text("payé le")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A staff member prepares the run with the button; a supervisor approves it.
    staff_context = browser.new_context(viewport=PHONE, locale="fr-BE")
    staff_page = staff_context.new_page()
    activate_staff(staff_page, base_url, role="agent")
    staff_page.goto(f"{base_url}/staff/benefits/runs")
    staff_page.get_by_role("button", name="Préparer un lot maintenant").click()
    expect(staff_page.get_by_role("heading", level=1)).to_contain_text("Lot du")
    expect(staff_page.get_by_text("Seul un superviseur peut approuver un lot.")).to_be_visible()
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    staff_context.close()
    approve_latest_run()

    page.goto(f"{base_url}/benefits/{entitlement}")
    paid = page.get_by_text("payé le", exact=False)
    expect(paid.first).to_contain_text("sur BE.. .... .... 7061")
    assert paid.count() == 15  # the 2025 periods; 2026's amounts are not yet confirmed
    expect(page.get_by_text("Montant pas encore confirmé").first).to_be_visible()
    page.screenshot(path="var/e2e/benefits-paid.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_undue_benefit_recorded_by_staff_reaches_the_affiliate(
    page: Page, browser: Browser, base_url: str
) -> None:
    """After the run (every 2025 period paid), a supervisor records that the right was not
    due from 16 December 2025: 16 of December's 31 days, 1 638,26 x 16 / 31 = 845,55 EUR."""
    person = activate_affiliate(page, base_url)
    record_status(person["id"], "main")
    entitlement = grant_bridging_right(person["id"])

    async def prepare() -> None:
        from app.benefits import runs
        from app.kit import audit
        from tests.support.actors import make_staff

        agent = audit.Actor(kind="staff", id=await make_staff(role="supervisor"))
        await runs.prepare_run(agent)

    _run(prepare)
    approve_latest_run()

    staff_context = browser.new_context(viewport=PHONE, locale="fr-BE")
    staff_page = staff_context.new_page()
    activate_staff(staff_page, base_url, role="supervisor")
    staff_page.goto(f"{base_url}/staff/people/{person['id']}/benefits/{entitlement}/undue")
    staff_page.get_by_label("Non due à partir du").fill("2025-12-16")
    staff_page.get_by_label("Motivation de la décision").fill(
        "Vous avez repris votre activité indépendante le 16 décembre 2025 (BCE)."
    )
    staff_page.get_by_role("button", name="Afficher le montant").click()
    expect(staff_page.get_by_text("Montant à rembourser : 845,55 €")).to_be_visible()
    staff_page.get_by_role("button", name="Enregistrer la décision").click()
    expect(staff_page.get_by_text("La récupération est enregistrée")).to_be_visible()
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    staff_context.close()

    page.goto(f"{base_url}/benefits/{entitlement}")
    expect(page.get_by_role("heading", name="Prestation à rembourser : 845,55 €")).to_be_visible()
    expect(page.get_by_text("Vous avez repris votre activité indépendante")).to_be_visible()
    expect(
        page.get_by_role("link", name="Demander une renonciation, avec vos raisons")
    ).to_be_visible()
    expect(page.get_by_text("+++", exact=False).first).to_be_visible()
    page.screenshot(path="var/e2e/benefits-undue.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
