"""Nesting depth of a JSON text, counted without parsing it."""

from __future__ import annotations

import pytest

from app.kit.http import client_address
from app.kit.limits import json_depth

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"{}", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'"[[[[not nesting]]]]"', 0),
        (b'{"s": "a \\" [ quote"}', 1),
        (b"[" * 1000 + b"]" * 1000, 1000),
        (b"", 0),
    ],
    ids=["empty-object", "nested", "in-a-string", "escaped-quote", "hostile", "no-body"],
)
def test_json_depth(body: bytes, depth: int) -> None:
    assert json_depth(body) == depth


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "client"),
    [
        ("203.0.113.9", None, (), "203.0.113.9"),
        # A forged header from a peer that is not our proxy changes nothing.
        ("203.0.113.9", "198.51.100.1", (), "203.0.113.9"),
        ("10.0.0.2", "198.51.100.1", ("10.0.0.0/8",), "198.51.100.1"),
        # Our proxy appended the real client after whatever the client claimed.
        ("10.0.0.2", "1.2.3.4, 198.51.100.1", ("10.0.0.0/8",), "198.51.100.1"),
        ("10.0.0.2", "198.51.100.1, 10.0.0.7", ("10.0.0.0/8",), "198.51.100.1"),
        ("10.0.0.2", "not-an-address", ("10.0.0.0/8",), "10.0.0.2"),
        (None, None, (), "unknown"),
    ],
    ids=["direct", "forged", "proxied", "client-claim", "two-proxies", "garbage", "no-peer"],
)
def test_client_address(
    peer: str | None, forwarded: str | None, trusted: tuple[str, ...], client: str
) -> None:
    assert client_address(peer, forwarded, trusted) == client
