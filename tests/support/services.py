"""Embedded (or external) PostgreSQL and Redis for a pytest session, and a fresh database."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from app.kit.embedded import EmbeddedServices

_services: EmbeddedServices | None = None


def configure_environment(*, database_name: str) -> None:
    """Start what the environment lacks, recreate the test database and migrate it."""
    global _services
    data_dir = Path(os.environ["DATA_DIR"])
    need_db = not os.environ.get("DATABASE_URL")
    need_redis = not os.environ.get("REDIS_URL")
    if need_db or need_redis:
        _services = EmbeddedServices(data_dir)
        os.environ.update(
            _services.start(database=need_db, redis=need_redis, database_name="postgres")
        )
    admin_url = os.environ["DATABASE_URL"]
    test_url = _with_database(admin_url, database_name)
    asyncio.run(_recreate_database(admin_url, database_name))
    os.environ["DATABASE_URL"] = test_url
    from app.kit.settings import get_settings

    get_settings.cache_clear()
    asyncio.run(_migrate())


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _recreate_database(admin_url: str, name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


async def _migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.kit import db

    await db.start_pool(max_size=2)
    try:
        result = await run_forwards(app_name="all", fake=False)
        assert result.success, result.message
    finally:
        await db.close_pool()


def stop() -> None:
    if _services is not None:
        _services.stop()


def restart_database() -> bool:
    """Restart the embedded PostgreSQL of this run (fast mode: sessions are cut, as in a crash
    or a failover). False when the run uses an external server, which the tests cannot restart."""
    if _services is None or _services.postgres is None:
        return False
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]

    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=_services.postgres.pgdata, user=user)
    return True
