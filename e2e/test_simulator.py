"""The simulator on a phone: live results with htmx, errors kept, an adjustment filed."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.auth import activate_affiliate, grant_request, record_status


def test_live_result_category_change_and_error_on_a_phone(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator?year=2025")
    expect(page.get_by_role("heading", level=1)).to_have_text("Simulateur de cotisations")
    page.evaluate("window.__notReloaded = true")

    page.get_by_label("Votre revenu professionnel net imposable de l'année, en euros").fill("25000")
    result = page.locator("#simulation-result")
    expect(result).to_contain_text("1\u202f281,25\u00a0€")  # net per quarter, liantis.be
    expect(result).to_contain_text("sur la première tranche jusqu'à 73\u202f447,52\u00a0€")
    # htmx swapped the result in place and pushed a shareable URL.
    assert page.evaluate("window.__notReloaded") is True
    expect(page).to_have_url(re.compile(r"income=25000"))

    page.get_by_label("Pensionné actif").check()
    expect(result).to_contain_text("918,75\u00a0€")  # pensioner 2025, liantis.be
    assert page.evaluate("window.__notReloaded") is True

    income = page.get_by_label("Votre revenu professionnel net imposable de l'année, en euros")
    income.fill("-500")
    expect(page.locator("#live-error-income")).to_contain_text(
        "Indiquez un revenu égal ou supérieur à zéro."
    )
    expect(page.locator("#simulator-errors")).to_contain_text("Il y a un problème")
    # The other answers are kept and the person can keep typing.
    expect(income).to_have_value("-500")
    expect(income).to_be_focused()
    expect(page.get_by_label("Pensionné actif")).to_be_checked()
    expect(page.locator("#field-year")).to_have_value("2025")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    income.fill("25000")
    expect(page.locator("#live-error-income")).to_be_empty()
    expect(result).to_contain_text("918,75\u00a0€")

    # Switching language brings back the simulation typed, not the page as first loaded.
    expect(page).to_have_url(re.compile(r"category=pensioner"))
    page.get_by_role("button", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_label("Actief gepensioneerde")).to_be_checked()
    expect(page.locator("#simulation-result")).to_contain_text("918,75")


def test_file_an_adjustment_request_and_see_its_reference(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url)
    record_status(person["id"])  # a known affiliate, main activity since 2020
    page.goto(base_url + "/simulator")
    page.get_by_label("Votre revenu professionnel net imposable de l'année, en euros").fill("20000")
    page.get_by_role("link", name=re.compile("Demander de diminuer ou d'augmenter")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Adapter mes cotisations provisoires")
    expect(page.locator("#field-income")).to_have_value("20000")
    page.get_by_label("Votre cotisation provisoire actuelle par trimestre, en euros").fill("1500")
    expect(page.locator("#adjust-preview")).to_contain_text("une diminution")
    # Another catalogue may already translate this msgid ("Réduire"): accept both wordings.
    page.get_by_label(re.compile("(Diminuer|Réduire) mes cotisations provisoires")).check()
    page.get_by_label("Pourquoi votre revenu sera-t-il différent").fill(
        "J'ai perdu mon principal client en janvier."
    )
    page.get_by_role("button", name="Envoyer ma demande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Demande envoyée")
    expect(page.locator(".banner.success")).to_contain_text(re.compile(r"AF-\d{4}-\d{6}"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Once granted, the simulator starts from the income it set (URL parameters win); while
    # it waits for a decision, the form starts from the status the fund knows.
    reference = page.locator(".banner.success").inner_text()
    found = re.search(r"AF-\d{4}-\d{6}", reference)
    assert found is not None
    page.goto(base_url + "/simulator")
    expect(page.locator(".prefill-note")).not_to_contain_text(found.group(0))
    grant_request(found.group(0))
    page.goto(base_url + "/simulator")
    expect(page.locator(".prefill-note")).to_contain_text(found.group(0))
    income_field = page.get_by_label(
        "Votre revenu professionnel net imposable de l'année, en euros"
    )
    expect(income_field).to_have_value("20000")
    expect(page.locator("#simulation-result")).to_contain_text("par trimestre")
    page.goto(base_url + "/simulator?income=30000")
    expect(page.locator(".prefill-note")).to_have_count(0)
    expect(income_field).to_have_value("30000")
