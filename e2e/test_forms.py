"""Forms and brochures on a phone (390 × 844, issue 15 item 5): from a guide to its life
event's key facts, with the year's figures, and the forms page with its links to file online
and to print."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.test_journeys import payment_difficulty_to_the_outcome
from e2e.test_wizards import PHONE

SHOTS = Path(os.environ.get("DATA_DIR", "var/e2e")) / "shots"


def shot(page: Page, name: str) -> None:
    """A phone screenshot to look at (var/<data dir>/shots/<name>.png), nothing wider."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_from_a_guide_to_its_key_facts(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/wizards/starting_out")
    page.get_by_role("link", name=re.compile("^Informations clés.*montants et délais")).click()
    expect(page).to_have_url(f"{base_url}/forms/starting_out")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se lancer")
    facts = page.locator("#facts")
    # 2026's minimum quarterly contribution of a main activity (facts.md §1.2: 890,42).
    expect(facts).to_contain_text("au moins 890,42\u00a0€ par trimestre")
    expect(facts.locator(".tag.unconfirmed").first).to_have_text("à confirmer")
    facts.get_by_text("Source").first.click()
    expect(facts.locator("details.sources").first).to_have_attribute("open", "")
    shot(page, "forms-key-facts-starting-out")
    # The guide is one tap away, and so are the life event's forms.
    expect(page.get_by_role("link", name="Ouvrir le guide")).to_have_attribute(
        "href", "/wizards/starting_out"
    )
    expect(page.locator("#form-affiliation")).to_be_visible()


def test_an_outcome_links_to_its_key_facts(page: Page, base_url: str) -> None:
    payment_difficulty_to_the_outcome(page, base_url)
    page.get_by_role("link", name="Informations clés et formulaires de cette étape de vie").click()
    expect(page).to_have_url(f"{base_url}/forms/payment_difficulty")
    expect(page.locator("#facts")).to_contain_text("3\u00a0% de plus à la fin de chaque trimestre")


def test_the_forms_page_on_a_phone(page: Page, base_url: str) -> None:
    page.goto(base_url + "/contact")
    page.get_by_role("contentinfo").get_by_role("link", name="Formulaires et brochures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formulaires et brochures")
    expect(page.locator("#events .card")).to_have_count(7)
    card = page.locator("#form-exemption")
    expect(card.get_by_role("heading")).to_have_text("Dispense de cotisations")
    card.get_by_text("Qui, quels documents, pour quand").click()
    expect(card).to_contain_text("pas pendant vos 4 premiers trimestres")
    expect(card.get_by_role("link", name="L'introduire en ligne")).to_have_attribute(
        "href", "/account/contributions/exemption"
    )
    pdf_link = card.get_by_role("link", name="Imprimer le formulaire (PDF)")
    href = pdf_link.get_attribute("href")
    assert href == "/forms/blank/exemption"
    # The PDF once the worker made it, else the same form as a page to print: never an error.
    response = page.request.get(base_url + href)
    assert response.ok
    kind = response.headers["content-type"]
    assert kind == "application/pdf" or "Dispense de cotisations" in response.text()
    shot(page, "forms-index")
