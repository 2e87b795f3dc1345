"""Documents on a phone (390 × 844, issue 15): the affiliate reads the decision in the inbox,
downloads the decision letter and the fiscal attestation of last year; another affiliate gets
404 on both."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import _run, activate_affiliate, record_status
from e2e.test_inbox import _decided_question
from e2e.test_journeys import shot
from e2e.test_requests import wait_for_text


def _paid_q4_2025(person_id: uuid.UUID) -> None:
    """Q4 2025 at the legal minimum (898,30 €), paid on 23 December 2025."""
    from app.kit import clock
    from app.kit.i18n import N_
    from app.payments import service
    from app.payments.rules.ledger import EntryKind

    async def make() -> None:
        with clock.frozen(datetime(2025, 10, 17, 9, 25, tzinfo=clock.BRUSSELS)):
            assert await service.issue_quarter_notice(person_id, 2025, 4)
        account = await service.ensure_account(person_id)
        await service.book(account.id, service.NewEntry(
            kind=EntryKind.PAYMENT, amount=-Decimal("898.30"),
            booked_on=date(2025, 12, 23), year=2025, quarter=4, label=N_("Payment received"),
            idempotency_key=f"e2e:payment:{person_id}",
        ))  # fmt: skip

    _run(make)


def test_the_decision_letter_and_the_fiscal_attestation(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    context = browser.new_context(**browser_context_args, accept_downloads=True)
    page = context.new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    _paid_q4_2025(person["id"])
    _decided_question(person["id"])

    page.goto(base_url + "/inbox")
    wait_for_text(page, "Une décision a été prise sur votre demande")
    page.get_by_role("link", name="Une décision a été prise sur votre demande").click()
    wait_for_text(page, "Télécharger la lettre (PDF)")  # the letter joined to the message
    shot(page, "inbox-decision-letter")
    page.get_by_role("link", name="Voir la demande").click()
    expect(page).to_have_url(re.compile(r"/requests/[0-9a-f-]{36}$"))
    wait_for_text(page, "Télécharger la lettre de décision (PDF)")  # once the worker made it
    with page.expect_download() as letter_download:
        page.get_by_role("link", name="Télécharger la lettre de décision (PDF)").click()
    letter = letter_download.value
    assert letter.suggested_filename.endswith(".pdf")
    assert open(letter.path(), "rb").read(5) == b"%PDF-"
    letter_url = page.get_by_role("link", name="Télécharger la lettre de décision (PDF)"
                                  ).get_attribute("href")  # fmt: skip

    page.goto(base_url + "/documents")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes documents")
    expect(page.get_by_label("Année")).to_have_value("2025")
    page.get_by_role("button", name="Établir mon attestation", exact=True).click()
    expect(page.get_by_text("Nous préparons votre attestation fiscale 2025")).to_be_visible()
    link = page.get_by_role("link", name="Attestation fiscale 2025")
    for _ in range(40):  # the worker makes it in a moment
        if link.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    shot(page, "documents")
    with page.expect_download() as attestation_download:
        page.get_by_role("link", name="Attestation fiscale 2025").click()
    attestation = attestation_download.value
    assert open(attestation.path(), "rb").read(5) == b"%PDF-"
    attestation_url = page.get_by_role("link", name="Attestation fiscale 2025").get_attribute(
        "href"
    )

    page.get_by_role("button", name="Établir mon attestation d'affiliation").click()
    expect(page.get_by_text("Nous préparons votre attestation d'affiliation.")).to_be_visible()
    certificate = page.get_by_role("link", name="Attestation d'affiliation", exact=True)
    for _ in range(40):
        if certificate.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(certificate).to_be_visible()
    shot(page, "documents-certificate")

    page.goto(base_url + "/account/contributions")
    page.get_by_role("button", name="Mon extrait de compte en PDF").click()
    expect(page.get_by_text("Nous préparons votre extrait de compte.")).to_be_visible()
    statement = page.get_by_role("link", name=re.compile(r"^Extrait de compte au "))
    for _ in range(40):
        if statement.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    with page.expect_download() as statement_download:
        statement.click()
    assert open(statement_download.value.path(), "rb").read(5) == b"%PDF-"

    other = browser.new_context(**browser_context_args).new_page()
    activate_affiliate(other, base_url, first_name="Alex")
    for url in (letter_url, attestation_url):
        assert url is not None
        assert other.request.get(base_url + url).status == 404
