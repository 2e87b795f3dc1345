"""The journeys as a person on a phone (390 × 844) lives them (issue 12): nothing filed by
surprise, a check page with a declaration before filing, the outcome still there afterwards,
and the page title and the focus following every htmx step of a guide."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.auth import _run, activate_affiliate
from e2e.test_wizards import PHONE, choose, fill, next_step, see_rights, start

SHOTS = Path(os.environ.get("DATA_DIR", "var/e2e")) / "shots"
SUFFIX = " · Caisse d'assurances sociales pour indépendants"


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    """A phone screenshot to look at (var/<data dir>/shots/<name>.png)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def focused_text(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.innerText"))


def payment_difficulty_to_the_outcome(page: Page, base_url: str) -> None:
    start(page, base_url, "payment_difficulty")
    fill(page, "Combien devez-vous à la caisse ?", "2 500", "capacity")
    fill(page, "Combien pourriez-vous payer", "300", "cause")
    choose(page, "Une maladie ou un accident", "duration")
    choose(page, "Moins de 6 mois", "activity")
    choose(page, "Activité à titre principal", "active")
    choose(page, "Oui", "income")
    fill(page, "Quel revenu professionnel", "12 000", "stopping")
    choose(page, "Non", "check")
    see_rights(page)


def test_a_payment_difficulty_outcome_files_exactly_what_was_ticked(
    page: Page, base_url: str
) -> None:
    activate_affiliate(page, base_url)
    payment_difficulty_to_the_outcome(page, base_url)
    boxes = page.locator('input[type="checkbox"][name="kind"]')
    expect(boxes.first).to_be_visible()
    assert boxes.count() >= 2
    for index in range(boxes.count()):  # nothing ticked for the person
        expect(boxes.nth(index)).not_to_be_checked()
    expect(page.get_by_label("Réduire mes cotisations provisoires")).not_to_be_checked()

    # Nothing ticked: told to tick at least one, nothing filed.
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator("#error-kind")).to_contain_text("Cochez au moins une demande")
    expect(page.locator(".error-summary")).to_be_focused()
    shot(page, "outcome-nothing-ticked", full_page=False)
    page.locator("#field-kind").scroll_into_view_if_needed()
    shot(page, "outcome-offers", full_page=False)
    page.get_by_label("Plan d'apurement").check()
    page.get_by_role("button", name="Continuer").click()

    # The check page: exactly the one request, its answers, the declaration.
    expect(page).to_have_url(re.compile(r"/wizards/payment_difficulty/review\?kind=payment_plan$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Vérifiez ce que nous allons introduire"
    )
    expect(page).to_have_title(re.compile("^Vérifiez ce que nous allons introduire"))
    expect(page.locator("#planned > li")).to_have_count(1)
    expect(page.locator("#planned")).to_contain_text("Plan d'apurement")
    expect(page.locator("#answers")).to_contain_text("Une maladie ou un accident")
    shot(page, "review")
    # Without the declaration: the error next to the box, the summary takes the focus.
    page.get_by_role("button", name="Confirmer et introduire").click()
    expect(page.locator("#error-declaration")).to_contain_text(
        "Cochez la case pour confirmer que vos réponses sont exactes"
    )
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile("^Erreur"))
    shot(page, "review-error")
    page.get_by_label("Je confirme que ces réponses sont exactes").check()
    page.get_by_role("button", name="Confirmer et introduire").click()

    # The confirmation: one reference, and the way back to the rights.
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos demandes ont été introduites")
    expect(page.locator("#references li")).to_have_count(1)
    expect(page.locator("#references")).to_contain_text("Plan d'apurement")
    reference = page.locator("#references strong").first.inner_text()
    shot(page, "confirmation")
    page.get_by_role("link", name="Revoir mes droits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos droits")
    expect(page.locator("#rights")).to_contain_text("cela fait 9 mois")
    expect(page.locator("#filed")).to_contain_text(reference)
    expect(page.locator('input[name="kind"]')).to_have_count(0)  # read-only: no second filing
    shot(page, "filed-outcome")
    shot(page, "filed-outcome-top", full_page=False)

    # "My requests" holds exactly the one request, and the outcome is one link away.
    page.goto(f"{base_url}/requests")
    expect(page.locator(".request-list > li")).to_have_count(1)
    expect(page.locator(".request-list")).to_contain_text(reference)
    page.get_by_role("link", name=re.compile("Revoir le résultat du guide")).click()
    expect(page).to_have_url(re.compile(r"/wizards/payment_difficulty/outcome\?draft="))
    expect(page.locator("#filed")).to_contain_text(reference)

    # The request's page: the guide's answers as questions and answers, in French, not a
    # summary paragraph.
    page.goto(f"{base_url}/requests")
    page.locator(".request-list a.card-link").first.click()
    expect(page.locator("#guide-answers-title")).to_have_text(
        "Vos réponses dans le guide «\xa0Difficultés de paiement\xa0»"
    )
    answers = page.locator("#guide-answers")
    expect(answers.locator("dt").first).to_have_text("Combien devez-vous à la caisse\xa0?")
    expect(answers.locator("dd").first).to_have_text("2\u202f500,00\xa0€")
    expect(answers.locator("dt")).to_have_count(8)
    expect(page.locator("main")).not_to_contain_text("Introduite via le guide")
    shot(page, "request-guide-answers")


def test_the_title_and_the_focus_follow_each_htmx_step(page: Page, base_url: str) -> None:
    start(page, base_url, "payment_difficulty")
    page.evaluate("window.stillTheSamePage = true")
    first_title = page.title()
    assert first_title.endswith(SUFFIX), first_title
    fill(page, "Combien devez-vous à la caisse ?", "2 500", "capacity")
    heading = page.get_by_role("heading", level=1)
    step_title = heading.inner_text()
    expect(page).to_have_title(f"{step_title} · Difficultés de paiement{SUFFIX}")
    assert page.title() != first_title
    expect(heading).to_be_focused()
    # A validation error: the title says so and the focus is on the error summary.
    page.get_by_label("Combien pourriez-vous payer").fill("deux cents")
    page.get_by_role("button", name="Continuer").click()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page).to_have_title(re.compile(rf"^Erreur\s?: {re.escape(step_title)}"))
    fill(page, "Combien pourriez-vous payer", "300", "cause")
    for label, then in [
        ("Une maladie ou un accident", "duration"),
        ("Moins de 6 mois", "activity"),
        ("Activité à titre principal", "active"),
        ("Oui", "income"),
    ]:
        before = page.title()
        choose(page, label, then)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_be_focused()
        expect(page).to_have_title(re.compile("^" + re.escape(heading.inner_text()) + " · "))
        assert page.title() != before
    fill(page, "Quel revenu professionnel", "", "stopping")
    page.get_by_role("radio", name="Non").check()
    next_step(page, "check")
    expect(page).to_have_title(f"Vérifiez vos réponses · Difficultés de paiement{SUFFIX}")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    assert focused_text(page) == "Vérifiez vos réponses"
    assert page.evaluate("window.stillTheSamePage") is True  # every step was an htmx swap


def _information_asked(person_id: uuid.UUID, question: str) -> uuid.UUID:
    """A request of the person's that staff asked information about (through the services)."""
    from app.requests import service
    from tests.support.actors import affiliate, make_staff, staff

    async def create() -> uuid.UUID:
        submitted = await service.submit_request(
            affiliate(person_id), person_id=person_id, kind="general_question",
            answers={"subject": "Mes cotisations", "question": "Combien ?"},
            idempotency_key=uuid.uuid4().hex,
        )  # fmt: skip
        await service.acknowledge_request(submitted.id)  # the worker may have done it: no-op
        # A supervisor asks: the worker may already have routed the request to an agent, and
        # only a supervisor may take it from them.
        await service.request_information(
            staff(await make_staff(role="supervisor")), submitted.id, question=question
        )
        return submitted.id

    return _run(create)


def test_the_home_shows_first_what_the_fund_waits_for(page: Page, base_url: str) -> None:
    from e2e.test_accessibility import serious_violations

    person = activate_affiliate(page, base_url)
    request_id = _information_asked(person["id"], "Envoyez-nous votre attestation de revenus.")
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")
    expect(page).to_have_title(re.compile("^Accueil · "))
    # The first section after the greeting is what to do, with the fund's question.
    first = page.locator("main section").first
    expect(first.get_by_role("heading", level=2)).to_have_text("À faire")
    expect(first).to_contain_text("Envoyez-nous votre attestation de revenus.")
    expect(first).to_contain_text("Question posée le")
    shot(page, "home-affiliate")
    assert serious_violations(page) == []
    first.get_by_role("link", name=re.compile("Répondre à notre question")).click()
    expect(page).to_have_url(f"{base_url}/requests/{request_id}")
    expect(page.get_by_label("Votre réponse")).to_be_visible()
