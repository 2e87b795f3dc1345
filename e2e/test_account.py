"""The contribution account on a phone (390 × 844): the affiliate opens "Mes cotisations", then
the notice with its QR code, and copies the structured communication; a supervisor, on another
phone, imports the bank statement that carries that payment; the quarter shows "Payé"."""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, expect

from e2e.auth import _run, activate_affiliate, activate_staff, record_status
from e2e.test_journeys import shot

FUND = "BE71096123456769"  # the fund's example IBAN (FUND_IBAN unset)


def _current_notice(person_id: uuid.UUID) -> dict[str, Any]:
    """The person's notice for this quarter, issued through the service (or by the worker's
    hourly run already: then it is read as it is)."""
    from app.contributions.rules.quarters import quarter_of
    from app.kit import clock
    from app.payments import service
    from app.payments.tables import DueNotice, PaymentAccount

    async def issue() -> dict[str, Any]:
        today = clock.today()
        year, quarter = today.year, quarter_of(today)
        await service.issue_quarter_notice(person_id, year, quarter)
        account = await PaymentAccount.select(PaymentAccount.id).where(
            PaymentAccount.person == person_id
        ).first()  # fmt: skip
        assert account is not None
        row = await DueNotice.select().where(
            DueNotice.account == account["id"], DueNotice.year == year,
            DueNotice.quarter == quarter,
        ).first()  # fmt: skip
        assert row is not None
        return dict(row)

    return _run(issue)


def test_the_notice_copied_paid_and_imported(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    from tests.support.coda_builder import BuiltMovement, build_coda

    context = browser.new_context(**browser_context_args)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page = context.new_page()
    person = activate_affiliate(page, base_url, first_name="Camille")
    record_status(person["id"], "main", "2019-03-01")
    notice = _current_notice(person["id"])
    digits = str(notice["communication"])
    written = f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"

    # "Mes cotisations" from the account page, then the quarter's notice.
    page.goto(base_url + "/account")
    page.get_by_role("link", name="Mes cotisations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes cotisations")
    title = f"Trimestre {notice['quarter']} {notice['year']}"
    expect(page.locator("table.quarters")).to_contain_text("À payer")
    page.get_by_role("link", name=re.compile(title)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Avis d'échéance du trimestre {notice['quarter']} {notice['year']}"
    )
    expect(page.locator(".qr-code svg")).to_be_visible()
    expect(page.locator("#copy-communication")).to_have_text(written)
    shot(page, "account-notice")
    shot(page, "account-notice-top", full_page=False)

    # "Copier" puts the communication on the clipboard, as the bank app will want it.
    copy = page.get_by_role("button", name="Copier Communication structurée")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator(".copy-status")).to_have_text("Copié.")
    assert page.evaluate("navigator.clipboard.readText()") == written

    # A supervisor, on another phone, imports the bank's statement with that transfer.
    staff_page = browser.new_context(**browser_context_args).new_page()
    activate_staff(staff_page, base_url, role="supervisor")
    today = date.today()
    coda = tmp_path / "extrait.cod"
    coda.write_bytes(build_coda(
        account_iban=FUND, holder="AFFILIO", sequence=uuid.uuid4().int % 1000, created=today,
        old_balance=Decimal("0.00"), movements=[BuiltMovement(
            Decimal(str(notice["amount"])), today, structured_communication=digits,
            counterparty_iban="BE62510007547061", counterparty_name="CAMILLE TEST")],
    ))  # fmt: skip
    staff_page.goto(base_url + "/staff/payments")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Paiements à rapprocher")
    staff_page.get_by_label("Fichier CODA").set_input_files(str(coda))
    staff_page.get_by_role("button", name="Importer l'extrait").click()
    expect(staff_page.locator(".banner.success")).to_have_text(
        "1 mouvement\u00a0: 1 rapproché, 0 à attribuer"
    )
    expect(staff_page.locator(".imports")).to_contain_text("extrait.cod")
    shot(staff_page, "staff-payments-imported")

    # The affiliate's pages: the quarter is paid, nothing more to pay on the notice.
    page.reload()
    expect(page.get_by_text("Ce trimestre est réglé\u00a0: plus rien à payer.")).to_be_visible()
    expect(page.locator(".qr-code")).to_have_count(0)
    page.goto(base_url + "/account/contributions")
    expect(page.locator("table.quarters tbody tr").first).to_contain_text("Payé")
    shot(page, "account-paid")


def _account_number(person_id: uuid.UUID) -> int:
    from app.payments.tables import PaymentAccount

    async def read() -> int:
        row = await PaymentAccount.select(PaymentAccount.number).where(
            PaymentAccount.person == person_id
        ).first()  # fmt: skip
        assert row is not None
        return int(row["number"])

    return _run(read)


def test_a_payment_nothing_matched_is_assigned_by_hand(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str, tmp_path: Path
) -> None:
    from e2e.auth import create_affiliate
    from tests.support.coda_builder import BuiltMovement, build_coda

    person = create_affiliate(first_name="Jef", last_name="Vermeulen")
    record_status(person["id"], "main", "2019-03-01")
    notice = _current_notice(person["id"])
    number = _account_number(person["id"])
    today = date.today()
    coda = tmp_path / "sans-communication.cod"
    coda.write_bytes(build_coda(
        account_iban=FUND, holder="AFFILIO", sequence=uuid.uuid4().int % 1000, created=today,
        old_balance=Decimal("0.00"), movements=[BuiltMovement(
            Decimal(str(notice["amount"])), today, communication="cotisations Jef V.",
            counterparty_iban="BE43068999999501", counterparty_name="J. VERMEULEN")],
    ))  # fmt: skip
    page = browser.new_context(**browser_context_args).new_page()
    activate_staff(page, base_url, role="supervisor")
    page.goto(base_url + "/staff/payments")
    page.get_by_label("Fichier CODA").set_input_files(str(coda))
    page.get_by_role("button", name="Importer l'extrait").click()
    expect(page.locator(".banner.success")).to_have_text(
        "1 mouvement\u00a0: 0 rapproché, 1 à attribuer"
    )
    card = page.locator(".movements .card", has_text="cotisations Jef V.")
    expect(card).to_contain_text("J. VERMEULEN")
    expect(card).to_contain_text("BE43 0689 9999 9501")
    shot(page, "staff-payments-waiting")

    # A number no account has: said next to the field, the form open with what was typed.
    card.get_by_text("Attribuer à un compte").click()
    card.get_by_label("Numéro de compte").fill("999999")
    card.get_by_role("button", name=re.compile("^Attribuer")).click()
    card = page.locator(".movements .card", has_text="cotisations Jef V.")
    expect(card.locator(".field-error").first).to_contain_text(
        "Aucun compte de cotisations ne porte le numéro 999999"
    )
    expect(card.get_by_label("Numéro de compte")).to_have_value("999999")
    expect(page.locator(".error-summary")).to_be_visible()
    card.scroll_into_view_if_needed()
    shot(page, "staff-payments-assign-error", full_page=False)

    card.get_by_label("Numéro de compte").fill(str(number))
    card.get_by_label("Année (facultative)").fill(str(notice["year"]))
    card.get_by_label("Trimestre (facultatif)").fill(str(notice["quarter"]))
    card.get_by_role("button", name=re.compile("^Attribuer")).click()
    expect(page.locator("#assigned")).to_contain_text(
        f"attribué au compte {number} de Jef Vermeulen."
    )
    expect(page.locator(".movements")).to_contain_text("Rien en attente")
    page.get_by_role("link", name="Voir le compte de Jef Vermeulen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Compte de cotisations de Jef Vermeulen"
    )
    expect(page.locator("table.quarters tbody tr").first).to_contain_text("Payé")
    shot(page, "staff-person-account")
