"""The inbox's words: what kind of message each one is, and where its button leads."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _

# By the notice's kind, or the prefix before "_" for families (recovery_reminder, plan_lapsed).
KIND_LABELS: dict[str, Any] = {
    "receipt": _("Receipt"),
    "decision": _("Decision"),
    "information_request": _("Information asked"),
    "information_reminder": _("Information asked"),
    "due_notice": _("Payment notice"),
    "company_notice": _("Payment notice"),
    "recovery": _("Unpaid contributions"),
    "plan": _("Payment plan"),
    "debit": _("Direct debit"),  # app/payments/debit.py: pre-notification, return
    "exemption_granted": _("Exemption"),
    "request_forwarded": _("Exemption"),
    "wizard_expiry": _("Guide"),
    "welcome": _("Welcome"),
    "message": _("Message"),
    "document": _("Document"),
    "right": _("Your rights"),  # a right the fund found in the file (app/rights)
    "appointment": _("Appointment"),  # app/messaging/appointments.py
}
OTHER = _("Notice")
# The staff inbox's kinds (messaging.service.post_staff_notice).
STAFF_KIND_LABELS: dict[str, Any] = {
    "answer": _("Answer"),
    "message": _("Message"),
    "assigned": _("Assigned to you"),
    "appointment": _("Appointment"),
}


def kind_label(kind: str) -> Any:
    return KIND_LABELS.get(kind) or KIND_LABELS.get(kind.split("_", 1)[0]) or OTHER


def link_label(link: str) -> Any:
    """The button under a message, named after where it leads."""
    if link.startswith("/rights/"):
        return _("See the suggestion")
    if link.startswith("/requests/"):
        return _("See the request")
    if link.startswith("/account/contributions/notices/"):
        return _("See the notice")
    if link.startswith("/account/contributions/plan"):
        return _("See my payment plan")
    if link.startswith("/account"):
        return _("See my account")
    if link.startswith("/messages"):
        return _("Read the message")
    if link.startswith("/appointments"):
        return _("See my appointments")
    if link.startswith("/documents"):
        return _("See my documents")
    if link.startswith("/wizards"):
        return _("Continue the guide")
    return _("Open the page")


# The kinds of notice the installed app can ring for (messaging.rules.push.PushKind).
PUSH_KIND_LABELS: dict[str, Any] = {
    "information_asked": _("The fund asks you for information"),
    "decision": _("A decision on your request"),
    "notice_due": _("A payment notice or a direct debit to come"),
    "instalment_due": _("A payment-plan instalment due soon"),
}
