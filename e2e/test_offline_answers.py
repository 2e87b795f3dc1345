"""The network drops in the middle of a guide or a question (issue 16, item 2): what was typed
stays on the phone (IndexedDB) with a banner saying so, and leaves once, through the JSON API,
when the network is back; the page then says what was sent."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from e2e.auth import activate_affiliate

TIMEOUT = 20_000
KEPT = "Vous êtes hors ligne. Vos réponses sont gardées sur cet appareil"
SENT = "Le réseau est revenu. Envoyé une fois, tel que vous l'avez tapé"


def _kept_on_device(page: Page) -> int:
    count: Any = page.evaluate(
        """() => new Promise((resolve, reject) => {
          const opening = indexedDB.open("affilio-offline", 1);
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const names = opening.result.objectStoreNames;
            if (!names.contains("answers")) { resolve(0); return; }
            const asked = opening.result.transaction("answers").objectStore("answers").count();
            asked.onsuccess = () => resolve(asked.result);
          };
        })"""
    )
    return int(count)


def test_a_guide_step_answered_offline_is_sent_once_when_the_network_returns(
    page: Page, base_url: str
) -> None:
    page.goto(base_url + "/wizards/starting_out/who")
    page.context.set_offline(True)
    page.get_by_label("Comme travailleur indépendant en personne physique").check()
    page.get_by_role("button", name="Continuer").click()
    status = page.locator("#offline-status")
    expect(status).to_contain_text(KEPT, timeout=TIMEOUT)
    expect(status).to_contain_text("Qui êtes-vous ?")
    assert page.url.endswith("/wizards/starting_out/who")  # nothing lost: the page stayed
    assert _kept_on_device(page) == 1

    page.context.set_offline(False)
    expect(status).to_contain_text(SENT, timeout=TIMEOUT)
    assert _kept_on_device(page) == 0
    # Sent once: another "online" finds nothing left to send, and the draft has the answer.
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    draft = page.request.get(base_url + "/api/v1/guides/starting_out/draft").json()
    answered = [
        (step["id"], [(q["name"], q["answer"]) for q in step["questions"]])
        for step in draft["steps"]
        if step["answered"]
    ]
    assert answered == [("who", [("status", "own_name")])]
    status.get_by_role("link", name="Continuer le guide").click()
    expect(page).to_have_url(re.compile(r"/wizards/starting_out/activity$"), timeout=TIMEOUT)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Activité principale ou complémentaire")


def test_a_question_typed_offline_is_filed_once_when_the_network_returns(
    page: Page, base_url: str
) -> None:
    activate_affiliate(page, base_url, first_name="Inès")
    page.goto(base_url + "/requests/ask")
    page.get_by_label("Objet").fill("Cotisations du troisième trimestre")
    page.get_by_label("Votre question").fill("Puis-je payer en deux fois ?")
    page.context.set_offline(True)
    page.get_by_role("button", name="Envoyer ma question").click()
    status = page.locator("#offline-status")
    expect(status).to_contain_text(KEPT, timeout=TIMEOUT)
    assert _kept_on_device(page) == 1
    # A second tap while still offline keeps the same question (its form's key) once more;
    # both copies carry one idempotency key, so the fund files one request.
    page.get_by_role("button", name="Envoyer ma question").click()
    expect(status).to_contain_text(KEPT)

    page.context.set_offline(False)
    expect(status).to_contain_text(SENT, timeout=TIMEOUT)
    expect(status).to_contain_text(re.compile(r"Votre question \(AF-\d{4}-\d{6}\)"))
    assert _kept_on_device(page) == 0
    status.get_by_role("link", name="Voir la demande").first.click()
    expect(page.get_by_text("Cotisations du troisième trimestre").first).to_be_visible(
        timeout=TIMEOUT
    )
    mine = page.request.get(base_url + "/api/v1/requests").json()
    questions = [r for r in mine if r["kind"] == "general_question"]
    assert len(questions) == 1


def test_a_question_kept_offline_leaves_the_phone_with_its_author(
    page: Page, base_url: str
) -> None:
    activate_affiliate(page, base_url, first_name="Noor")
    page.goto(base_url + "/requests/ask")
    assert page.locator("#offline-status").get_attribute("data-owner")  # this session's mark
    page.get_by_label("Objet").fill("Question confidentielle")
    page.get_by_label("Votre question").fill("Mon dossier médical")
    page.context.set_offline(True)
    page.get_by_role("button", name="Envoyer ma question").click()
    expect(page.locator("#offline-status")).to_contain_text(KEPT, timeout=TIMEOUT)
    assert _kept_on_device(page) == 1
    # Logging out (still offline) takes it off the phone: the next person never sends it.
    page.locator("nav.site-nav .nav-more summary").click()
    page.locator("form.nav-logout button[type=submit]:visible").click(no_wait_after=True)
    page.wait_for_timeout(1000)
    page.context.set_offline(False)
    # The logout never reached the fund (offline), but the question left the phone with it:
    # back online, nothing is kept and nothing was filed.
    page.goto(base_url + "/wizards")
    assert _kept_on_device(page) == 0
    mine = page.request.get(base_url + "/api/v1/requests").json()
    assert [r for r in mine if r["kind"] == "general_question"] == []
