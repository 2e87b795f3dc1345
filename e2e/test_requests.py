"""A question's whole road in Chromium, on two phones: the affiliate asks, the agent asks for
information, the affiliate answers, the agent refuses (with step-up), the affiliate reads the
motivated decision and how to appeal."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Browser, Page, expect

from e2e.auth import activate_affiliate, activate_staff, assign_account_manager, step_up

TIMEOUT = 20_000


def phone(browser: Browser, context_args: dict[str, Any]) -> Page:
    return browser.new_context(**context_args).new_page()


def expire_step_up(page: Page) -> None:
    """Age the session's last user verification by an hour (straight in the session store)."""
    import json
    from datetime import timedelta

    import redis

    from app.kit import clock
    from app.kit.settings import get_settings

    # A request still in flight (the thread's read receipt posted on load) would write the
    # session back over the aged one: let the page settle first.
    page.wait_for_load_state("networkidle")
    session_id = next(c["value"] for c in page.context.cookies() if c["name"] == "affilio_session")
    client = redis.Redis.from_url(get_settings().redis_url or "")
    try:
        key = next(iter(client.keys(f"*{session_id}")))
        data = json.loads(client.get(key))
        data["auth"]["step_up"] = (clock.now() - timedelta(hours=1)).isoformat()
        client.set(key, json.dumps(data).encode(), keepttl=True)
    finally:
        client.close()


def wait_for_text(page: Page, text: str, tries: int = 40) -> None:
    """Reload until the worker has done its part (acknowledgement is asynchronous)."""
    for _ in range(tries):
        if page.get_by_text(text, exact=False).count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


def test_question_information_answer_refusal_and_appeal(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    agent_page = phone(browser, browser_context_args)
    agent = activate_staff(agent_page, base_url, role="agent", team="general")
    affiliate_page = phone(browser, browser_context_args)
    person = activate_affiliate(affiliate_page, base_url, first_name="Camille")
    # Requests reach the person's account manager; a colleague could not take them over.
    assign_account_manager(person["id"], agent["id"])

    # The affiliate asks a question.
    affiliate_page.goto(base_url + "/requests/ask")
    expect(affiliate_page.get_by_role("heading", level=1)).to_have_text("Poser une question")
    affiliate_page.get_by_role("button", name="Envoyer ma question").click()
    expect(affiliate_page.locator(".error-summary")).to_be_visible()  # nothing filled in
    affiliate_page.get_by_label("Objet").fill("Cotisations 2026")
    affiliate_page.get_by_label("Votre question").fill("Puis-je payer en plusieurs fois ?")
    affiliate_page.get_by_role("button", name="Envoyer ma question").click()
    banner = affiliate_page.get_by_role("status").filter(has_text="Votre demande a été envoyée")
    expect(banner).to_be_visible(timeout=TIMEOUT)
    reference = re.search(r"AF-\d{4}-\d{6}", banner.inner_text())
    assert reference is not None
    detail_url = affiliate_page.url.split("?")[0]
    assert affiliate_page.evaluate("document.documentElement.scrollWidth") <= 390

    # The agent finds it in the queue, once acknowledged, and asks for information.
    agent_page.goto(base_url + "/staff/?kind=general_question")
    wait_for_text(agent_page, reference.group())
    agent_page.get_by_role("link", name=reference.group()).click()
    wait_for_text(agent_page, "Reçue")
    agent_page.get_by_label("Informations attendues de l'affilié").fill(
        "Pouvez-vous joindre votre dernier avertissement-extrait de rôle ?"
    )
    agent_page.get_by_role("button", name="Demander des informations").click()
    expect(agent_page.locator(".tag.status-information_requested")).to_be_visible()
    # No decision while the answer is awaited: first a reminder, then one month.
    expect(agent_page.get_by_role("link", name="Décider")).to_have_count(0)
    agent_page.get_by_role("button", name="Envoyer un rappel").click()
    expect(agent_page.get_by_text("Rappel envoyé le")).to_be_visible(timeout=TIMEOUT)
    expect(agent_page.locator(".timeline")).to_contain_text("Rappel envoyé")

    # The affiliate sees what is expected, the reminder and its consequence, and answers.
    affiliate_page.goto(detail_url)
    expect(affiliate_page.locator("blockquote.question")).to_contain_text("extrait de rôle")
    expect(affiliate_page.get_by_text("Nous vous avons envoyé un rappel le")).to_be_visible()
    expect(affiliate_page.get_by_text("Sans votre réponse, nous pourrons prendre")).to_be_visible()
    expect(affiliate_page.get_by_text("Le délai est suspendu")).to_be_visible()
    affiliate_page.get_by_label("Votre réponse").fill("Je ne l'ai pas encore reçu.")
    affiliate_page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(affiliate_page.locator(".tag.status-in_review")).to_be_visible(timeout=TIMEOUT)

    # The agent decides: a fresh user verification first, then a motivated refusal.
    agent_page.reload()
    # Registering the passkey minutes ago counted as a verification; force an old one so the
    # step-up page shows, as it would an hour into the agent's day.
    expire_step_up(agent_page)
    agent_page.get_by_role("link", name="Décider").click()
    expect(agent_page).to_have_url(re.compile(r"/step-up"), timeout=TIMEOUT)
    step_up(agent_page)
    expect(agent_page).to_have_url(re.compile(r"/decide$"), timeout=TIMEOUT)
    agent_page.get_by_label("Refuser").check()
    agent_page.get_by_label("Motivation de la décision").fill(
        "Un plan d'apurement suppose des cotisations échues ; aucune ne l'est encore."
    )
    agent_page.get_by_role("button", name="Enregistrer la décision").click()
    expect(agent_page.locator(".tag.status-refused")).to_be_visible(timeout=TIMEOUT)
    assert agent_page.evaluate("document.documentElement.scrollWidth") <= 390
    agent_page.goto(base_url + "/staff/?status=refused")
    expect(agent_page.get_by_role("link", name=reference.group())).to_be_visible()
    assert agent_page.evaluate("document.documentElement.scrollWidth") <= 390
    agent_page.screenshot(path="/tmp/h4-queue.png", full_page=True)

    # The affiliate reads the decision, its reasons and how to appeal.
    affiliate_page.goto(detail_url)
    decision = affiliate_page.locator("section.decision")
    expect(decision).to_contain_text("Refusée")
    expect(decision).to_contain_text("aucune ne l'est encore")
    expect(decision).to_contain_text("tribunal du travail")
    expect(decision).to_contain_text("trois mois")
    assert affiliate_page.evaluate("document.documentElement.scrollWidth") <= 390
    affiliate_page.screenshot(path="/tmp/h4-decision.png", full_page=True)
    affiliate_page.context.close()
    agent_page.context.close()
