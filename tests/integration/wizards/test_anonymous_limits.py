"""Each anonymous guide started is a row: one address starts at most 20 an hour."""

from __future__ import annotations

import httpx
import pytest
import redis.asyncio as aioredis

from app.wizards.tables import WizardDraft
from tests.support.actors import csrf_token

pytestmark = pytest.mark.integration


async def test_the_twenty_first_anonymous_guide_in_an_hour_is_refused_politely(
    client: httpx.AsyncClient, redis_client: aioredis.Redis
) -> None:
    keys = [key async for key in redis_client.scan_iter("affilio:limit:*")]
    if keys:
        await redis_client.delete(*keys)
    for _ in range(20):
        client.cookies.clear()  # a new visitor each time, as a flood would be
        answer = await client.post(
            "/wizards/new_child/event",
            data={"_csrf_token": await csrf_token(client), "event": "birth"},
        )
        assert answer.status_code == 303, answer.text
    assert await WizardDraft.count() == 20
    client.cookies.clear()
    refused = await client.post(
        "/wizards/new_child/event",
        data={"_csrf_token": await csrf_token(client), "event": "birth"},
    )
    assert refused.status_code == 200
    assert "Beaucoup de guides ont été commencés depuis cette connexion" in refused.text
    assert await WizardDraft.count() == 20
