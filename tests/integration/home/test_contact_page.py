"""The contact page: the charter's office hours and the affiliate's own account manager."""

from __future__ import annotations

import pytest
from httpx import AsyncClient

from app.affiliation import service as affiliation_service
from app.kit import audit
from tests.support.actors import log_in, make_person, make_staff


async def test_office_hours_from_the_charter_in_the_users_language(client: AsyncClient) -> None:
    french = await client.get("/contact")
    assert french.status_code == 200
    assert "lundi – vendredi" in french.text
    assert "de 08:30 à 11:30" in french.text
    # The hours are said once: one row for the days, with the afternoons by appointment.
    assert french.text.count("lundi – vendredi") == 1
    assert "de 08:30 à 11:30 ; l’après-midi sur rendez-vous" in french.text.replace("\u00a0", " ")
    # No number configured: the page does not promise the phone.
    assert "Dans nos bureaux</h2>" in french.text and "par téléphone" not in french.text
    dutch = await client.get("/contact", headers={"cookie": "affilio_lang=nl"})
    assert "maandag – vrijdag" in dutch.text and "van 08:30 tot 11:30" in dutch.text
    # Nothing is invented: without configured channels, no phone line is shown.
    assert "tel:" not in french.text
    assert 'href="/login?next=/messages"' in french.text


async def test_configured_phone_and_email_are_shown(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUND_PHONE", "+32 2 123 45 67")
    monkeypatch.setenv("FUND_EMAIL", "info@fund.example")
    page = await client.get("/contact")
    assert 'href="tel:+3221234567"' in page.text
    assert "Dans nos bureaux et par téléphone" in page.text
    assert 'href="mailto:info@fund.example"' in page.text


async def test_a_logged_in_affiliate_sees_their_account_manager(client: AsyncClient) -> None:
    person = await make_person()
    manager = await make_staff(name="Sofie Maes")
    await affiliation_service.assign_account_manager(
        audit.SYSTEM, person_id=person, staff_id=manager
    )
    await log_in(client, "affiliate", person)
    page = await client.get("/contact")
    assert "Votre gestionnaire de dossier est Sofie Maes." in page.text
    assert 'href="/messages"' in page.text
