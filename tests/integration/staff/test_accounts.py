"""The recovery queue is scoped to the team that follows the person, and reading it is audited."""

from __future__ import annotations

import uuid

import httpx
import pytest

from app.affiliation import service as affiliation
from app.identity.tables import AccountRecovery
from app.kit.audit import SYSTEM
from app.kit.tables import AuditEvent
from tests.support.actors import csrf, log_in, make_person, make_staff

pytestmark = pytest.mark.integration


async def recovery_for(person: uuid.UUID) -> uuid.UUID:
    recovery_id = uuid.uuid4()
    await AccountRecovery.insert(
        AccountRecovery(
            id=recovery_id, national_number="85073003328", email="a@example.be", person=person
        )
    )
    return recovery_id


async def test_agents_see_and_decide_their_teams_recoveries_only(
    client: httpx.AsyncClient,
) -> None:
    general, pensions = await make_staff(name="Gaby"), await make_staff(team="pensions")
    lead = await make_staff(role="supervisor", team="pensions")
    person = await make_person(first_name="Anna")
    await affiliation.assign_account_manager(SYSTEM, person_id=person, staff_id=general)
    recovery_id = await recovery_for(person)

    await log_in(client, "staff", pensions)
    page = await client.get("/staff/identity/recovery")
    assert page.status_code == 200 and "Anna" not in page.text
    refused = await client.post(
        f"/staff/identity/recovery/{recovery_id}/reject", headers=await csrf(client)
    )
    assert refused.status_code == 404

    for member in (general, lead):  # the team that follows Anna, and a supervisor
        await log_in(client, "staff", member)
        assert "Anna" in (await client.get("/staff/identity/recovery")).text
    done = await client.post(
        f"/staff/identity/recovery/{recovery_id}/reject", headers=await csrf(client)
    )
    assert done.status_code == 303
    reads = await AuditEvent.count().where(AuditEvent.action == "staff.recovery_queue_read")
    assert reads >= 3
