"""Test session set-up: real PostgreSQL and Redis, started once, before any app import.

With DATABASE_URL / REDIS_URL set, the suite uses those servers (its own database is still
recreated); otherwise it starts embedded ones under var/test. Pure unit tests never touch them.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ["ENV"] = "test"
# One random signing key for the whole run, web and worker processes alike (never the public
# development key, which the settings refuse outside development).
os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
os.environ.setdefault("DATA_DIR", str(ROOT / "var" / "test"))
os.environ.setdefault("BASE_URL", "http://localhost:8000")
os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")

from tests.support import services  # noqa: E402  (environment first)

pytest_plugins = ["tests.support.fixtures"]


def pytest_configure(config: object) -> None:
    services.configure_environment(database_name="affilio_test")


def pytest_unconfigure(config: object) -> None:
    services.stop()
