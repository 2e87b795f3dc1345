"""The inbox on a phone (390 × 844, issue 15 item 1): a decided request's receipt and decision
wait there with a count in the nav; opening the decision leads to the request and the count
goes down."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Browser, Page, expect

from e2e.auth import _run, activate_affiliate, activate_staff
from e2e.test_journeys import shot
from e2e.test_requests import wait_for_text


def _welcomed(person_id: uuid.UUID) -> None:
    """Wait for the welcome message, which a worker posts after the activation: the inbox's
    order and counts below do not depend on when it comes."""
    import asyncio

    from app.messaging.tables import InboxMessage

    async def wait() -> None:
        for _ in range(100):
            if await InboxMessage.count().where(
                (InboxMessage.person == person_id) & (InboxMessage.kind == "welcome")
            ):
                return
            await asyncio.sleep(0.1)
        raise AssertionError("no welcome message")

    _run(wait)


def _decided_question(person_id: uuid.UUID) -> uuid.UUID:
    from app.kit.audit import Actor
    from app.requests import service as requests
    from tests.support.actors import make_staff, staff

    _welcomed(person_id)

    async def make() -> uuid.UUID:
        filed = await requests.submit_request(
            Actor("affiliate", person_id), person_id=person_id, kind="general_question",
            answers={"subject": "Cotisations", "question": "Quand dois-je payer ?"},
            idempotency_key=f"inbox-{person_id}",
        )  # fmt: skip
        # A supervisor: the worker may already have routed the request to another agent.
        agent = await make_staff(role="supervisor", name="Nora")
        await requests.acknowledge_request(filed.id)
        await requests.take_request(staff(agent), filed.id)
        await requests.decide_request(staff(agent), filed.id, decision="grant",
                                      motivation="Le 31 mai, comme chaque trimestre.")  # fmt: skip
        return filed.id

    return _run(make)


def test_the_decision_waits_in_the_inbox_and_the_count_goes_down(page: Page, base_url: str) -> None:
    person = activate_affiliate(page, base_url, first_name="Camille")
    request_id = _decided_question(person["id"])
    page.goto(base_url + "/requests")
    # The count is cached for badge.TTL_SECONDS: the pages before the decision counted less.
    nav = page.get_by_role("navigation", name="Principal")
    link = nav.get_by_role("link", name=re.compile(r"^Messages"))
    badge = link.locator(".count-badge .visually-hidden")
    for _ in range(40):
        if badge.count() and re.search(r"non lus\s*:\s*3$", badge.inner_text().strip()):
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(link.locator(".count-badge")).to_have_text(re.compile(r"non lus\s*:\s*3"))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")
    items = page.locator("ol.inbox > li")
    expect(items.first).to_contain_text("Une décision a été prise sur votre demande")
    expect(page.locator("ol.inbox > li.unread")).to_have_count(3)  # welcome, receipt, decision
    shot(page, "inbox")
    page.get_by_role("link", name="Une décision a été prise sur votre demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Une décision a été prise sur votre demande"
    )
    # The read receipt, posted once shown, swaps the nav's count out of band.
    expect(nav.locator(".count-badge")).to_have_text(re.compile(r"non lus\s*:\s*2"))
    shot(page, "inbox-message")
    page.get_by_role("link", name="Voir la demande").click()
    expect(page).to_have_url(re.compile(rf"/requests/{request_id}$"))
    page.goto(base_url + "/inbox")
    expect(page.locator("ol.inbox > li.unread")).to_have_count(2)
    page.get_by_role("button", name="Tout marquer comme lu").click()
    expect(page.locator("ol.inbox > li.unread")).to_have_count(0)
    expect(nav.locator(".count-badge")).to_have_count(0)


def test_supervisors_read_the_mail_log_on_a_phone(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    """Issue 15, item 3: each e-mail of the portal with its status, for supervisors."""
    page = browser.new_context(**browser_context_args).new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    _decided_question(person["id"])
    staff = browser.new_context(**browser_context_args).new_page()
    activate_staff(staff, base_url, role="supervisor")
    staff.goto(base_url + "/staff/")
    staff.get_by_role("link", name="E-mails").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("E-mails")
    wait_for_text(staff, "request_decided")  # once the worker sent it
    expect(staff.locator("#mails")).to_contain_text(person["email"])
    shot(staff, "staff-mails")
