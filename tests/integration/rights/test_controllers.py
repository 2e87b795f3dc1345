"""The suggestion page over HTTP: asked in one tap, dismissed from the inbox, seen by staff."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from app.affiliation import service as affiliation
from app.kit import clock
from app.kit.audit import SYSTEM
from app.payments import service as payments
from app.payments.rules.ledger import EntryKind
from app.requests import service as requests
from app.rights import queries, service
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


async def _suggested() -> tuple[uuid.UUID, uuid.UUID]:
    person = await make_person("Anna", "anna@example.be")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2019, 3, 1)
    )
    await requests.submit_request(
        affiliate(person), person_id=person, kind="maternity_aid",
        answers={"birth_date": "2026-10-05"}, idempotency_key="aid",
    )  # fmt: skip
    with clock.frozen(NOW):
        await service.evaluate_person(person)
    [finding] = await queries.findings_of_person(person)
    return person, finding.id


async def test_the_page_files_the_request_in_one_tap(client: httpx.AsyncClient) -> None:
    person, finding_id = await _suggested()
    await log_in(client, "affiliate", person)
    page = await client.get(f"/rights/{finding_id}")
    assert page.status_code == 200
    assert "Trimestres exonérés après une naissance" in page.text
    assert "5 octobre 2026" in page.text and "30 juin 2028" in page.text
    assert "Demandez-le en un geste" in page.text
    token = await csrf_token(client)
    response = await client.post(f"/rights/{finding_id}/claim", data={"_csrf_token": token})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/requests/")
    listing = await client.get("/requests")
    assert "Dispense du trimestre après une naissance" in listing.text  # the kind's label
    [claimed] = await queries.findings_of_person(person)
    assert claimed.state.value == "claimed"
    assert location == f"/requests/{claimed.request_id}?sent=1"


async def test_dismissed_from_the_inbox_message(client: httpx.AsyncClient) -> None:
    person, finding_id = await _suggested()
    await log_in(client, "affiliate", person)
    inbox = await client.get("/inbox")
    assert "Vous pourriez avoir droit" in inbox.text
    token = await csrf_token(client)
    response = await client.post(
        f"/rights/{finding_id}/dismiss", data={"_csrf_token": token, "next": "/inbox"}
    )
    assert (response.status_code, response.headers["location"]) == (303, "/inbox")
    [dismissed] = await queries.findings_of_person(person)
    assert dismissed.state.value == "dismissed"
    page = await client.get(f"/rights/{finding_id}")
    assert "Vous nous avez demandé de ne plus vous le proposer." in page.text


async def test_without_csrf_nothing_changes(client: httpx.AsyncClient) -> None:
    person, finding_id = await _suggested()
    await log_in(client, "affiliate", person)
    response = await client.post(f"/rights/{finding_id}/dismiss")
    assert response.status_code == 403
    [finding] = await queries.findings_of_person(person)
    assert finding.state.value == "sent"


async def test_staff_see_what_was_detected(client: httpx.AsyncClient) -> None:
    person, _finding_id = await _suggested()
    agent = await make_staff()
    await log_in(client, "staff", agent)
    page = await client.get(f"/staff/people/{person}")
    assert page.status_code == 200
    assert "Droits détectés" in page.text
    assert 'data-right="quarter_exemption_birth" data-state="sent"' in page.text


async def test_the_account_manager_opens_it_ex_officio(client: httpx.AsyncClient) -> None:
    person, finding_id = await _suggested()
    agent = await make_staff(name="Marc Manager")
    await affiliation.assign_account_manager(SYSTEM, person_id=person, staff_id=agent)
    await log_in(client, "staff", agent)
    queue_page = await client.get("/staff/")
    assert "Droits à octroyer d'office" in queue_page.text
    assert f'href="/staff/people/{person}#rights"' in queue_page.text
    page = await client.get(f"/staff/people/{person}")
    assert "Ouvrir la demande d'office" in page.text
    assert f'action="/staff/people/{person}/rights/{finding_id}/open"' in page.text
    token = await csrf_token(client)
    response = await client.post(
        f"/staff/people/{person}/rights/{finding_id}/open", data={"_csrf_token": token}
    )
    assert response.status_code == 303
    [claimed] = await queries.findings_of_person(person)
    assert claimed.state.value == "claimed"
    assert response.headers["location"] == f"/staff/requests/{claimed.request_id}"
    assert "Droits à octroyer d'office" not in (await client.get("/staff/")).text
    page = await client.get(f"/staff/people/{person}")
    assert "Ouvrir la demande d'office" not in page.text
    assert 'data-right="quarter_exemption_birth" data-state="claimed"' in page.text


async def test_another_team_cannot_open_it(client: httpx.AsyncClient) -> None:
    person, finding_id = await _suggested()
    manager = await make_staff()
    await affiliation.assign_account_manager(SYSTEM, person_id=person, staff_id=manager)
    elsewhere = await make_staff(team="recovery", name="Rita Recovery")
    await log_in(client, "staff", elsewhere)
    token = await csrf_token(client)
    response = await client.post(
        f"/staff/people/{person}/rights/{finding_id}/open", data={"_csrf_token": token}
    )
    assert response.status_code == 404
    [finding] = await queries.findings_of_person(person)
    assert finding.state.value == "sent"


async def test_the_home_page_lists_it_and_dismisses_it(client: httpx.AsyncClient) -> None:
    person, finding_id = await _suggested()
    await log_in(client, "affiliate", person)
    home = await client.get("/")
    assert "Des droits que vous pourriez avoir" in home.text
    assert f'href="/rights/{finding_id}"' in home.text
    assert "Trimestres exonérés après une naissance" in home.text
    assert "À demander au plus tard le 30 juin 2028" in home.text
    token = await csrf_token(client)
    response = await client.post(
        f"/rights/{finding_id}/dismiss", data={"_csrf_token": token, "next": "/"}
    )
    assert (response.status_code, response.headers["location"]) == (303, "/")
    home = await client.get("/")
    assert "Des droits que vous pourriez avoir" not in home.text
    [dismissed] = await queries.findings_of_person(person)
    assert dismissed.state.value == "dismissed"


async def test_a_lowering_leads_to_the_adjustment_form_filled_in(client: httpx.AsyncClient) -> None:
    person = await make_person("Chloé", "chloe@example.be")
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category="main", starts_on=date(2015, 1, 1),
        declared_income=Decimal("20000"), declared_income_year=2026,
    )  # fmt: skip
    account = await payments.ensure_account(person)
    await payments.book(account.id, payments.NewEntry(
        kind=EntryKind.CONTRIBUTION, amount=Decimal("1400.00"), booked_on=date(2026, 10, 5),
        year=2026, quarter=4, idempotency_key=f"test:c:{person}",
    ))  # fmt: skip
    with clock.frozen(NOW):
        await service.evaluate_person(person)
    [finding] = await queries.findings_of_person(person)
    await log_in(client, "affiliate", person)
    page = await client.get(f"/rights/{finding.id}")
    assert "Diminuer vos cotisations provisoires" in page.text
    assert "1\u202f400,00\u00a0€" in page.text and "1\u202f025,00\u00a0€" in page.text
    link = "/simulator/adjust?year=2026&amp;income=20000.00&amp;direction=lower"
    assert f'href="{link}"' in page.text
    form = await client.get(link.replace("&amp;", "&"))
    assert form.status_code == 200
    assert 'value="20000.00"' in form.text or 'value="20000"' in form.text
