from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis


@pytest.fixture(autouse=True)
async def _fresh_rate_limits() -> AsyncIterator[None]:
    """Rate-limit counters live in Redis for 15 minutes: each test starts with none."""
    from app.kit.settings import get_settings

    client = aioredis.Redis.from_url(get_settings().redis_url or "")
    keys = [key async for key in client.scan_iter("affilio:limit:*")]
    if keys:
        await client.delete(*keys)
    yield
    await client.aclose()
