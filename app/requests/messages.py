"""Sentences for the codes that pure rules return, in the current language."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _

ANSWER_ERRORS: dict[str, Any] = {
    "required": _("Enter an answer for this question"),
    "too_long": _("Your answer is too long"),
    "not_money": _("Enter an amount in euros, for example 1 250,50"),
    "negative": _("Enter a number that is zero or more"),
    "not_date": _("Enter a real date, for example 2026-03-31"),
    "not_integer": _("Enter a whole number"),
    "not_boolean": _("Choose yes or no"),
    "not_a_choice": _("Choose one of the options"),
    "unknown_kind": _("This kind of request does not exist"),
    "not_a_guide": _("The guide's answers could not be read: go through the guide again"),
    "motivation_required": _("Explain the reasons for the decision"),
    "question_required": _("Write what information you need"),
    "answer_required": _("Write your answer or add a document"),
    "message_required": _("Write your message or add a document"),
    "step_up_required": _("Confirm it is you again before deciding"),
    "decided_by_inasti": _(
        "INASTI decides this request, not the fund: forward it to INASTI, then record "
        "INASTI's decision."
    ),
    "not_forwardable": _("Only a request that INASTI decides is forwarded to it."),
}

STATUS_LABELS: dict[str, Any] = {
    "draft": _("Draft"),
    "submitted": _("Sent"),
    "received": _("Received"),
    "in_review": _("Being handled"),
    "information_requested": _("Information requested from you"),
    "granted": _("Granted"),
    "partly_granted": _("Partly granted"),
    "refused": _("Refused"),
    "withdrawn": _("Withdrawn"),
    "forwarded": _("Forwarded to INASTI"),
}

EVENT_LABELS: dict[str, Any] = {
    "submit": _("Request sent"),
    "acknowledge": _("Receipt acknowledged"),
    "take": _("Taken in hand by your account manager"),
    "request_information": _("Information requested"),
    "answer_information": _("Information provided"),
    "grant": _("Decision: granted"),
    "partly_grant": _("Decision: partly granted"),
    "refuse": _("Decision: refused"),
    "withdraw": _("Request withdrawn"),
    "reassign": _("Passed to another account manager"),
    "send_reminder": _("Reminder sent"),
    "linked_to_file": _("Moved to your file at the fund"),
    "forward": _("Forwarded to INASTI, which decides"),
}


def message(code: str) -> str:
    return str(ANSWER_ERRORS.get(code, code))


def appeal_paragraph() -> str:
    """Charte de l'assuré social: a decision against the affiliate says how to appeal."""
    return str(
        _(
            "If you disagree with this decision, you can appeal to the labour court of your "
            "place of residence within three months of its notification. The appeal is made by "
            "a request filed at or sent by registered letter to the court registry. Your "
            "account manager can explain the decision to you first."
        )
    )


def labels() -> dict[str, Any]:
    """Status and event names for templates that show requests (affiliate and staff pages)."""
    return {"status_labels": STATUS_LABELS, "event_labels": EVENT_LABELS}
