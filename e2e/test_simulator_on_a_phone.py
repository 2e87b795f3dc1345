"""Issue 12 on a 390×844 phone: one live request per answer, focus and title after an error,
one yearly figure, plain words for unconfirmed figures, the adjustment form's facts."""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, Request, expect

from e2e.auth import activate_affiliate, record_status

SHOTS = Path(os.environ.get("SHOTS_DIR", "var/shots"))
INCOME = "Votre revenu professionnel net imposable de l'année, en euros"


def _shot(page: Page, name: str) -> None:
    if os.environ.get("SHOTS_DIR") or SHOTS.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_a_radio_click_sends_one_request_and_no_console_error(page: Page, base_url: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "/simulator?year=2025")
    page.get_by_label(INCOME).fill("25000")
    result = page.locator("#simulation-result")
    expect(result).to_contain_text("1\u202f281,25\u00a0€")
    page.wait_for_timeout(600)

    sent: list[Request] = []
    failed: list[Request] = []
    page.on("request", lambda r: sent.append(r) if "/simulator?" in r.url else None)
    page.on("requestfailed", lambda r: failed.append(r))
    page.get_by_label("Pensionné actif").check()
    expect(result).to_contain_text("918,75\u00a0€")
    page.wait_for_timeout(800)
    assert len(sent) == 1, [r.url for r in sent]
    assert failed == [] and errors == []


def test_after_an_error_focus_goes_to_the_summary_and_the_title_says_so(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "/simulator?year=2025")
    income = page.get_by_label(INCOME)
    income.fill("1e5")
    # While typing the focus stays in the field; the title already says there is an error.
    expect(page.locator("#live-error-income")).to_contain_text("Utilisez uniquement des chiffres")
    expect(income).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Erreur\u00a0: Simulateur de cotisations"))
    # Sent with the button: the summary takes the focus, each error links to its field.
    page.get_by_role("button", name="Calculer").click()
    summary = page.locator("#simulator-errors .error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#field-income")
    _shot(page, "simulator-error")
    income.fill("150000")
    expect(page).to_have_title(re.compile(r"^Simulateur de cotisations"))
    result = page.locator("#simulation-result")
    expect(result).to_contain_text("19\u202f983,12\u00a0€")
    expect(result).not_to_contain_text("19\u202f983,13")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_unconfirmed_figures_in_plain_words_on_a_phone(page: Page, base_url: str) -> None:
    page.goto(base_url + "/simulator?year=2025&category=secondary&income=5000")
    notice = page.locator("#unconfirmed-notice")
    expect(notice).to_contain_text("calculé d'après la loi et l'indice de l'année")
    expect(notice).not_to_contain_text("derived")
    expect(notice).not_to_contain_text("facts.md")
    notice.scroll_into_view_if_needed()
    _shot(page, "simulator-unconfirmed")
    page.locator("ol.explanation").scroll_into_view_if_needed()
    _shot(page, "simulator-explanation")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_adjustment_form_on_a_phone(page: Page, base_url: str, tmp_path: Path) -> None:
    person = activate_affiliate(page, base_url)
    record_status(person["id"], category="main")
    page.goto(base_url + "/simulator/adjust?year=2026&income=20000")
    # The category the fund knows is a fact, not a question; the amount is still asked.
    facts = page.locator("#known-facts")
    expect(facts).to_contain_text("Activité à titre principal")
    expect(page.locator('input[name="category"][type="radio"]')).to_have_count(0)
    expect(page.locator("#field-current_quarterly")).to_be_visible()
    _shot(page, "adjust-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # A file chosen, the form sent with an error: the person is told to choose it again.
    evidence = tmp_path / "lettre.pdf"
    evidence.write_bytes(b"%PDF-1.4\nevidence\n")
    page.locator("#field-current_quarterly").fill("1500")
    page.locator("#field-attachment").set_input_files(str(evidence))
    page.get_by_label("Réduire mes cotisations provisoires").check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page).to_have_title(re.compile(r"^Erreur\u00a0: "))
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#error-attachment")).to_contain_text(
        "Vous aviez choisi lettre.pdf\u00a0: choisissez à nouveau votre fichier"
    )
    page.locator("#field-attachment").scroll_into_view_if_needed()
    _shot(page, "adjust-form-2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
