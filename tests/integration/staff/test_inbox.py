"""The staff inbox (issue 15, item 1, for staff): a request routed to the account manager, the
affiliate's message and answer land there in the member's language; a request passed on
lands with its new holder; opening a line marks it read, and another member finds nothing."""

from __future__ import annotations

import html
import re

import httpx
import pytest

from app.affiliation import service as affiliation_service
from app.messaging import service as messaging
from app.messaging.tables import StaffNotice
from app.requests import service as requests
from tests.integration.messaging.test_inbox import nav_count
from tests.support.actors import affiliate, csrf_token, log_in, make_person, make_staff, staff

pytestmark = pytest.mark.integration


async def test_what_happens_on_my_files_waits_in_my_inbox(client: httpx.AsyncClient) -> None:
    person = await make_person("Camille", "camille@example.be")
    agent = await make_staff(name="Nora")
    await affiliation_service.assign_account_manager(staff(agent), person_id=person,
                                                     staff_id=agent)  # fmt: skip
    filed = await requests.submit_request(
        affiliate(person), person_id=person, kind="general_question",
        answers={"subject": "S", "question": "Q"}, idempotency_key="staff-inbox",
    )  # fmt: skip
    await requests.acknowledge_request(filed.id)  # routed to her account manager
    await messaging.post_message(affiliate(person), person_id=person, body="Bonjour Nora.")
    await requests.request_information(staff(agent), filed.id, question="Votre extrait ?")
    await requests.answer_information(affiliate(person), filed.id, answer="Le voici.")
    [row] = await requests_reference(filed.id)
    subjects = [r["subject"] for r in await StaffNotice.select(StaffNotice.subject).where(
        StaffNotice.staff == agent).order_by(StaffNotice.created_at)]  # fmt: skip
    assert subjects == [
        f"{row} est nouvelle pour vous",
        "Nouveau message de Camille Peeters",
        f"{row}\u00a0: l'affilié a répondu",
    ]
    await log_in(client, "staff", agent)
    client.cookies.set("affilio_lang", "fr")
    page = html.unescape((await client.get("/staff/inbox")).text)
    assert nav_count(page) == "3"
    ids = re.findall(r'action="/staff/inbox/([0-9a-f-]{36})/open"', page)
    assert len(ids) == 3  # newest first: the answer
    token = await csrf_token(client)
    opened = await client.post(f"/staff/inbox/{ids[0]}/open", data={"_csrf_token": token})
    assert opened.status_code == 303 and opened.headers["location"] == f"/staff/requests/{filed.id}"
    assert nav_count((await client.get("/staff/inbox")).text) == "2"

    colleague = await make_staff(role="supervisor", name="Sam")
    await requests.reassign_request(staff(colleague), filed.id, staff_id=colleague)
    await requests.reassign_request(staff(colleague), filed.id, staff_id=agent)
    assert await StaffNotice.count().where(StaffNotice.staff == agent) == 4  # passed back to her
    assert await StaffNotice.count().where(StaffNotice.staff == colleague) == 0  # took it himself
    client.cookies.clear()
    await log_in(client, "staff", colleague)
    token = await csrf_token(client)
    other = await client.post(f"/staff/inbox/{ids[1]}/open", data={"_csrf_token": token})
    assert other.status_code == 404


async def requests_reference(request_id: object) -> list[str]:
    from app.requests.tables import Request

    return [r["reference"] for r in await Request.select(Request.reference).where(
        Request.id == request_id)]  # fmt: skip
