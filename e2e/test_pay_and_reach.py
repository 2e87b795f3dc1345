"""Issue 20 on a phone (390 × 844), in Chromium: the affiliate signs a SEPA direct-debit
mandate, confirming with the passkey (step-up), and sees when the next quarter is collected;
a staff member publishes times, the affiliate books one, the member sees it, it is cancelled."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect

from e2e.auth import (
    _run,
    activate_affiliate,
    activate_staff,
    assign_account_manager,
    record_status,
    step_up,
)
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


def next_working_day() -> date:
    """The first working day after today in Brussels (Belgian holidays and weekends skipped)."""
    from app.kit import clock
    from app.messaging.rules.appointments import working_day

    day = clock.today() + timedelta(days=1)
    while not working_day(day):
        day += timedelta(days=1)
    return day


def test_staff_publish_the_affiliate_books_staff_see_it_then_it_is_cancelled(
    page: Page, browser: Browser, base_url: str
) -> None:
    day = next_working_day()
    staff_context = browser.new_context(viewport=PHONE, locale="fr-BE")
    staff_page = staff_context.new_page()
    agent = activate_staff(staff_page, base_url, full_name="Marie Dupont")
    staff_page.goto(f"{base_url}/staff/appointments")
    staff_page.get_by_label("Jour", exact=True).fill(day.isoformat())
    staff_page.get_by_label("Le premier créneau commence à").fill("10:00")
    staff_page.get_by_label("Durée de chaque créneau (minutes)").fill("30")
    staff_page.get_by_label("Nombre de créneaux").fill("2")
    staff_page.get_by_label("Où").select_option("office")
    staff_page.get_by_role("button", name="Publier", exact=True).click()
    expect(staff_page.locator(".banner.success")).to_contain_text("Vos créneaux sont publiés")
    expect(staff_page.locator("ol.agenda > li")).to_have_count(2)
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.set_viewport_size(PHONE)
    person = activate_affiliate(page, base_url, first_name="Camille")
    assign_account_manager(person["id"], agent["id"])
    page.goto(f"{base_url}/appointments")
    page.get_by_role("link", name="Prendre rendez-vous").click()
    expect(page.get_by_text("Voici les moments libres de votre gestionnaire")).to_be_visible()
    # No time chosen: told next to the list, the note kept.
    page.get_by_label("De quoi souhaitez-vous parler ? (facultatif)").fill("Mon plan de paiement")
    page.get_by_role("button", name="Réserver ce moment").click()
    expect(page.locator("#error-slot")).to_contain_text("Choisissez un des moments libres.")
    expect(page.get_by_label("De quoi souhaitez-vous parler ? (facultatif)")).to_have_value(
        "Mon plan de paiement"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="var/e2e/appointment-book.png", full_page=True)
    page.get_by_label(re.compile(r"10:00–10:30 · Au bureau")).check()
    page.get_by_role("button", name="Réserver ce moment").click()
    expect(page.locator(".banner.success")).to_contain_text("Votre rendez-vous est pris")
    card = page.locator("ul.card-list > li.card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("10:00–10:30")
    expect(card).to_contain_text("Au bureau · avec Marie Dupont")
    expect(card.get_by_role("link", name="Ajouter à mon agenda")).to_have_attribute(
        "href", re.compile(r"/appointments/[0-9a-f-]+/calendar\.ics")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path="var/e2e/appointment-booked.png", full_page=True)

    # The member sees it in their day, with the person's note.
    staff_page.goto(f"{base_url}/staff/appointments?day={day.isoformat()}")
    booked = staff_page.locator("ol.agenda > li").first
    expect(booked).to_contain_text(f"{person['first_name']} {person['last_name']}")
    expect(booked).to_contain_text("Sa note : Mon plan de paiement")
    staff_page.screenshot(path="var/e2e/appointment-staff-day.png", full_page=True)
    staff_context.close()

    # Cancelled by the person: the time is free again.
    page.get_by_text("Annuler ce rendez-vous").click()
    page.get_by_label("Pourquoi ? (facultatif)").fill("Je serai en déplacement")
    page.get_by_role("button", name="Annuler le rendez-vous").click()
    expect(page.locator(".banner.success")).to_contain_text("Votre rendez-vous est annulé.")
    expect(page.get_by_text("Aucun rendez-vous à venir.")).to_be_visible()
    expect(page.locator("ul.link-list")).to_contain_text("Annulé")
