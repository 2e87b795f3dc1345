"""Pure request rules: typed answers per kind, honest due dates."""

from __future__ import annotations

from datetime import date

import pytest

from app.requests import rules
from app.requests.kinds import CHOICE_LABELS, KINDS, RequestKind, spec
from app.requests.rules import clean_answers, due_dates

pytestmark = pytest.mark.unit


def test_every_kind_has_a_schema_and_a_target_inside_the_legal_deadline() -> None:
    assert set(KINDS) == set(RequestKind)
    assert [k.value for k in RequestKind][-1] == "general_question"
    for kind_spec in KINDS.values():
        assert kind_spec.fields, kind_spec.kind
        assert 0 < kind_spec.target_working_days <= 60  # 4 months hold ~80 working days
        # The target falls well inside the legal time: a month holds about 20 working days.
        assert kind_spec.target_working_days <= kind_spec.legal_months * 15, kind_spec.kind
    assert {k.kind.value for k in KINDS.values() if k.legal_months == 1} == {
        "rectification",
        "erasure",
    }


@pytest.mark.parametrize(
    ("answers", "clean", "errors"),
    [
        ({"monthly_amount": "1 250,50", "months": "12", "reason": "x"},
         {"monthly_amount": "1250.50", "months": 12, "reason": "x"}, {}),
        ({"monthly_amount": "abc", "months": "1.5", "reason": ""},
         {}, {"monthly_amount": "not_money", "months": "not_integer", "reason": "required"}),
        ({"monthly_amount": "-5", "months": "-1", "reason": "x" * 5001},
         {}, {"monthly_amount": "negative", "months": "negative", "reason": "too_long"}),
    ],
    ids=["valid", "wrong-types", "limits"],
)  # fmt: skip
def test_payment_plan_answers(answers: dict[str, str], clean: dict[str, object],
                              errors: dict[str, str]) -> None:  # fmt: skip
    got_clean, got_errors = clean_answers(spec("payment_plan"), answers)
    assert got_errors == errors
    if not errors:
        assert got_clean == clean


def test_dates_and_choices() -> None:
    bridging = spec(RequestKind.BRIDGING_RIGHT)
    clean, errors = clean_answers(bridging, {"event": "bankruptcy", "event_date": "2026-02-30"})
    assert errors == {"event_date": "not_date"}
    clean, errors = clean_answers(bridging, {"event": "holiday", "event_date": date(2026, 2, 3)})
    assert errors == {"event": "not_a_choice"} and clean["event_date"] == "2026-02-03"


class TestDueDates:
    def test_no_pause(self) -> None:
        got = due_dates(date(2026, 3, 2), 5, 0, None, date(2026, 3, 2))
        assert (got.legal, got.target, got.paused) == (date(2026, 7, 2), date(2026, 3, 9), False)

    def test_an_open_pause_moves_both_dates_day_by_day(self) -> None:
        got = due_dates(date(2026, 3, 2), 5, 0, date(2026, 3, 5), date(2026, 3, 15))
        assert got.paused and got.paused_days == 10
        assert got.legal == date(2026, 7, 13)  # 12 July is a Sunday
        assert got.target == date(2026, 3, 19)  # 12 March + 5 working days

    def test_closed_pauses_add_up(self) -> None:
        got = due_dates(date(2026, 3, 2), 5, 4, None, date(2026, 5, 1))
        assert got.legal == date(2026, 7, 6) and not got.paused


class TestReminderRules:
    def test_open_reminder_belongs_to_the_latest_question(self) -> None:
        d = date
        assert rules.open_reminder([]) is None
        assert rules.open_reminder([("request_information", d(2026, 3, 2))]) is None
        events = [
            ("request_information", d(2026, 3, 2)),
            ("send_reminder", d(2026, 3, 9)),
            ("send_reminder", d(2026, 3, 20)),  # the first reminder counts
        ]
        assert rules.open_reminder(events) == d(2026, 3, 9)
        events += [("answer_information", d(2026, 3, 21)), ("request_information", d(2026, 4, 1))]
        assert rules.open_reminder(events) is None

    @pytest.mark.parametrize(
        ("awaiting", "reminder", "today", "allowed", "reason", "decide_from"),
        [
            (False, None, date(2026, 3, 2), True, None, None),
            (True, None, date(2026, 9, 1), False, "no_reminder", None),
            (True, date(2026, 1, 31), date(2026, 2, 27), False, "reminder_too_recent",
             date(2026, 2, 28)),
            (True, date(2026, 1, 31), date(2026, 2, 28), True, None, date(2026, 2, 28)),
        ],
        ids=["not-awaiting", "no-reminder", "too-early", "month-end-clamped"],
    )  # fmt: skip
    def test_decision_gate(
        self,
        awaiting: bool,
        reminder: date | None,
        today: date,
        allowed: bool,
        reason: str | None,
        decide_from: date | None,
    ) -> None:
        gate = rules.decision_gate(awaiting, reminder, today)
        assert (gate.allowed, gate.reason, gate.decide_from) == (allowed, reason, decide_from)


def test_every_choice_code_has_words() -> None:
    codes = {c for kind in KINDS.values() for f in kind.fields for c in f.choices}
    assert codes <= set(CHOICE_LABELS)
