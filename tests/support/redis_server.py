"""A private Redis server for tests that stop and restart it (outage scenarios)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.kit.embedded import EmbeddedRedis


@contextmanager
def private_redis(folder: Path) -> Iterator[EmbeddedRedis]:
    # A short path: unix socket paths are limited to ~107 bytes.
    server = EmbeddedRedis(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()
