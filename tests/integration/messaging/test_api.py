"""The inbox's JSON API (/api/v1/inbox): the session person's messages and unread counts."""

from __future__ import annotations

from datetime import date, datetime

import httpx
import pytest
import redis.asyncio as aioredis

from app.affiliation import service as affiliation
from app.affiliation.rules import Category
from app.kit import clock
from app.kit.audit import SYSTEM
from app.payments import service as payments
from tests.support.actors import log_in, make_person

pytestmark = pytest.mark.integration
ISSUE_DAY = datetime(2026, 1, 15, 9, 0, tzinfo=clock.BRUSSELS)


async def test_the_inbox_with_its_unread_counts(client: httpx.AsyncClient) -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await payments.issue_quarter_notice(person, 2026, 1)
    await log_in(client, "affiliate", person)
    response = await client.get("/api/v1/inbox")
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["unread"], body["thread_unread"], body["older"]) == (1, 0, None)
    [message] = body["messages"]
    assert message["subject"] == "Vos cotisations du trimestre 1 2026"
    assert "917,58\u00a0€ à payer au plus tard le 31 mars 2026" in message["body"]
    assert message["read"] is False
    assert message["link"].startswith("/account/contributions/notices/")
    older = await client.get("/api/v1/inbox", params={"before": "2026-01-01T00:00:00+01:00"})
    assert older.json()["messages"] == [] and older.json()["unread"] == 1


async def test_another_person_sees_nothing_and_no_session_is_401(
    client: httpx.AsyncClient,
) -> None:
    person = await make_person()
    await affiliation.record_affiliation(
        SYSTEM, person_id=person, category=Category.MAIN, starts_on=date(2019, 3, 1)
    )
    with clock.frozen(ISSUE_DAY):
        assert await payments.issue_quarter_notice(person, 2026, 1)
    assert (await client.get("/api/v1/inbox")).status_code == 401
    await log_in(client, "affiliate", await make_person("Bert"))
    body = (await client.get("/api/v1/inbox")).json()
    assert body["messages"] == [] and body["unread"] == 0


async def test_a_cursor_without_its_offset_is_422(client: httpx.AsyncClient) -> None:
    await log_in(client, "affiliate", await make_person())
    response = await client.get("/api/v1/inbox", params={"before": "2026-01-01T00:00:00"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "before", "message": (
        "Indiquez une date et une heure avec leur décalage, par exemple "
        "2026-12-03T08:00:00+01:00")}]  # fmt: skip
    not_a_day = await client.get("/api/v1/inbox", params={"before": "2026-02-30T00:00:00Z"})
    assert not_a_day.status_code == 422


async def test_the_api_does_not_count_the_navs_badge(
    client: httpx.AsyncClient, redis_client: aioredis.Redis
) -> None:
    """The nav's unread count is for pages: a signed-in JSON read costs no Redis lookup."""
    person = await make_person()
    await log_in(client, "affiliate", person)
    assert (await client.get("/api/v1/inbox")).status_code == 200
    assert await redis_client.get(f"affilio:inbox-unread:affiliate:{person}") is None
    assert (await client.get("/inbox")).status_code == 200
    assert await redis_client.get(f"affilio:inbox-unread:affiliate:{person}") is not None
