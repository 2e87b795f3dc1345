"""The home page on a phone: French by default, switched to Dutch, usable at 390 px."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_home_in_french_then_dutch_on_a_phone(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre statut social d'indépendant, simplement"
    )
    # Landmarks and the skip link are there for keyboard and screen-reader users.
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("banner")).to_be_visible()
    expect(page.get_by_role("link", name="Aller au contenu principal")).to_be_attached()
    # Nothing overflows the phone's width.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390

    page.get_by_role("button", name="NL").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Uw sociaal statuut als zelfstandige, eenvoudig"
    )
    expect(page.get_by_role("button", name="NL")).to_have_attribute("aria-pressed", "true")

    # The choice is remembered on the next visit.
    page.goto(base_url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_unknown_page_is_a_friendly_404_in_the_users_language(page: Page, base_url: str) -> None:
    response = page.goto(base_url + "/does-not-exist")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    expect(page.get_by_role("link", name="Retour à l'accueil")).to_be_visible()
