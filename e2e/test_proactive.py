"""Issue 18, proactive rights: a birth declared in the new-child guide brings, in the inbox, the
suggestion of the exempt quarters the mother did not ask for; she files it in one tap and finds
it under My requests. On a phone (390 × 844), in Chromium."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Browser, Page, expect

from e2e.auth import activate_affiliate, activate_staff, record_status
from e2e.test_wizards import PHONE, child_step, choose, fill, see_rights, start, tick

SUGGESTION = "Vous pourriez avoir droit à\u00a0: Trimestres exonérés après une naissance"


def test_a_birth_brings_the_quarter_exemption_in_one_tap(
    page: Page, browser: Browser, base_url: str
) -> None:
    person = activate_affiliate(page, base_url)
    record_status(person["id"], "main")
    start(page, base_url, "new_child")
    choose(page, "Une naissance", "role")
    choose(page, "Je suis la mère", "date")
    fill(page, "Date de la naissance", date.today().isoformat(), "child")
    child_step(page)
    choose(page, "Activité à titre principal", "paid")
    choose(page, "Oui", "check")
    see_rights(page)
    # She asks only the maternity aid: the exempt quarters are left out.
    tick(page, "Aide à la maternité (titres-services)")
    page.get_by_role("button", name="Continuer").click()
    expect(page).to_have_url(re.compile(r"/wizards/new_child/review\?kind=maternity_aid$"))
    page.get_by_label("Je confirme que ces réponses sont exactes").check()
    page.get_by_role("button", name="Confirmer et introduire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos demandes ont été introduites")

    # The worker evaluates her file once the request is filed: one suggestion in the inbox.
    message = page.get_by_role("link", name=SUGGESTION)
    for _attempt in range(30):
        page.goto(f"{base_url}/inbox")
        if message.count():
            break
        page.wait_for_timeout(500)
    expect(message).to_have_count(1)
    message.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUGGESTION)
    expect(page.get_by_role("button", name="Ne plus me le proposer")).to_be_visible()
    page.screenshot(path="var/e2e/proactive-inbox-message.png", full_page=True)
    page.get_by_role("link", name="Voir la proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trimestres exonérés après une naissance"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # One tap: the request is filed with the birth date her file gives.
    page.get_by_role("button", name="Demandez-le en un geste").click()
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]+\?sent=1$"))
    page.goto(f"{base_url}/requests")
    expect(page.get_by_text("Dispense du trimestre après une naissance")).to_be_visible()
    # Nothing is suggested twice: the inbox still holds the one message.
    page.goto(f"{base_url}/inbox")
    expect(page.get_by_role("link", name=SUGGESTION)).to_have_count(1)

    # The back office sees what was found and what she did with it.
    staff_context = browser.new_context(viewport=PHONE, locale="fr-BE")
    staff_page = staff_context.new_page()
    activate_staff(staff_page, base_url, role="supervisor")
    staff_page.goto(f"{base_url}/staff/people/{person['id']}")
    row = staff_page.locator('li[data-right="quarter_exemption_birth"]')
    expect(row).to_contain_text("Demandé")
    staff_page.locator("#rights").evaluate("e => e.scrollIntoView()")
    staff_page.screenshot(path="var/e2e/proactive-staff-person.png", full_page=False)
    assert staff_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    staff_context.close()
