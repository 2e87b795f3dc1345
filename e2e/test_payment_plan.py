"""A payment plan on a phone (390 × 844): the affiliate with a late quarter builds a plan from
their balance, sees its schedule, files it; a supervisor approves it; the affiliate then sees
each payment with its structured communication and the QR code of the next one."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import _run, activate_affiliate, activate_staff, record_status
from e2e.test_journeys import shot
from e2e.test_requests import wait_for_text
from e2e.test_wizards import choose, fill, next_step, see_rights, start


def _late_quarter(person_id: uuid.UUID) -> None:
    """Q3 2026 issued in July, unpaid at 30 September: late, with its 3 % surcharge."""
    from app.kit import clock
    from app.payments import service

    async def make() -> None:
        with clock.frozen(datetime(2026, 7, 17, 9, 25, tzinfo=clock.BRUSSELS)):
            assert await service.issue_quarter_notice(person_id, 2026, 3)
        with clock.frozen(datetime(2026, 10, 1, 5, 10, tzinfo=clock.BRUSSELS)):
            await service.run_recovery_for(
                (await service.ensure_account(person_id)).id, person_id, clock.today()
            )

    _run(make)


def test_a_plan_built_approved_and_followed(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    page = browser.new_context(**browser_context_args).new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    _late_quarter(person["id"])

    page.goto(base_url + "/account/contributions")
    page.get_by_role("link", name="Payer en plusieurs fois : proposez un plan de paiement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un plan de paiement")
    expect(page.locator("#debt-title + p")).to_contain_text("944,29")  # 917,58 + 3 % × 890,42
    page.get_by_label("Nombre de mensualités").fill("5")
    page.get_by_role("button", name="Voir l'échéancier").click()
    expect(page.locator("table.plan tbody tr")).to_have_count(6)
    expect(page.locator("table.plan tfoot")).to_contain_text("944,29")
    page.get_by_label("Pourquoi payer en une fois est-il difficile ?").fill(
        "Un client important ne m'a pas payé cet été."
    )
    shot(page, "plan-builder")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]{36}$"))
    request_url = page.url

    staff = browser.new_context(**browser_context_args).new_page()
    activate_staff(staff, base_url, role="supervisor")
    staff.goto(base_url + "/staff/requests/" + request_url.rsplit("/", 1)[1])
    wait_for_text(staff, "Prendre cette demande")  # once the worker acknowledged it
    staff.get_by_role("button", name="Prendre cette demande").click()
    staff.get_by_role("link", name="Décider").click()
    expect(staff).to_have_url(re.compile(r"/decide$"))
    staff.get_by_label("Accorder", exact=True).check()
    staff.get_by_label("Motivation de la décision").fill("Plan conforme à notre politique.")
    staff.get_by_role("button", name="Enregistrer la décision").click()
    expect(staff.locator("h1 + p .tag.status-granted")).to_be_visible()  # the decision

    page.goto(base_url + "/account/contributions/plan")
    expect(page.get_by_text("Votre plan de paiement est en cours.")).to_be_visible()
    expect(page.locator(".plan-payments > li")).to_have_count(6)
    first = page.locator(".plan-payments > li").first
    expect(first).to_contain_text("Acompte")
    expect(first.locator("code")).to_have_text(re.compile(r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$"))
    expect(first.locator(".qr-code svg")).to_be_visible()  # the next payment's QR, open
    shot(page, "plan-running")
    page.goto(base_url + "/account/contributions")
    expect(page.locator("table.quarters")).to_contain_text("Dans un plan")


def test_the_guide_reads_the_balance_and_an_exemption_reaches_the_queue(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    """Issue 14, items 2 and 4: the payment-difficulty guide starts from the account's balance
    and ends in the exemption form, prefilled; the request reaches the staff queue with its
    documents, and staff forward it to INASTI."""
    page = browser.new_context(**browser_context_args).new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    _late_quarter(person["id"])

    start(page, base_url, "payment_difficulty")
    owed = page.get_by_label("Combien devez-vous à la caisse ?")
    expect(owed).to_have_value("944,29")  # the balance, not typed by the person
    expect(page.locator("[data-known]")).to_contain_text("Repris de votre compte de cotisations")
    expect(page.locator("[data-known]")).to_contain_text("2026-Q3")
    shot(page, "guide-owed-from-account")
    next_step(page, "capacity")
    fill(page, "Combien pourriez-vous payer", "150", "cause")
    choose(page, "Une maladie ou un accident", "duration")
    choose(page, "Plus de 6 mois", "activity")
    choose(page, "Activité à titre principal", "active")
    choose(page, "Oui", "income")
    next_step(page, "stopping")  # no new estimate of the income
    choose(page, "Non", "check")
    see_rights(page)
    expect(page.get_by_role("link", name="Proposer un plan de paiement")).to_have_attribute(
        "href", "/account/contributions/plan?instalments=7"
    )
    expect(page.locator('input[name="kind"][value="exemption"]')).to_have_count(0)
    shot(page, "guide-outcome-account-pages")
    page.get_by_role("link", name="Préparer ma demande de dispense").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Demander une dispense de cotisations"
    )
    expect(page.get_by_role("radio", name="Maladie ou accident")).to_be_checked()
    page.get_by_label("Trimestre 3 2026").check()
    page.get_by_label("Revenu net mensuel de votre ménage (EUR)").fill("1 450,00")
    page.get_by_label("Personnes de votre ménage").fill("3")
    page.get_by_label("Enfants à charge").fill("1")
    page.get_by_label("Loyer ou crédit hypothécaire mensuel (EUR)").fill("780")
    page.get_by_label("Autres dettes (EUR)").fill("0")
    page.get_by_label("Expliquez votre situation").fill(
        "Opérée en août, je n'ai pas pu travailler pendant trois mois."
    )
    certificate = tmp_path / "certificat-medical.pdf"
    certificate.write_bytes(b"%PDF-1.4\n% medical certificate\n")
    page.get_by_label("Pièces justificatives").set_input_files(str(certificate))
    shot(page, "exemption-form")
    page.get_by_role("button", name="Envoyer ma demande").click()
    banner = page.get_by_role("status").filter(has_text="Votre demande a été envoyée")
    expect(banner).to_be_visible()
    reference = re.search(r"AF-\d{4}-\d{6}", banner.inner_text())
    assert reference is not None

    staff = browser.new_context(**browser_context_args).new_page()
    activate_staff(staff, base_url, role="supervisor")
    staff.goto(base_url + "/staff/?kind=exemption")
    wait_for_text(staff, reference.group())  # once the worker acknowledged it
    staff.get_by_role("link", name=reference.group()).click()
    expect(staff.get_by_role("link", name="certificat-medical.pdf")).to_be_visible()
    expect(staff.get_by_text("L'INASTI décide de cette demande")).to_be_visible()
    wait_for_text(staff, "Prendre cette demande")
    staff.get_by_role("button", name="Prendre cette demande").click()
    staff.get_by_label("Note pour le dossier (facultatif)").fill("Dossier complet.")
    staff.get_by_role("button", name="Transmettre à l'INASTI").click()
    expect(staff.locator("h1 + p .tag.status-forwarded")).to_be_visible()
    expect(staff.get_by_text("suspendu\u00a0: l'INASTI décide")).to_be_visible()  # the clock
    shot(staff, "exemption-forwarded-staff")
    page.reload()
    expect(page.locator(".tag.status-forwarded").first).to_be_visible()


def test_staff_offer_other_terms_and_the_affiliate_accepts_them(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    """Issue 14, item 1: an advance below the policy goes to a supervisor, who offers other
    terms; the affiliate accepts them in one step and the plan runs."""
    page = browser.new_context(**browser_context_args).new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    _late_quarter(person["id"])
    page.goto(base_url + "/account/contributions/plan")
    page.get_by_label("Acompte que vous payez d'abord (EUR)").fill("50")
    page.get_by_label("Nombre de mensualités").fill("10")
    page.get_by_label("Pourquoi payer en une fois est-il difficile ?").fill(
        "Mes revenus ont baissé de moitié."
    )
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]{36}$"))
    request_id = page.url.rsplit("/", 1)[1]

    staff = browser.new_context(**browser_context_args).new_page()
    activate_staff(staff, base_url, role="supervisor")
    staff.goto(base_url + "/staff/requests/" + request_id)
    wait_for_text(staff, "Prendre cette demande")
    staff.get_by_role("button", name="Prendre cette demande").click()
    shot(staff, "plan-panel-staff")
    staff.get_by_role("link", name="Offrir d'autres conditions").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Offrir d'autres conditions")
    staff.get_by_label("Acompte (EUR)").fill("300,00")
    staff.get_by_label("Nombre de mensualités").fill("4")
    staff.get_by_role("button", name="Voir l'échéancier").click()
    expect(staff.locator("table.plan tbody tr")).to_have_count(5)
    staff.get_by_label("Motivation de la décision").fill(
        "Un acompte de 20 % au moins est notre règle ; nous proposons 300 € puis 4 mois."
    )
    shot(staff, "counter-proposal")
    staff.get_by_role("button", name="Envoyer l'offre").click()
    expect(staff.locator("h1 + p .tag.status-partly_granted")).to_be_visible()

    page.goto(base_url + "/account/contributions/plan")
    offer = page.locator("#field-offer")
    expect(offer).to_contain_text("300,00")
    expect(offer.locator("table.plan tbody tr")).to_have_count(5)
    shot(page, "plan-offer")
    page.set_viewport_size({"width": 320, "height": 700})  # the smallest phones still in use
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    shot(page, "plan-offer-320")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Accepter ce plan").click()
    expect(page.get_by_text("Votre plan de paiement est en cours.")).to_be_visible()
    expect(page.locator(".plan-payments > li")).to_have_count(5)
