"""A guide's answers kept with a request (issue 12, item 12): stored as given, read back in
the reader's language, only the questions on the person's path, in the journey's order."""

from __future__ import annotations

import pytest

from app.kit.i18n import language
from app.requests.queries import GuideAnswers, guide_answers, register_guide_reader
from app.wizards.catalogue import WIZARDS
from app.wizards.service import filed_answers, read_guide_answers

PAYMENT = {
    "amount_owed": "2500.00",
    "monthly_capacity": "300.00",
    "cause": "illness",
    "duration": "short",
    "activity": "main",
    "active_four_quarters": "yes",
    "expected_income": "",
    "stopping": "no",
}
# Adoption after a first visit of the birth branch: the mother's role is no longer asked.
NEW_CHILD = {
    "event": "adoption",
    "role": "mother",
    "child_date": "2026-05-01",
    "multiple": "no",
    "disability": "no",
    "activity": "main",
    "contributions_paid": "yes",
}


def test_french_reader_reads_french_questions_and_amounts() -> None:
    with language("fr"):
        shown = read_guide_answers("payment_difficulty", PAYMENT)
    assert shown is not None
    assert shown.title == "Difficultés de paiement"
    assert shown.lines[0] == ("Combien devez-vous à la caisse\xa0?", "2\u202f500,00\xa0€")
    assert shown.lines[2] == (
        "Pourquoi est-il difficile de payer\xa0?",
        "Une maladie ou un accident",
    )
    assert shown.lines[5] == ("Êtes-vous indépendant depuis au moins 4 trimestres\xa0?", "Oui")
    assert shown.lines[6][1] == "Non indiqué"  # the optional income left empty
    assert len(shown.lines) == 8


def test_dutch_reader_reads_the_same_answers_in_dutch() -> None:
    with language("nl"):
        shown = read_guide_answers("payment_difficulty", PAYMENT)
    assert shown is not None
    assert shown.title == "Betalingsmoeilijkheden"
    assert shown.lines[0] == ("Hoeveel bent u het fonds verschuldigd?", "€\xa02.500,00")
    assert shown.lines[2] == ("Waarom is betalen moeilijk?", "Ziekte of een ongeval")
    assert shown.lines[7] == ("Stopt u uw activiteit door deze moeilijkheden?", "Nee")


def test_dates_follow_the_reader_and_an_abandoned_branch_is_not_shown() -> None:
    with language("fr"):
        fr = read_guide_answers("new_child", NEW_CHILD)
    with language("nl"):
        nl = read_guide_answers("new_child", NEW_CHILD)
    assert fr is not None and nl is not None
    assert "1er mai 2026" in dict(fr.lines).values()
    assert "1 mei 2026" in dict(nl.lines).values()
    assert len(fr.lines) == 6  # event, date, twins, disability, activity, paid: not the role


def test_filed_answers_are_the_check_page_answers_as_stored() -> None:
    kept = filed_answers(WIZARDS["new_child"], {**NEW_CHILD, "gone": "x"})
    assert kept == {
        "event": "adoption",
        "child_date": "2026-05-01",
        "multiple": "no",
        "disability": "no",
        "activity": "main",
        "contributions_paid": "yes",
    }
    assert list(kept) == ["event", "child_date", "multiple", "disability", "activity",
                          "contributions_paid"]  # fmt: skip
    assert filed_answers(WIZARDS["payment_difficulty"], PAYMENT) == PAYMENT


def test_an_unknown_guide_is_not_read_by_the_wizards() -> None:
    assert read_guide_answers("no_such_guide", PAYMENT) is None


def test_requests_read_the_guide_through_the_registered_reader() -> None:
    register_guide_reader(read_guide_answers)
    register_guide_reader(read_guide_answers)  # wiring twice changes nothing
    stored = {"monthly_amount": "300.00", "guide": {"wizard": "payment_difficulty",
                                                   "answers": PAYMENT}}  # fmt: skip
    with language("nl"):
        shown = guide_answers(stored)
    assert isinstance(shown, GuideAnswers)
    assert shown.lines[0] == ("Hoeveel bent u het fonds verschuldigd?", "€\xa02.500,00")


@pytest.mark.parametrize(
    "answers",
    [{}, {"reason": "Introduite via le guide « Difficultés de paiement »."}, {"guide": "text"}],
)
def test_a_request_without_kept_guide_answers_has_none(answers: dict[str, object]) -> None:
    assert guide_answers(answers) is None
