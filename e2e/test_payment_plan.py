"""A payment plan on a phone (390 × 844): the affiliate with a late quarter builds a plan from
their balance, sees its schedule, files it; a supervisor approves it; the affiliate then sees
each payment with its structured communication and the QR code of the next one."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import _run, activate_affiliate, activate_staff, record_status
from e2e.test_journeys import shot
from e2e.test_requests import wait_for_text


def _late_quarter(person_id: uuid.UUID) -> None:
    """Q3 2026 issued in July, unpaid at 30 September: late, with its 3 % surcharge."""
    from app.kit import clock
    from app.payments import service

    async def make() -> None:
        with clock.frozen(datetime(2026, 7, 17, 9, 25, tzinfo=clock.BRUSSELS)):
            assert await service.issue_quarter_notice(person_id, 2026, 3)
        with clock.frozen(datetime(2026, 10, 1, 5, 10, tzinfo=clock.BRUSSELS)):
            await service.run_recovery_for(
                (await service.ensure_account(person_id)).id, person_id, clock.today()
            )

    _run(make)


def test_a_plan_built_approved_and_followed(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    page = browser.new_context(**browser_context_args).new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    _late_quarter(person["id"])

    page.goto(base_url + "/account/contributions")
    page.get_by_role("link", name="Payer en plusieurs fois : proposez un plan de paiement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer un plan de paiement")
    expect(page.locator("#debt-title + p")).to_contain_text("944,29")  # 917,58 + 3 % × 890,42
    page.get_by_label("Nombre de mensualités").fill("5")
    page.get_by_role("button", name="Voir l'échéancier").click()
    expect(page.locator("table.plan tbody tr")).to_have_count(6)
    expect(page.locator("table.plan tfoot")).to_contain_text("944,29")
    page.get_by_label("Pourquoi payer en une fois est-il difficile ?").fill(
        "Un client important ne m'a pas payé cet été."
    )
    shot(page, "plan-builder")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]{36}$"))
    request_url = page.url

    staff = browser.new_context(**browser_context_args).new_page()
    activate_staff(staff, base_url, role="supervisor")
    staff.goto(base_url + "/staff/requests/" + request_url.rsplit("/", 1)[1])
    wait_for_text(staff, "Prendre cette demande")  # once the worker acknowledged it
    staff.get_by_role("button", name="Prendre cette demande").click()
    staff.get_by_role("link", name="Décider").click()
    expect(staff).to_have_url(re.compile(r"/decide$"))
    staff.get_by_label("Accorder", exact=True).check()
    staff.get_by_label("Motivation de la décision").fill("Plan conforme à notre politique.")
    staff.get_by_role("button", name="Enregistrer la décision").click()
    expect(staff.locator("h1 + p .tag.status-granted")).to_be_visible()  # the decision

    page.goto(base_url + "/account/contributions/plan")
    expect(page.get_by_text("Votre plan de paiement est en cours.")).to_be_visible()
    expect(page.locator(".plan-payments > li")).to_have_count(6)
    first = page.locator(".plan-payments > li").first
    expect(first).to_contain_text("Acompte")
    expect(first.locator("code")).to_have_text(re.compile(r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$"))
    expect(first.locator(".qr-code svg")).to_be_visible()  # the next payment's QR, open
    shot(page, "plan-running")
    page.goto(base_url + "/account/contributions")
    expect(page.locator("table.quarters")).to_contain_text("Dans un plan")
