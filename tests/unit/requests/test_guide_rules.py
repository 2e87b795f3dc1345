"""A request filed through a guide keeps the guide's answers; they stand for the free text."""

from __future__ import annotations

import pytest

from app.requests.kinds import spec
from app.requests.queries import guide_answers
from app.requests.rules import clean_answers

pytestmark = pytest.mark.unit

GUIDE = {"wizard": "payment_difficulty", "answers": {"amount_owed": "2500.00", "cause": "illness"}}


def test_the_guide_answers_stand_for_a_required_reason() -> None:
    clean, errors = clean_answers(
        spec("payment_plan"), {"monthly_amount": "300", "months": "9", "guide": GUIDE}
    )
    assert errors == {}
    assert clean == {"monthly_amount": "300.00", "months": 9, "guide": GUIDE}
    clean, errors = clean_answers(spec("pension_help"), {"guide": GUIDE})
    assert errors == {} and clean == {"guide": GUIDE}


def test_without_a_guide_the_reason_is_still_required() -> None:
    _clean, errors = clean_answers(spec("payment_plan"), {"monthly_amount": "300", "months": "9"})
    assert errors == {"reason": "required"}


def test_the_guide_stands_for_free_text_only() -> None:
    _clean, errors = clean_answers(spec("payment_plan"), {"months": "9", "guide": GUIDE})
    assert errors == {"monthly_amount": "required"}


def test_a_guide_without_any_answer_stands_for_nothing() -> None:
    empty = {"wizard": "payment_difficulty", "answers": {}}
    clean, errors = clean_answers(spec("exemption"), {"quarters": "2026-1", "guide": empty})
    assert errors == {"reason": "required"}
    assert "guide" not in clean


@pytest.mark.parametrize(
    ("guide", "code"),
    [
        ("Introduite via le guide", "not_a_guide"),
        ({"wizard": "payment_difficulty"}, "not_a_guide"),
        ({"wizard": "Payment Difficulty", "answers": {"a": "b"}}, "not_a_guide"),
        ({"wizard": "payment_difficulty", "answers": {"a": 1}}, "not_a_guide"),
        ({"wizard": "payment_difficulty", "answers": {"<b>": "x"}}, "not_a_guide"),
        ({"wizard": "payment_difficulty", "answers": {f"q{i}": "x" for i in range(101)}},
         "not_a_guide"),
        ({"wizard": "payment_difficulty", "answers": {"a": "x" * 5001}}, "too_long"),
        ({"wizard": "payment_difficulty", "answers": {"a": "b"}, "extra": 1}, "not_a_guide"),
    ],
)  # fmt: skip
def test_a_malformed_guide_is_refused(guide: object, code: str) -> None:
    _clean, errors = clean_answers(
        spec("pension_help"), {"question": "Ma question", "guide": guide}
    )
    assert errors == {"guide": code}


def test_a_guide_no_reader_knows_shows_what_was_stored() -> None:
    shown = guide_answers(
        {"guide": {"wizard": "retired_guide", "answers": {"amount": "12.00", "why": ""}}}
    )
    assert shown is not None
    assert shown.title == "retired_guide"
    assert shown.lines == (("amount", "12.00"), ("why", "—"))
