"""Delegated access in Chromium on two phones (issue 18): Camille gives her accountant a mandate
to read her account and file requests; the accountant accepts it with her own passkey account,
files an adjustment of Camille's provisional contributions; Camille finds it in her requests
and her inbox, revokes the mandate, and the accountant's pages for Camille are gone (404)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from e2e.auth import activate_affiliate, record_status

TIMEOUT = 20_000
SHOTS = Path(os.environ.get("DATA_DIR", "var/e2e")) / "screens"


def phone(browser: Browser, context_args: dict[str, Any]) -> Page:
    return browser.new_context(**context_args).new_page()


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_mandate_given_used_seen_and_revoked(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    camille_page = phone(browser, browser_context_args)
    marie_page = phone(browser, browser_context_args)
    camille = activate_affiliate(camille_page, base_url)
    record_status(camille["id"])
    marie = activate_affiliate(marie_page, base_url, first_name="Marie", last_name="Dupont")
    camille_name = f"{camille['first_name']} {camille['last_name']}"

    # Camille gives the mandate: a missing scope is refused next to its field, nothing lost.
    camille_page.goto(base_url + "/account")
    camille_page.get_by_role("link", name=re.compile("Mes mandats")).click()
    expect(camille_page.get_by_role("heading", level=1)).to_have_text("Mes mandats")
    camille_page.get_by_label("Nom de la personne ou du bureau").fill("Marie Dupont")
    camille_page.get_by_role("button", name="Donner le mandat").click()
    expect(camille_page.locator("#error-scopes")).to_be_visible()
    expect(camille_page.get_by_label("Nom de la personne ou du bureau")).to_have_value(
        "Marie Dupont"
    )
    camille_page.get_by_label("Consulter mon compte de cotisations et mes demandes").check()
    camille_page.get_by_label("Introduire des demandes pour moi").check()
    camille_page.get_by_role("button", name="Donner le mandat").click()
    invitation = camille_page.locator("#invitation code")
    expect(invitation).to_contain_text("/mandates/invitations/")
    link = invitation.inner_text().strip()
    expect(camille_page.locator("ul.mandates > li")).to_contain_text("En attente d’acceptation")
    fits(camille_page)
    shot(camille_page, "mandates")

    # Marie opens the link with her own account and accepts.
    marie_page.goto(link)
    expect(marie_page.get_by_text(f"{camille_name} vous donne un mandat")).to_be_visible()
    marie_page.get_by_role("button", name="Accepter le mandat").click()
    expect(marie_page).to_have_url(re.compile(r"/clients\?done=accepted"), timeout=TIMEOUT)
    card = marie_page.locator("ul.clients > li").filter(has_text=camille_name)
    expect(card).to_contain_text("Actif")
    expect(card).to_contain_text("Introduire des demandes pour cette personne")
    fits(marie_page)
    shot(marie_page, "clients")

    # She files an adjustment for Camille: an empty reason is refused, the income kept.
    card.get_by_role("link", name=re.compile("Demander d’adapter les cotisations")).click()
    marie_page.get_by_label(re.compile("Son revenu professionnel net imposable")).fill("20000")
    marie_page.get_by_label(re.compile("Sa cotisation provisoire actuelle")).fill("1500")
    marie_page.get_by_label("Diminuer les cotisations provisoires de mon client").check()
    marie_page.get_by_role("button", name="Introduire la demande pour mon client").click()
    expect(marie_page.locator("#error-justification")).to_be_visible()
    expect(marie_page.get_by_label(re.compile("Son revenu professionnel"))).to_have_value("20000")
    fits(marie_page)
    shot(marie_page, "client_adjust_error")
    marie_page.get_by_label("Pourquoi son revenu sera-t-il différent ?").fill(
        "Perte de son principal client en avril."
    )
    marie_page.get_by_role("button", name="Introduire la demande pour mon client").click()
    expect(marie_page.get_by_role("heading", level=1)).to_contain_text("Demande introduite pour")
    reference = re.search(r"AF-\d{4}-\d{6}", marie_page.locator("main").inner_text())
    assert reference is not None
    marie_page.goto(f"{base_url}/clients/{camille['id']}/account")
    expect(marie_page.locator("ul.client-requests")).to_contain_text(reference.group(0))
    fits(marie_page)
    shot(marie_page, "client_account")

    # Camille sees the request, the notice, and who did what on her privacy page.
    camille_page.goto(base_url + "/requests")
    expect(camille_page.locator("main")).to_contain_text(reference.group(0))
    camille_page.goto(base_url + "/inbox")
    expect(camille_page.locator("main")).to_contain_text(
        "Marie Dupont a introduit une demande pour vous"
    )
    camille_page.goto(base_url + "/account/privacy")
    expect(camille_page.locator("ul.mandatary-actions")).to_contain_text(
        f"Marie Dupont, votre mandataire, a introduit une demande pour vous {reference.group(0)}"
    )

    # She revokes; Marie's pages for her answer 404 from then on.
    camille_page.goto(base_url + "/account/mandates")
    camille_page.get_by_role("button", name="Révoquer le mandat de Marie Dupont").click()
    expect(camille_page.locator("ul.mandates > li").first).to_contain_text("Révoqué")
    for path in ("account", "adjust"):
        response = marie_page.goto(f"{base_url}/clients/{camille['id']}/{path}")
        assert response is not None and response.status == 404, path
    marie_page.goto(base_url + "/clients")
    expect(marie_page.locator("ul.clients")).to_have_count(0)
    assert marie["id"] != camille["id"]
