"""A company on a phone (390 × 844): an agent records it (enterprise number, legal form,
balance-sheet total, its director by national register number); its 2025 notice leaves; the
director finds the company on "Mes cotisations", its account with the joint liability, and the
notice with its QR code."""

from __future__ import annotations

import random
import re
import uuid
from datetime import datetime
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import _run, activate_affiliate, activate_staff
from e2e.test_journeys import shot


def _enterprise_number() -> str:
    """A fresh valid BCE/KBO number (0 + 7 digits + 97 - mod 97), formatted 0xxx.xxx.xxx."""
    base = random.randrange(1_000_000, 9_999_999)
    digits = f"0{base:07d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def _issue_2025_notice(company_id: uuid.UUID) -> None:
    """The yearly job's work on 1 December 2025, the day the 2025 notices left."""
    from app.kit import clock
    from app.payments import service

    async def issue() -> bool:
        with clock.frozen(datetime(2025, 12, 1, 4, 50, tzinfo=clock.BRUSSELS)):
            return await service.issue_company_notice(company_id, 2025)

    assert _run(issue)


def test_a_company_recorded_invited_and_seen_by_its_director(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    page = browser.new_context(**browser_context_args).new_page()
    director = activate_affiliate(page, base_url, first_name="Camille")
    number = _enterprise_number()
    name = f"Atelier {director['last_name']} SRL"

    agent = browser.new_context(**browser_context_args).new_page()
    activate_staff(agent, base_url)
    agent.goto(base_url + "/staff/companies")
    expect(agent.get_by_role("heading", level=1)).to_have_text("Sociétés")
    typo = number[:-2] + f"{(int(number[-2:]) + 1) % 100:02d}"  # check digits off by one
    agent.get_by_label("Numéro d'entreprise (BCE)").fill(typo)
    agent.get_by_label("Nom de la société").fill(name)
    agent.get_by_label("Forme juridique").select_option("srl")
    agent.get_by_role("button", name="Enregistrer la société").click()
    expect(agent.locator("#error-enterprise_number")).to_contain_text(
        "Indiquez un numéro d’entreprise (BCE) valable"
    )
    expect(agent.get_by_label("Nom de la société")).to_have_value(name)  # nothing lost
    agent.get_by_label("Numéro d'entreprise (BCE)").fill(number)
    agent.get_by_role("button", name="Enregistrer la société").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text(name)
    agent.get_by_label("Année de cotisation").fill("2025")
    agent.get_by_label("Total du bilan de l'année N-2 (EUR)").fill("412 000,00")
    agent.get_by_role("button", name="Enregistrer l'année").click()
    expect(agent.locator("#years-title + table")).to_contain_text("399,73")
    agent.get_by_label("Numéro de registre national du dirigeant").fill(director["national_number"])
    agent.get_by_label("Mandat depuis le").fill("2021-03-01")
    agent.get_by_role("button", name="Ajouter le dirigeant").click()
    expect(agent.locator(".banner.success")).to_have_text("Le dirigeant est enregistré.")
    expect(agent.locator("#directors-title ~ table")).to_contain_text(director["last_name"])
    shot(agent, "staff-company")
    company_id = uuid.UUID(agent.url.split("/staff/companies/")[1].split("?")[0])

    _issue_2025_notice(company_id)

    page.goto(base_url + "/account/contributions")
    expect(page.get_by_role("heading", name="Les sociétés que vous dirigez")).to_be_visible()
    page.get_by_role("link", name=re.compile(name)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("#balance-title + p")).to_contain_text("399,73")
    expect(page.get_by_role("heading", name="Responsabilité solidaire")).to_be_visible()
    shot(page, "company-account")
    page.get_by_role("link", name=re.compile("Cotisation 2025")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cotisation de société 2025")
    expect(page.locator(".qr-code svg")).to_be_visible()
    expect(page.locator("#copy-communication")).to_have_text(
        re.compile(r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")
    )
    shot(page, "company-notice")
