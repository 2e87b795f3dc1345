"""My privacy in Chromium on a phone (issue 17, item 3): a staff member opens the affiliate's
file; the affiliate sees who did and when, downloads all their data as a zip, and asks to
correct a detail, which the fund must answer within a month."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

from playwright.sync_api import Browser, Page, expect

from e2e.auth import activate_affiliate, activate_staff, assign_account_manager

TIMEOUT = 20_000


def phone(browser: Browser, context_args: dict[str, Any]) -> Page:
    return browser.new_context(**context_args).new_page()


def test_who_opened_my_file_my_data_and_a_correction(
    browser: Browser, browser_context_args: dict[str, Any], base_url: str
) -> None:
    affiliate_page = phone(browser, browser_context_args)
    staff_page = phone(browser, browser_context_args)
    camille = activate_affiliate(affiliate_page, base_url)
    agent = activate_staff(staff_page, base_url, full_name="Sofie Vermeulen")
    assign_account_manager(camille["id"], agent["id"])

    # Before anyone at the fund looked: the page says so.
    affiliate_page.goto(base_url + "/account")
    affiliate_page.get_by_role("link", name=re.compile("Ma vie privée")).click()
    expect(affiliate_page.get_by_role("heading", level=1)).to_have_text("Ma vie privée")
    expect(affiliate_page.get_by_text("Personne à la Caisse n’a encore ouvert votre dossier."))\
        .to_be_visible()  # fmt: skip

    # The account manager opens the file; the affiliate sees it at once.
    staff_page.goto(f"{base_url}/staff/people/{camille['id']}")
    expect(staff_page.get_by_role("heading", level=1)).to_be_visible()
    affiliate_page.reload()
    # The person page shows the thread too: its read receipt is a read of the messages.
    reads = affiliate_page.locator("ul.file-reads li")
    expect(reads).to_have_count(2)
    expect(reads.filter(has_text="a ouvert votre dossier.")).to_contain_text("Sofie Vermeulen")
    expect(reads.filter(has_text="a ouvert vos messages.")).to_contain_text(
        "Sofie Vermeulen (Équipe générale)"
    )

    # All my data: the passkey was confirmed minutes ago (its registration), so the zip comes.
    with affiliate_page.expect_download(timeout=TIMEOUT) as download_info:
        affiliate_page.get_by_role("button", name="Télécharger mes données").click()
    download = download_info.value
    assert re.fullmatch(r"affilio-data-\d{4}-\d{2}-\d{2}\.zip", download.suggested_filename)
    path = download.path()
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    data = json.loads(archive.read("data.json"))
    assert data["sections"]["person"][0]["last_name"] == camille["last_name"]
    assert data["sections"]["person"][0]["email"] == camille["email"]
    actions = [event["action"] for event in data["sections"]["audit_event"]]
    assert "staff.person_read" in actions

    # A correction: an empty answer is refused next to its field, the typed text kept.
    affiliate_page.get_by_role("link", name="Demander de corriger mes données").click()
    affiliate_page.get_by_label("Quelles données sont inexactes").fill("Mon deuxième prénom")
    affiliate_page.get_by_role("button", name="Envoyer ma demande").click()
    expect(affiliate_page.locator("#error-correction")).to_be_visible()
    expect(affiliate_page.get_by_label("Quelles données sont inexactes"))\
        .to_have_value("Mon deuxième prénom")  # fmt: skip
    affiliate_page.get_by_label("Ce qui devrait y figurer").fill("Marie, pas Maria")
    affiliate_page.get_by_role("button", name="Envoyer ma demande").click()
    expect(affiliate_page).to_have_url(re.compile(r"/requests/[0-9a-f-]+\?sent=1"), timeout=TIMEOUT)
    expect(affiliate_page.get_by_role("heading", level=1)).to_contain_text(
        "Correction de mes données"
    )
    assert affiliate_page.evaluate("document.documentElement.scrollWidth") <= 390
