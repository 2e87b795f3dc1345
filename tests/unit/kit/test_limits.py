"""Nesting depth of a JSON text, counted without parsing it."""

from __future__ import annotations

import pytest

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
