"""Walking a wizard: routes, skips, next step, what may be visited, what the check page shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.wizards import journey
from app.wizards.catalogue import WIZARDS
from app.wizards.model import CHECK

NEW_CHILD = WIZARDS["new_child"]
ILLNESS = WIZARDS["illness"]
STARTING = WIZARDS["starting_out"]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, ["event"]),
        ({"event": "birth"}, ["event", "role"]),
        ({"event": "adoption"}, ["event", "date"]),
        ({"event": "adoption", "child_date": date(2026, 5, 1)}, ["event", "date", "child"]),
        (
            {"event": "adoption", "child_date": date(2026, 5, 1), "multiple": False,
             "disability": False},
            ["event", "date", "child", "activity"],
        ),
        (
            {"event": "birth", "role": "mother", "child_date": date(2026, 5, 1),
             "multiple": False, "disability": False, "activity": "main",
             "contributions_paid": True},
            ["event", "role", "date", "child", "activity", "paid", CHECK],
        ),
        (
            {"event": "birth", "role": "mother", "child_date": date(2026, 5, 1),
             "multiple": False, "disability": False, "activity": "secondary"},
            ["event", "role", "date", "child", "activity", CHECK],
        ),
    ],
    ids=["empty", "birth", "adoption-skips-role", "adoption-date", "adoption-child", "complete",
         "secondary-skips-paid"],
)  # fmt: skip
def test_path(answers: dict, expected: list[str]) -> None:
    assert journey.path(NEW_CHILD, answers) == expected


def test_illness_branches() -> None:
    own = {"who": "self", "since": date(2026, 1, 1), "stopped": True}
    assert journey.path(ILLNESS, own) == ["who", "since", "stopped", "history"]
    own |= {"self_employed_90_days": True, "previous_quarter_paid": False}
    assert journey.path(ILLNESS, own) == ["who", "since", "stopped", "history", CHECK]
    relative = {"who": "relative", "interruption": "full", "caregiver_start": date(2026, 4, 1),
                "caregiver_months": 2}  # fmt: skip
    assert journey.path(ILLNESS, relative) == [
        "who", "interruption", "caregiver_start", "months", CHECK,
    ]  # fmt: skip


def test_starting_out_skips_activity_for_students() -> None:
    answers = {"status": "student"}
    assert journey.next_step(STARTING, answers) == "start"
    assert not journey.can_visit(STARTING, answers, "first_time")


def test_cannot_visit_ahead_but_can_go_back() -> None:
    answers = {"event": "birth"}
    assert journey.can_visit(NEW_CHILD, answers, "event")
    assert journey.can_visit(NEW_CHILD, answers, "role")
    assert not journey.can_visit(NEW_CHILD, answers, "date")
    assert not journey.can_visit(NEW_CHILD, answers, CHECK)


def test_previous_step_follows_the_path() -> None:
    answers = {"event": "adoption", "child_date": date(2026, 5, 1)}
    assert journey.previous_step(NEW_CHILD, answers, "date") == "event"
    assert journey.previous_step(NEW_CHILD, answers, "event") is None


def test_changing_an_answer_drops_the_abandoned_branch() -> None:
    answers = {"event": "adoption", "role": "mother", "child_date": date(2026, 5, 1),
               "multiple": False, "disability": False, "activity": "main",
               "contributions_paid": True}  # fmt: skip
    # The role was answered on an earlier visit of the birth branch: ignored now.
    relevant = journey.relevant_answers(NEW_CHILD, answers)
    assert "role" not in relevant
    assert [row.question.name for row in journey.answers_for_check(NEW_CHILD, answers)] == [
        "event", "child_date", "multiple", "disability", "activity", "contributions_paid",
    ]  # fmt: skip


def test_optional_blank_answer_counts_as_answered() -> None:
    answers = {"status": "own_name", "activity": "secondary", "start_date": date(2026, 2, 1),
               "enterprise_number": None, "expected_income": Decimal("8000")}  # fmt: skip
    assert journey.next_step(STARTING, answers) == CHECK


def test_progress_counts_steps_on_the_path() -> None:
    assert journey.progress(NEW_CHILD, {}, "event") == (1, 6)
    position, total = journey.progress(NEW_CHILD, {"event": "adoption"}, "date")
    assert position == 2 and total == 5
