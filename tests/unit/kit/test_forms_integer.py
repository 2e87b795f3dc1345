"""A whole number as a form or a query sends it: ASCII digits within bounds, anything else a
field error (never an exception the server answers with a 500)."""

from __future__ import annotations

import pytest

from app.kit.forms import FieldError, integer

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("0", 0), ("12", 12), (" 7 ", 7), ("120", 120)],
)
def test_accepted(typed: str, expected: int) -> None:
    assert integer(typed, minimum=0, maximum=120) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        pytest.param("²", "not_integer", id="superscript-two"),  # "²".isdigit() is true
        pytest.param("\x0c²", "not_integer", id="form-feed-superscript"),  # the fuzzer's case
        pytest.param("٣", "not_integer", id="arabic-indic-three"),
        pytest.param("-1", "not_integer", id="negative"),
        pytest.param("1e3", "not_integer", id="exponent"),
        pytest.param("1000", "not_integer", id="too-many-digits"),
        pytest.param("121", "out_of_range", id="above"),
        pytest.param("", "required", id="empty"),
    ],
)
def test_refused_with_a_code(typed: str, code: str) -> None:
    with pytest.raises(FieldError) as refused:
        integer(typed, minimum=0, maximum=120)
    assert refused.value.code == code
