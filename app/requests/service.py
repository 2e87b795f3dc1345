"""Writes on requests: each public function is one transaction and one status move at most.

Every accepted move appends a RequestEvent (states.transition decides, nothing else does);
follow-up work (receipts, e-mails) goes through the outbox in the same transaction. The actions
live by actor — affiliate_actions, staff_actions, system_actions — on the plumbing of
dossier.py; this module is the one name other domains and workers import.
"""

from __future__ import annotations

from app.documents.uploads import NewAttachment
from app.requests import transmissions as transmissions  # the institutions' outbox
from app.requests.affiliate_actions import (
    SubmittedRequest,
    answer_information,
    submit_request,
    withdraw_request,
)
from app.requests.kinds import KINDS, RequestKind
from app.requests.letters import (
    LETTER_KIND,
    RECEIPT_KIND,
    letter_source,
    make_decision_letter,
    make_receipt_letter,
)
from app.requests.staff_actions import (
    DECISION_EVENTS,
    decide_request,
    forward_request,
    reassign_request,
    request_information,
    send_reminder,
    take_request,
)
from app.requests.system_actions import (
    acknowledge_request,
    erase_attachments,
    escalate_requests,
    move_to_file,
)


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, str(KINDS[kind].label)) for kind in RequestKind]


__all__ = [
    "DECISION_EVENTS",
    "LETTER_KIND",
    "RECEIPT_KIND",
    "NewAttachment",
    "SubmittedRequest",
    "acknowledge_request",
    "answer_information",
    "decide_request",
    "erase_attachments",
    "escalate_requests",
    "forward_request",
    "kind_choices",
    "letter_source",
    "make_decision_letter",
    "make_receipt_letter",
    "move_to_file",
    "reassign_request",
    "request_information",
    "send_reminder",
    "submit_request",
    "take_request",
    "transmissions",
    "withdraw_request",
]
