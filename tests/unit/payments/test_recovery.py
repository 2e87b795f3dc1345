"""The recovery schedule of one unpaid quarter, moved through a year of dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.payments.rules.recovery import (
    Schedule,
    ScheduleError,
    Step,
    StepKind,
    court_allowed,
    load_schedule,
    next_step,
    parse_schedule,
    step_date,
    steps_due,
)

pytestmark = pytest.mark.unit

R, S, F, C, J = (
    StepKind.REMINDER,
    StepKind.STATEMENT,
    StepKind.FORMAL_NOTICE,
    StepKind.PERSONAL_CONTACT,
    StepKind.COURT,
)
DUE = date(2026, 3, 31)  # quarter 1 of 2026 falls due on the quarter's last day
# By hand from 31 March: +15 → 15 April; +45 → 15 May (30 to 30 April, 15 more);
# +75 → 14 June; +90 → 29 June; court 30 days after the formal notice → 14 July.
ON = {
    R: date(2026, 4, 15),
    S: date(2026, 5, 15),
    F: date(2026, 6, 14),
    C: date(2026, 6, 29),
    J: date(2026, 7, 14),
}


@pytest.fixture(scope="module")
def schedule() -> Schedule:
    return load_schedule()


def test_the_fund_schedule_as_shipped(schedule: Schedule) -> None:
    assert [(s.kind, s.days, s.after, s.offset) for s in schedule.steps] == [
        (R, 15, None, 15),
        (S, 45, None, 45),
        (F, 75, None, 75),
        (C, 90, None, 90),
        (J, 30, F, 105),
    ]
    assert schedule.confirmed is False
    assert schedule.source.startswith("The fund's own policy.")
    assert [step_date(schedule, kind, DUE) for kind in StepKind] == list(ON.values())


# today, steps done, contact recorded → steps due, next step, court allowed
YEAR = [
    (date(2026, 3, 31), set(), False, [], Step(R, ON[R]), False),
    (date(2026, 4, 14), set(), False, [], Step(R, ON[R]), False),
    (date(2026, 4, 15), set(), False, [Step(R, ON[R])], Step(R, ON[R]), False),
    # the reminder went out late: still due, and next "from today"
    (date(2026, 4, 20), set(), False, [Step(R, ON[R])], Step(R, date(2026, 4, 20)), False),
    (date(2026, 4, 20), {"reminder"}, False, [], Step(S, ON[S]), False),
    (date(2026, 5, 14), {"reminder"}, False, [], Step(S, ON[S]), False),
    (date(2026, 5, 15), {"reminder"}, False, [Step(S, ON[S])], Step(S, ON[S]), False),
    (date(2026, 5, 15), {"reminder", "statement"}, False, [], Step(F, ON[F]), False),
    (date(2026, 6, 14), {"reminder", "statement"}, False, [Step(F, ON[F])], Step(F, ON[F]), False),
    (
        date(2026, 6, 14),
        {"reminder", "statement", "formal_notice"},
        False,
        [],
        Step(C, ON[C]),
        False,
    ),
    (
        date(2026, 6, 29),
        {"reminder", "statement", "formal_notice"},
        False,
        [Step(C, ON[C])],
        Step(C, ON[C]),
        False,
    ),
    # the contact is recorded on 2 July: court recovery waits for 14 July
    (date(2026, 7, 2), {"reminder", "statement", "formal_notice"}, True, [], Step(J, ON[J]), False),
    (
        date(2026, 7, 13),
        {"reminder", "statement", "formal_notice"},
        True,
        [],
        Step(J, ON[J]),
        False,
    ),
    (
        date(2026, 7, 14),
        {"reminder", "statement", "formal_notice"},
        True,
        [Step(J, ON[J])],
        Step(J, ON[J]),
        True,
    ),
    (
        date(2026, 9, 1),
        {"reminder", "statement", "formal_notice"},
        True,
        [Step(J, ON[J])],
        Step(J, date(2026, 9, 1)),
        True,
    ),
    # court recovery started: nothing left, still allowed
    (date(2026, 9, 1), {"reminder", "statement", "formal_notice", "court"}, True, [], None, True),
    # the same through `done` rather than contact_recorded
    (
        date(2026, 7, 14),
        {"reminder", "statement", "formal_notice", "personal_contact"},
        False,
        [Step(J, ON[J])],
        Step(J, ON[J]),
        True,
    ),
]


@pytest.mark.parametrize(("today", "done", "contact", "due", "upcoming", "court"), YEAR)
def test_one_quarter_through_the_year(
    schedule: Schedule,
    today: date,
    done: set[str],
    contact: bool,
    due: list[Step],
    upcoming: Step | None,
    court: bool,
) -> None:
    args = (schedule, DUE, today, done, contact, False)
    assert steps_due(*args) == due
    assert next_step(*args) == upcoming
    assert court_allowed(*args) is court


@pytest.mark.parametrize(
    "today",
    [date(2026, 7, 14), date(2026, 9, 1), date(2026, 12, 31), date(2027, 3, 31), date(2030, 1, 1)],
)
def test_without_a_recorded_contact_court_recovery_is_never_allowed(
    schedule: Schedule, today: date
) -> None:
    done = {"reminder", "statement", "formal_notice"}
    args = (schedule, DUE, today, done, False, False)
    assert court_allowed(*args) is False
    assert steps_due(*args) == [Step(C, ON[C])]  # the account manager's task stays open
    assert next_step(*args) == Step(C, today)
    # even with court recovery marked as started by mistake
    assert court_allowed(schedule, DUE, today, done | {"court"}, False, False) is False


def test_nothing_skipped_before_court_recovery(schedule: Schedule) -> None:
    # the contact recorded and the formal notice sent, but no account statement
    args = (schedule, DUE, date(2026, 8, 1), {"reminder", "formal_notice"}, True, False)
    assert steps_due(*args) == [Step(S, ON[S])]
    assert next_step(*args) == Step(S, date(2026, 8, 1))
    assert court_allowed(*args) is False


def test_everything_due_at_once_when_nothing_was_done(schedule: Schedule) -> None:
    args = (schedule, DUE, date(2026, 12, 31), set(), False, False)
    assert steps_due(*args) == [Step(R, ON[R]), Step(S, ON[S]), Step(F, ON[F]), Step(C, ON[C])]
    assert next_step(*args) == Step(R, date(2026, 12, 31))
    assert court_allowed(*args) is False


@pytest.mark.parametrize(
    ("today", "done", "contact"),
    [
        (date(2026, 4, 15), set(), False),
        (date(2026, 6, 29), {"reminder", "statement", "formal_notice"}, False),
        (date(2026, 9, 1), {"reminder", "statement", "formal_notice"}, True),
        (date(2027, 3, 31), set(), True),
    ],
)
def test_settled_means_nothing(
    schedule: Schedule, today: date, done: set[str], contact: bool
) -> None:
    args = (schedule, DUE, today, done, contact, True)
    assert steps_due(*args) == []
    assert next_step(*args) is None
    assert court_allowed(*args) is False


def test_a_late_formal_notice_moves_court_recovery(schedule: Schedule) -> None:
    # sent on 1 July instead of 14 June: court recovery from 31 July (1 July + 30)
    done = {"reminder", "statement", "formal_notice"}
    sent = {"formal_notice": date(2026, 7, 1)}
    assert step_date(schedule, J, DUE, sent) == date(2026, 7, 31)
    for today, allowed in [(date(2026, 7, 14), False), (date(2026, 7, 30), False)]:
        args = (schedule, DUE, today, done, True, False)
        assert court_allowed(*args, done_on=sent) is allowed
        assert steps_due(*args, done_on=sent) == []
        assert next_step(*args, done_on=sent) == Step(J, date(2026, 7, 31))
    args = (schedule, DUE, date(2026, 7, 31), done, True, False)
    assert court_allowed(*args, done_on=sent) is True
    assert steps_due(*args, done_on=sent) == [Step(J, date(2026, 7, 31))]


def test_a_date_in_done_on_counts_as_done(schedule: Schedule) -> None:
    args = (schedule, DUE, date(2026, 4, 20), set(), False, False)
    assert steps_due(*args, done_on={"reminder": date(2026, 4, 16)}) == []


def test_an_unknown_step_is_refused(schedule: Schedule) -> None:
    with pytest.raises(ValueError, match="unknown recovery step 'rappel'"):
        steps_due(schedule, DUE, date(2026, 5, 1), {"rappel"}, False, False)


# --- the schedule file --------------------------------------------------------------------------


def data(**changes: Any) -> dict[str, Any]:
    steps: list[dict[str, Any]] = [
        {"kind": "reminder", "days": 15},
        {"kind": "statement", "days": 45},
        {"kind": "formal_notice", "days": 75},
        {"kind": "personal_contact", "days": 90},
        {"kind": "court", "after": "formal_notice", "days": 30},
    ]
    base: dict[str, Any] = {"source": "policy", "confirmed": True, "steps": steps}
    base.update(changes)
    return base


def with_step(index: int, **changes: Any) -> dict[str, Any]:
    result = data()
    result["steps"][index] = {**result["steps"][index], **changes}
    return result


def test_a_valid_schedule_parses() -> None:
    assert parse_schedule(data()).step(J).offset == 105


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (data(source=""), "a source is required"),
        (data(confirmed="no"), "confirmed must be true or false"),
        (data(steps=[]), "no [[steps]]"),
        (data(extra=1), "unknown keys ['extra']"),
        (with_step(0, kind="rappel"), "step 1: unknown kind 'rappel'"),
        (with_step(1, days=0), "step 2 (statement): days must be a whole number above 0"),
        (with_step(1, days=10), "step 2 (statement) falls on day 10 after the due date, not after"),
        (with_step(3, days=75), "step 4 (personal_contact) falls on day 75"),
        (with_step(4, after="court"), "step 5 (court): after must name an earlier step"),
        (with_step(0, after="court"), "step 1 (reminder): after must name an earlier step"),
        (with_step(2, when="soon"), "step 3: unknown keys ['when']"),
        (with_step(4, days=14), "step 5 (court) falls on day 89"),
    ],
)
def test_a_broken_schedule_is_refused(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(raw)
    assert str(raised.value).startswith(message)


def test_every_step_once_court_last() -> None:
    raw = data()
    raw["steps"] = [raw["steps"][i] for i in (0, 1, 2, 4)]  # no personal contact
    raw["steps"][3] = {"kind": "court", "days": 120}
    with pytest.raises(ScheduleError, match="each once and in this order"):
        parse_schedule(raw)
    swapped = data()
    swapped["steps"][3], swapped["steps"][4] = (
        {"kind": "court", "days": 100},
        {"kind": "personal_contact", "days": 110},
    )
    with pytest.raises(ScheduleError, match="got reminder, statement, formal_notice, court"):
        parse_schedule(swapped)


def test_the_file_name_is_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "recovery.toml"
    path.write_text('source = "policy"\nconfirmed = true\n', encoding="utf-8")
    with pytest.raises(ScheduleError, match=r"^recovery\.toml: no \[\[steps\]\]"):
        load_schedule(path)
