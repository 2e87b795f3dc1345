"""An outage of the database or Redis is a 503 'try again'; our own file errors stay 500s."""

from __future__ import annotations

import asyncio
import socket
import tempfile
from pathlib import Path

import asyncpg
import pytest

from app.kit.problems import EXCEPTION_HANDLERS, _from_a_driver, outage_handler


def test_a_missing_database_socket_counts_as_an_outage() -> None:
    with tempfile.TemporaryDirectory() as folder:
        dsn = f"postgresql://nobody@/x?host={folder}"  # no server listens there
        with pytest.raises(OSError) as caught:
            asyncio.run(asyncpg.connect(dsn, timeout=2))
    assert _from_a_driver(caught.value) is True


def test_our_own_missing_file_is_not_an_outage() -> None:
    with pytest.raises(OSError) as caught:
        Path("/nonexistent/affilio/upload.pdf").read_bytes()
    assert _from_a_driver(caught.value) is False


def test_a_plain_socket_error_outside_the_drivers_is_not_an_outage() -> None:
    with pytest.raises(OSError) as caught:
        socket.socket(socket.AF_UNIX).connect("/nonexistent/affilio.sock")
    assert _from_a_driver(caught.value) is False


def test_a_connection_left_mid_operation_by_a_restart_is_an_outage() -> None:
    """Seen when PostgreSQL restarted under traffic: the next query on a pooled connection."""
    error = asyncpg.exceptions.InternalClientError(
        "cannot switch to state 12; another operation (2) is in progress"
    )
    handler = next(h for kind, h in EXCEPTION_HANDLERS.items()
                   if isinstance(kind, type) and isinstance(error, kind))  # fmt: skip
    assert handler is outage_handler
