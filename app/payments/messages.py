"""Words for the account's codes, in the current language."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _

QUARTER_STATUS: dict[str, Any] = {
    "due": _("To pay"),
    "paid": _("Paid"),
    "partly_paid": _("Partly paid"),
    "late": _("Late"),
    "exempted": _("Exempted"),
}
# The same colours as the request tags: to pay (blue), paid (green), late (red)…
QUARTER_STATUS_CLASS: dict[str, str] = {
    "due": "status-received",
    "paid": "status-granted",
    "partly_paid": "status-information_requested",
    "late": "status-refused",
    "exempted": "status-partly_granted",
}
# The recovery steps: what was done (past) and what comes next (future), in the reader's words.
STEP_DONE: dict[str, Any] = {
    "reminder": _("Reminder sent on %(date)s"),
    "statement": _("Account statement sent on %(date)s"),
    "formal_notice": _("Formal notice sent on %(date)s"),
    "personal_contact": _("Personal contact with your account manager on %(date)s"),
    "court": _("Court recovery started on %(date)s"),
}
STEP_NEXT: dict[str, Any] = {
    "reminder": _("Next: a reminder, from %(date)s"),
    "statement": _("Next: an account statement, from %(date)s"),
    "formal_notice": _("Next: a formal notice, from %(date)s"),
    "personal_contact": _("Next: your account manager contacts you personally, from %(date)s"),
    "court": _(
        "Next: court recovery becomes possible from %(date)s. Contact us before: a payment "
        "plan stops it."
    ),
}
# The same steps as staff read them (about the person, not to them).
STEP_DONE_STAFF: dict[str, Any] = {
    "reminder": _("reminder sent on %(date)s"),
    "statement": _("statement sent on %(date)s"),
    "formal_notice": _("formal notice sent on %(date)s"),
    "personal_contact": _("personal contact recorded on %(date)s"),
    "court": _("court recovery started on %(date)s"),
}
STEP_NEXT_STAFF: dict[str, Any] = {
    "reminder": _("Next: the reminder, from %(date)s"),
    "statement": _("Next: the account statement, from %(date)s"),
    "formal_notice": _("Next: the formal notice, from %(date)s"),
    "personal_contact": _("Next: the personal contact, from %(date)s"),
    "court": _("Court recovery possible from %(date)s (the contact is recorded)"),
}
# A company's recovery: the contact is with its directors, not with an account manager.
STEP_DONE_COMPANY: dict[str, Any] = {
    **STEP_DONE,
    "personal_contact": _("Personal contact with the fund on %(date)s"),
}
STEP_NEXT_COMPANY: dict[str, Any] = {
    **STEP_NEXT,
    "personal_contact": _("Next: the fund contacts the directors personally, from %(date)s"),
}
