"""The request ("dossier") status machine, as data.

This module is the only place that knows which event moves which status (architecture:
"transitions are data"). The service appends a RequestEvent row for every accepted event.

    draft --submit--> submitted --acknowledge--> received --take--> in_review
    in_review --request_information--> information_requested --answer_information--> in_review
    in_review | information_requested --grant | partly_grant | refuse--> final (motivation!)
    submitted | received | in_review | information_requested --withdraw--> withdrawn
    received | in_review | information_requested | forwarded --reassign--> same status
    information_requested --send_reminder--> information_requested (the Charte's reminder)
    in_review --forward--> forwarded (to INASTI, which decides: an exemption) --grant |
        partly_grant | refuse--> final (the fund records INASTI's decision) | --withdraw-->

A draft is not withdrawn: it was never filed, so the service simply deletes it (discard).
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RECEIVED = "received"  # the Charte's 4-month clock starts at receipt
    IN_REVIEW = "in_review"
    INFORMATION_REQUESTED = "information_requested"  # clock paused, affiliate must answer
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    # Prepared by the fund and sent to INASTI, which decides (an exemption, kinds.external):
    # the fund's clock pauses; staff record INASTI's decision when it comes.
    FORWARDED = "forwarded"


class Event(StrEnum):
    SUBMIT = "submit"
    ACKNOWLEDGE = "acknowledge"
    TAKE = "take"
    REQUEST_INFORMATION = "request_information"
    ANSWER_INFORMATION = "answer_information"
    GRANT = "grant"
    PARTLY_GRANT = "partly_grant"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"
    REASSIGN = "reassign"
    # The affiliate has not answered: a reminder, after which the fund may decide one month
    # later without the answer (Charte; deadlines.decision_allowed_after_reminder).
    SEND_REMINDER = "send_reminder"
    FORWARD = "forward"


# A history note, not a transition: the request was moved, with the account that filed it,
# into the known file of the same person (identity.link_verified_claimant). Its status stays.
LINKED_TO_FILE = "linked_to_file"

# Decisions must state their reasons (Charte de l'assuré social: motivated decisions).
DECISIONS: frozenset[Event] = frozenset({Event.GRANT, Event.PARTLY_GRANT, Event.REFUSE})
FINAL: frozenset[Status] = frozenset(
    {Status.GRANTED, Status.PARTLY_GRANTED, Status.REFUSED, Status.WITHDRAWN}
)
# Filed and not yet decided: what the queue, routing load and the deadline escalation count.
OPEN: tuple[Status, ...] = (
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.INFORMATION_REQUESTED,
    Status.FORWARDED,
)
# In the fund's hands (not waiting for the affiliate): deadlines can be missed.
HANDLING: tuple[Status, ...] = (Status.RECEIVED, Status.IN_REVIEW)
_WITHDRAWABLE = (
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.INFORMATION_REQUESTED,
    Status.FORWARDED,
)
# Reassignment moves the request to another agent, not to another status.
_REASSIGNABLE = (
    Status.RECEIVED,
    Status.IN_REVIEW,
    Status.INFORMATION_REQUESTED,
    Status.FORWARDED,
)
# The fund may also decide while information is outstanding: the Charte lets it decide one
# month after an unanswered reminder (deadlines.decision_allowed_after_reminder; the service
# checks that date, this table only allows the move).
_DECIDABLE = (Status.IN_REVIEW, Status.INFORMATION_REQUESTED, Status.FORWARDED)
_DECISION_RESULT = {
    Event.GRANT: Status.GRANTED,
    Event.PARTLY_GRANT: Status.PARTLY_GRANTED,
    Event.REFUSE: Status.REFUSED,
}

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.SUBMIT): Status.SUBMITTED,
    (Status.SUBMITTED, Event.ACKNOWLEDGE): Status.RECEIVED,
    (Status.RECEIVED, Event.TAKE): Status.IN_REVIEW,
    (Status.IN_REVIEW, Event.REQUEST_INFORMATION): Status.INFORMATION_REQUESTED,
    (Status.INFORMATION_REQUESTED, Event.ANSWER_INFORMATION): Status.IN_REVIEW,
    **{(s, e): target for s in _DECIDABLE for e, target in _DECISION_RESULT.items()},
    **{(s, Event.WITHDRAW): Status.WITHDRAWN for s in _WITHDRAWABLE},
    **{(s, Event.REASSIGN): s for s in _REASSIGNABLE},
    (Status.INFORMATION_REQUESTED, Event.SEND_REMINDER): Status.INFORMATION_REQUESTED,
    (Status.IN_REVIEW, Event.FORWARD): Status.FORWARDED,
}


class IllegalTransition(ValueError):
    code = "illegal_transition"

    def __init__(self, status: Status, event: Event) -> None:
        super().__init__(f"{self.code}: {event} from {status}")
        self.status = status
        self.event = event


class MotivationRequired(ValueError):
    code = "motivation_required"

    def __init__(self, event: Event) -> None:
        super().__init__(f"{self.code}: {event}")
        self.event = event


def transition(status: Status, event: Event, *, motivation: str | None = None) -> Status:
    """The status after `event`, or IllegalTransition / MotivationRequired."""
    status, event = Status(status), Event(event)
    try:
        target = TRANSITIONS[(status, event)]
    except KeyError:
        raise IllegalTransition(status, event) from None
    if event in DECISIONS and (motivation is None or not motivation.strip()):
        raise MotivationRequired(event)
    return target


def sql_list(statuses: tuple[Status, ...]) -> str:
    """`('a', 'b')` for an SQL IN clause: the values are this module's own enum literals."""
    return "(" + ", ".join(f"'{Status(s).value}'" for s in statuses) + ")"


def is_final(status: Status) -> bool:
    return Status(status) in FINAL


def needs_appeal_information(status: Status) -> bool:
    """A decision against the affiliate (wholly or partly) must state how to appeal (3 months)."""
    return Status(status) in {Status.REFUSED, Status.PARTLY_GRANTED}


def awaiting_affiliate(status: Status) -> bool:
    """The ball is in the affiliate's court; the legal deadline clock is paused."""
    return Status(status) == Status.INFORMATION_REQUESTED


def allowed_events(status: Status) -> tuple[Event, ...]:
    """Events legal from `status`, in Event declaration order (stable for UIs and tests)."""
    status = Status(status)
    return tuple(e for e in Event if (status, e) in TRANSITIONS)
