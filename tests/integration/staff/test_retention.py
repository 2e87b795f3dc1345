"""The retention review (issue 17, item 3): the nightly scan flags data kept past its period;
nothing goes until a supervisor decides; an erasure removes exactly the flagged data."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from httpx import AsyncClient

from app.documents.uploads import NewAttachment
from app.kit import clock
from app.kit.db import execute, fetch
from app.requests import service as requests
from app.staff import retention
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.7 a scan"


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


async def closed_request(person: uuid.UUID, agent: uuid.UUID, day: str) -> uuid.UUID:
    """A question with one document, decided on that day."""
    with clock.frozen(at(day)):
        submitted = await requests.submit_request(
            affiliate(person),
            person_id=person,
            kind="general_question",
            answers={"subject": "S", "question": "Q"},
            idempotency_key=uuid.uuid4().hex,
            attachments=[NewAttachment("scan.pdf", PDF)],
        )
        await requests.acknowledge_request(submitted.id)
        await requests.take_request(staff(agent), submitted.id)
        await requests.decide_request(
            staff(agent), submitted.id, decision="grant", motivation="Répondu."
        )
    return submitted.id


async def attachments(request_id: uuid.UUID) -> int:
    rows = await fetch(
        "SELECT count(*) AS n FROM request_attachment WHERE request = {}", request_id
    )
    return int(rows[0]["n"])


async def test_the_scan_flags_what_passed_its_period_once() -> None:
    person = await make_person(first_name="Camille", last_name="Dupont")
    agent = await make_staff()
    old = await closed_request(person, agent, "2020-03-16")
    recent = await closed_request(person, agent, "2024-06-03")
    with clock.frozen(at("2019-05-06")):
        still_open = await requests.submit_request(
            affiliate(person),
            person_id=person,
            kind="general_question",
            answers={"subject": "S", "question": "Q"},
            idempotency_key="open",
            attachments=[NewAttachment("open.pdf", PDF)],
        )
    with clock.frozen(at("2026-01-05")):
        first = await retention.flag_expired()
        again = await retention.flag_expired()
    assert first["request_files"] == 1 and again["request_files"] == 0
    flags = await fetch(
        "SELECT subject_id, person, label, retained_until, decision "
        "FROM retention_flag WHERE rule = 'request_files'"
    )
    assert [(f["subject_id"], f["person"], f["retained_until"], f["decision"]) for f in flags] == [
        (str(old), person, date(2025, 12, 31), None)
    ]
    assert flags[0]["label"].endswith(" · 1")
    # Nothing erased by the scan itself; the recent and the open request are not flagged.
    assert await attachments(old) == 1
    assert await attachments(recent) == 1 and await attachments(still_open.id) == 1


async def test_a_supervisor_erases_with_a_fresh_passkey_check(client: AsyncClient) -> None:
    person = await make_person(first_name="Camille", last_name="Dupont")
    agent = await make_staff()
    supervisor = await make_staff(role="supervisor", name="Sam Superviseur")
    old = await closed_request(person, agent, "2020-03-16")
    with clock.frozen(at("2026-01-05")):
        await retention.flag_expired()
    flag_id = (await fetch("SELECT id FROM retention_flag"))[0]["id"]

    await log_in(client, "staff", supervisor, step_up_at=clock.now())
    page = await client.get("/staff/retention")
    assert page.status_code == 200
    assert "Documents envoyés avec une demande clôturée" in page.text
    assert "Camille Dupont" in page.text and f"/staff/retention/{flag_id}" in page.text
    assert "Non confirmé" in page.text
    token = await csrf_token(client)
    done = await client.post(
        f"/staff/retention/{flag_id}",
        data={"_csrf_token": token, "decision": "erase", "motivation": ""},
    )
    assert done.status_code == 303 and done.headers["location"] == "/staff/retention?done=erase"
    assert await attachments(old) == 0
    left = await fetch("SELECT status FROM request WHERE id = {}", old)
    assert left == [{"status": "granted"}]  # the request and its decision stay
    decided = await fetch("SELECT decision, decided_by FROM retention_flag WHERE id = {}", flag_id)
    assert decided == [{"decision": "erase", "decided_by": supervisor}]
    events = await fetch(
        "SELECT action FROM audit_event WHERE action LIKE 'retention.%' ORDER BY at, action"
    )
    assert {e["action"] for e in events} >= {"retention.request_files_erased", "retention.erase"}
    # Decided once: a second decision finds nothing to decide.
    token = await csrf_token(client)
    again = await client.post(
        f"/staff/retention/{flag_id}",
        data={"_csrf_token": token, "decision": "keep", "motivation": "x"},
    )
    assert again.status_code == 404


async def test_keeping_needs_a_reason_and_keeps_everything(client: AsyncClient) -> None:
    person = await make_person()
    agent = await make_staff()
    supervisor = await make_staff(role="supervisor")
    old = await closed_request(person, agent, "2020-03-16")
    with clock.frozen(at("2026-01-05")):
        await retention.flag_expired()
    flag_id = (await fetch("SELECT id FROM retention_flag"))[0]["id"]
    await log_in(client, "staff", supervisor, step_up_at=clock.now())
    token = await csrf_token(client)
    refused = await client.post(
        f"/staff/retention/{flag_id}",
        data={"_csrf_token": token, "decision": "keep", "motivation": " "},
    )
    assert refused.status_code == 422
    assert 'id="error-motivation"' in refused.text
    assert "Dites pourquoi la Caisse la conserve." in refused.text
    assert 'value="keep" checked' in refused.text  # the choice made is kept
    kept = await client.post(
        f"/staff/retention/{flag_id}",
        data={"_csrf_token": token, "decision": "keep", "motivation": "Recours en cours."},
    )
    assert kept.status_code == 303
    assert await attachments(old) == 1
    row = await fetch("SELECT decision, motivation FROM retention_flag WHERE id = {}", flag_id)
    assert row == [{"decision": "keep", "motivation": "Recours en cours."}]


async def test_the_mail_log_goes_by_month(client: AsyncClient) -> None:
    supervisor = await make_staff(role="supervisor")
    for day, to in (
        ("2023-03-02", "a@example.be"),
        ("2023-03-30", "b@example.be"),
        ("2024-01-10", "c@example.be"),
    ):
        await execute(
            'INSERT INTO mail_message (id, "to", subject, body, template, created_at) '
            "VALUES ({}, {}, 'Sujet', 'Corps', 'welcome', {})",
            uuid.uuid4(),
            to,
            at(day),
        )
    with clock.frozen(at("2026-01-05")):
        flagged = await retention.flag_expired()
    assert flagged["mail_log"] == 1  # March 2023 (kept until 31 Dec 2025); 2024 not yet
    flag = (await fetch("SELECT id, subject_id, label FROM retention_flag"))[0]
    assert (flag["subject_id"], flag["label"]) == ("2023-03", "2023-03 · 2")
    await log_in(client, "staff", supervisor, step_up_at=clock.now())
    token = await csrf_token(client)
    done = await client.post(
        f"/staff/retention/{flag['id']}", data={"_csrf_token": token, "decision": "erase"}
    )
    assert done.status_code == 303
    left = await fetch('SELECT "to" FROM mail_message ORDER BY created_at')
    assert left == [{"to": "c@example.be"}]


async def test_an_old_step_up_is_asked_again(client: AsyncClient) -> None:
    supervisor = await make_staff(role="supervisor")
    await log_in(client, "staff", supervisor)  # verified an hour ago
    token = await csrf_token(client)
    response = await client.post(
        f"/staff/retention/{uuid.uuid4()}",
        data={"_csrf_token": token, "decision": "erase"},
        headers={"referer": "http://localhost:8000/staff/retention"},
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/step-up")
