"""Issue 20 on a phone (390 × 844), in Chromium: the affiliate signs a SEPA direct-debit
mandate, confirming with the passkey (step-up), and sees when the next quarter is collected."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from e2e.auth import _run, activate_affiliate, record_status, step_up
from e2e.test_requests import expire_step_up
from e2e.test_wizards import PHONE


def issue_fourth_quarter(person_id: uuid.UUID) -> None:
    """The 2026 Q4 notice: the quarter ends on 31 December, four weeks after today."""

    async def issue() -> None:
        from app.payments import service

        assert await service.issue_quarter_notice(person_id, 2026, 4)

    _run(issue)


def test_sign_a_mandate_with_step_up_and_see_the_next_collection(page: Page, base_url: str) -> None:
    page.set_viewport_size(PHONE)
    person = activate_affiliate(page, base_url)
    record_status(person["id"], "main")
    issue_fourth_quarter(person["id"])

    page.goto(f"{base_url}/account/contributions")
    page.get_by_role("link", name="Payer chaque trimestre par domiciliation").click()
    expect(page.get_by_role("heading", level=1, name="Domiciliation")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A wrong IBAN and no consent: told next to each field, the holder's name kept.
    page.get_by_label("IBAN du compte à débiter").fill("BE00 1234")
    page.get_by_label("Nom du titulaire du compte").fill("Camille Dubois")
    page.get_by_role("button", name="Signer le mandat").click()
    expect(page.locator("#error-iban")).to_be_visible()
    expect(page.locator("#error-consent")).to_be_visible()
    expect(page.get_by_label("Nom du titulaire du compte")).to_have_value("Camille Dubois")

    # Signing needs a fresh confirmation with the passkey: an hour-old one is not enough.
    expire_step_up(page)
    page.get_by_label("IBAN du compte à débiter").fill("BE62 5100 0754 7061")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Signer le mandat").click()
    expect(page).to_have_url(re.compile(r"/step-up"))
    step_up(page)
    expect(page).to_have_url(re.compile(r"/account/direct-debit/confirm"))
    expect(page.locator("dl.summary")).to_contain_text("Camille Dubois")
    page.get_by_role("button", name="Signer le mandat").click()

    expect(page).to_have_url(re.compile(r"/account/direct-debit"))
    expect(page.locator("p.banner[role=status]")).to_contain_text("Votre mandat est signé")
    expect(page.locator("#mandate-reference")).to_have_text(re.compile(r"^AFD-\d{6}-01$"))
    # 917,58 € (the 2026 minimum quarterly contribution, fees included) on the quarter's due
    # date, announced at least 14 days before.
    expect(page.locator("#next-collection")).to_have_text(
        re.compile(r"917,58\s€ le 31 décembre 2026 \(trimestre 4 2026\)")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Revoked at any time: nothing more will be collected.
    page.get_by_role("button", name="Révoquer mon mandat").click()
    expect(page.locator("p.banner[role=status]")).to_contain_text("Votre mandat est révoqué")
    expect(page.locator("#next-collection")).to_have_count(0)
