"""Shared fixtures: database pool, clean tables between tests, Redis, the HTTP test client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import redis.asyncio as aioredis

from app.kit import db


def _app_tables() -> list[str]:
    from piccolo.conf.apps import Finder

    return [table._meta.tablename for table in Finder().get_table_classes()]


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[None]:
    await db.start_pool(max_size=10)
    yield
    await db.close_pool()


@pytest.fixture
async def clean_db(database: None) -> AsyncIterator[None]:
    """Each integration test starts from empty tables (workers in other processes see the same)."""
    yield
    tables = ", ".join(f'"{name}"' for name in _app_tables())
    await db.engine().run_ddl(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture
async def redis_client() -> AsyncIterator[aioredis.Redis]:
    from app.kit.settings import get_settings

    client = aioredis.Redis.from_url(get_settings().redis_url or "")
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
async def client(clean_db: None) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP through the real app, in the test's own event loop.

    Litestar's AsyncTestClient runs the app in a second thread and loop, where the session's
    asyncpg pool cannot be used; httpx's ASGI transport keeps one loop. The app's lifespan only
    opens the pool, which the `database` fixture already holds.
    """
    from app.main import create_app

    app = create_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://localhost:8000", follow_redirects=False
    ) as test_client:
        test_client.app = app  # type: ignore[attr-defined]
        yield test_client
        await app.state.redis.aclose()
