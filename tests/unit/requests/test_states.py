"""The request status machine: every (status, event) pair of both enums, legal or not."""

from __future__ import annotations

import pytest

from app.requests.states import (
    TRANSITIONS,
    Event,
    IllegalTransition,
    MotivationRequired,
    Status,
    allowed_events,
    awaiting_affiliate,
    is_final,
    needs_appeal_information,
    transition,
)

pytestmark = pytest.mark.unit

S, E = Status, Event

# Written out by hand (not derived from TRANSITIONS), so the test is an independent spec.
EXPECTED: dict[tuple[Status, Event], Status] = {
    (S.DRAFT, E.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, E.ACKNOWLEDGE): S.RECEIVED,
    (S.SUBMITTED, E.WITHDRAW): S.WITHDRAWN,
    (S.RECEIVED, E.TAKE): S.IN_REVIEW,
    (S.RECEIVED, E.WITHDRAW): S.WITHDRAWN,
    (S.RECEIVED, E.REASSIGN): S.RECEIVED,
    (S.IN_REVIEW, E.REQUEST_INFORMATION): S.INFORMATION_REQUESTED,
    (S.IN_REVIEW, E.GRANT): S.GRANTED,
    (S.IN_REVIEW, E.PARTLY_GRANT): S.PARTLY_GRANTED,
    (S.IN_REVIEW, E.REFUSE): S.REFUSED,
    (S.IN_REVIEW, E.WITHDRAW): S.WITHDRAWN,
    (S.IN_REVIEW, E.REASSIGN): S.IN_REVIEW,
    (S.INFORMATION_REQUESTED, E.ANSWER_INFORMATION): S.IN_REVIEW,
    (S.INFORMATION_REQUESTED, E.GRANT): S.GRANTED,
    (S.INFORMATION_REQUESTED, E.PARTLY_GRANT): S.PARTLY_GRANTED,
    (S.INFORMATION_REQUESTED, E.REFUSE): S.REFUSED,
    (S.INFORMATION_REQUESTED, E.WITHDRAW): S.WITHDRAWN,
    (S.INFORMATION_REQUESTED, E.REASSIGN): S.INFORMATION_REQUESTED,
    (S.INFORMATION_REQUESTED, E.SEND_REMINDER): S.INFORMATION_REQUESTED,
    (S.IN_REVIEW, E.FORWARD): S.FORWARDED,
    (S.FORWARDED, E.GRANT): S.GRANTED,
    (S.FORWARDED, E.PARTLY_GRANT): S.PARTLY_GRANTED,
    (S.FORWARDED, E.REFUSE): S.REFUSED,
    (S.FORWARDED, E.WITHDRAW): S.WITHDRAWN,
    (S.FORWARDED, E.REASSIGN): S.FORWARDED,
}
DECISIONS = {E.GRANT, E.PARTLY_GRANT, E.REFUSE}
ALL_PAIRS = [(s, e) for s in Status for e in Event]


def test_codes_are_stable() -> None:
    assert [s.value for s in Status] == [
        "draft",
        "submitted",
        "received",
        "in_review",
        "information_requested",
        "granted",
        "partly_granted",
        "refused",
        "withdrawn",
        "forwarded",
    ]
    assert [e.value for e in Event] == [
        "submit",
        "acknowledge",
        "take",
        "request_information",
        "answer_information",
        "grant",
        "partly_grant",
        "refuse",
        "withdraw",
        "reassign",
        "send_reminder",
        "forward",
    ]


def test_table_is_exactly_the_spec() -> None:
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("status", "event"), ALL_PAIRS, ids=[f"{s}-{e}" for s, e in ALL_PAIRS])
def test_every_pair(status: Status, event: Event) -> None:
    if (status, event) in EXPECTED:
        motivation = "Pièces justificatives suffisantes." if event in DECISIONS else None
        assert transition(status, event, motivation=motivation) == EXPECTED[(status, event)]
    else:
        with pytest.raises(IllegalTransition) as excinfo:
            transition(status, event, motivation="irrelevant")
        assert (excinfo.value.status, excinfo.value.event) == (status, event)
        assert excinfo.value.code == "illegal_transition"


DECISION_PAIRS = [(s, e) for (s, e) in EXPECTED if e in DECISIONS]


@pytest.mark.parametrize(
    ("status", "event"), DECISION_PAIRS, ids=[f"{s}-{e}" for s, e in DECISION_PAIRS]
)
@pytest.mark.parametrize(
    "motivation", [None, "", "   ", "\n\t"], ids=["none", "empty", "spaces", "whitespace"]
)
def test_decisions_require_motivation(status: Status, event: Event, motivation: str | None) -> None:
    with pytest.raises(MotivationRequired) as excinfo:
        transition(status, event, motivation=motivation)
    assert excinfo.value.event == event
    assert excinfo.value.code == "motivation_required"


def test_illegal_wins_over_missing_motivation() -> None:
    with pytest.raises(IllegalTransition):
        transition(S.DRAFT, E.REFUSE)


@pytest.mark.parametrize("event", [E.WITHDRAW, E.REQUEST_INFORMATION, E.REASSIGN], ids=str)
def test_non_decisions_need_no_motivation(event: Event) -> None:
    assert transition(S.IN_REVIEW, event) in Status


def test_accepts_stored_strings() -> None:
    assert transition("received", "take") == S.IN_REVIEW  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        transition("archived", "take")  # type: ignore[arg-type]


def test_draft_cannot_be_withdrawn_only_discarded() -> None:
    assert E.WITHDRAW not in allowed_events(S.DRAFT)


def test_full_journey_with_information_round_trip() -> None:
    status = S.DRAFT
    for event in (E.SUBMIT, E.ACKNOWLEDGE, E.TAKE, E.REQUEST_INFORMATION, E.ANSWER_INFORMATION):
        status = transition(status, event)
    assert transition(status, E.PARTLY_GRANT, motivation="Plan en 6 mensualités.") == (
        S.PARTLY_GRANTED
    )


FINAL = {S.GRANTED, S.PARTLY_GRANTED, S.REFUSED, S.WITHDRAWN}


@pytest.mark.parametrize("status", list(Status), ids=str)
class TestPredicates:
    def test_is_final(self, status: Status) -> None:
        assert is_final(status) is (status in FINAL)

    def test_final_means_no_way_out(self, status: Status) -> None:
        assert (allowed_events(status) == ()) is (status in FINAL)

    def test_needs_appeal_information(self, status: Status) -> None:
        assert needs_appeal_information(status) is (status in {S.REFUSED, S.PARTLY_GRANTED})

    def test_awaiting_affiliate(self, status: Status) -> None:
        assert awaiting_affiliate(status) is (status == S.INFORMATION_REQUESTED)

    def test_allowed_events_match_table(self, status: Status) -> None:
        expected = tuple(e for e in Event if (status, e) in EXPECTED)
        assert allowed_events(status) == expected


def reachable_from(start: Status) -> set[Status]:
    reachable, frontier = {start}, [start]
    while frontier:
        current = frontier.pop()
        for event in allowed_events(current):
            target = transition(current, event, motivation="m")
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    return reachable


def test_every_status_is_reachable_from_a_draft() -> None:
    assert reachable_from(S.DRAFT) == set(Status)


@pytest.mark.parametrize("status", sorted(set(Status) - FINAL), ids=str)
def test_no_dead_end(status: Status) -> None:
    assert reachable_from(status) & FINAL
