"""Question types: what people type on a phone, validated and stored as canonical text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.kit.i18n import language
from app.wizards.model import AnswerType, Option, Question
from app.wizards.questions import display_value, parse_answer, typed_value

TODAY = date(2026, 3, 16)


def q(kind: AnswerType, **kwargs: object) -> Question:
    return Question("x", "Label", kind, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "raw", "stored"),
    [
        (q(AnswerType.MONEY), "25 000", "25000.00"),
        (q(AnswerType.MONEY), "1.234,56 €", "1234.56"),
        (q(AnswerType.DATE), "15/05/2026", "2026-05-15"),
        (q(AnswerType.DATE), "2026-05-15", "2026-05-15"),
        (q(AnswerType.NUMBER, minimum=1, maximum=6), "6", "6"),
        (q(AnswerType.YES_NO), "yes", "yes"),
        (q(AnswerType.CHOICE, options=(Option("a", "A"),)), "a", "a"),
        (q(AnswerType.ENTERPRISE_NUMBER), "0403170701", "0403.170.701"),
        (q(AnswerType.NISS), "85.07.30-033.28", "85073003328"),
        (q(AnswerType.MONEY, required=False), "  ", ""),
        (q(AnswerType.TEXT), " hello ", "hello"),
    ],
    ids=["money", "money-be", "date-be", "date-iso", "number", "yes", "choice", "bce", "niss",
         "optional-blank", "text"],
)  # fmt: skip
def test_valid_answers(question: Question, raw: str, stored: str) -> None:
    parsed = parse_answer(question, raw, today=TODAY)
    assert parsed.error is None
    assert parsed.stored == stored


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        (q(AnswerType.MONEY), "", "Indiquez une réponse"),
        (q(AnswerType.MONEY), "deux cents", "Indiquez un montant en euros"),
        (q(AnswerType.MONEY), "-5", "égal ou supérieur à zéro"),
        (q(AnswerType.DATE), "31/02/2026", "date qui existe"),
        (q(AnswerType.DATE, maximum=30), "01/01/2030", "trop loin dans le futur"),
        (q(AnswerType.DATE, minimum=-30), "01/01/2020", "trop loin dans le passé"),
        (q(AnswerType.NUMBER, minimum=1, maximum=6), "7", "entre 1 et 6"),
        (q(AnswerType.NUMBER), "2,5", "nombre entier"),
        (q(AnswerType.YES_NO), "", "Choisissez une réponse"),
        (q(AnswerType.CHOICE, options=(Option("a", "A"),)), "b", "Choisissez une réponse"),
        (q(AnswerType.ENTERPRISE_NUMBER), "0403170702", "numéro d'entreprise valable"),
        (q(AnswerType.NISS), "85073003362", "registre national valable"),
        (q(AnswerType.TEXT, max_length=3), "abcd", "3 caractères au maximum"),
    ],
    ids=["empty", "money-text", "negative", "no-such-day", "future", "past", "range",
         "not-whole", "yes-no", "bad-choice", "bce-checksum", "niss-checksum", "too-long"],
)  # fmt: skip
def test_invalid_answers_in_french(question: Question, raw: str, message: str) -> None:
    with language("fr"):
        parsed = parse_answer(question, raw, today=TODAY)
    assert parsed.stored is None
    assert parsed.error is not None and message in parsed.error


def test_typed_values_and_display() -> None:
    assert typed_value(q(AnswerType.MONEY), "1234.50") == Decimal("1234.50")
    assert typed_value(q(AnswerType.DATE), "2026-05-15") == date(2026, 5, 15)
    assert typed_value(q(AnswerType.YES_NO), "no") is False
    assert typed_value(q(AnswerType.MONEY, required=False), "") is None
    with language("nl"):
        assert display_value(q(AnswerType.YES_NO), "yes") == "Ja"
        assert display_value(q(AnswerType.MONEY), "1234.50") == "€\xa01.234,50"
    with language("fr"):
        assert display_value(q(AnswerType.DATE), "2026-05-15") == "15 mai 2026"
