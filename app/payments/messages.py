"""Words for the account's codes, in the current language."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import lazy_gettext as _
from app.kit.i18n import lazy_ngettext

QUARTER_STATUS: dict[str, Any] = {
    "due": _("To pay"),
    "paid": _("Paid"),
    "partly_paid": _("Partly paid"),
    "late": _("Late"),
    "exempted": _("Exempted"),
    "in_plan": _("In a plan"),
}
# The same colours as the request tags: to pay (blue), paid (green), late (red)…
QUARTER_STATUS_CLASS: dict[str, str] = {
    "due": "status-received",
    "paid": "status-granted",
    "partly_paid": "status-information_requested",
    "late": "status-refused",
    "exempted": "status-partly_granted",
    "in_plan": "status-in_review",
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
# Why a payment-plan proposal cannot be a plan, or needs a supervisor (rules/plans.py codes).
PLAN_BREACH: dict[str, Any] = {
    "nothing_owed": _("You owe nothing today: there is nothing to spread."),
    "advance_negative": _("Enter an advance of zero or more."),
    "advance_exceeds_debt": _("The advance cannot be more than what you owe (%(amount)s)."),
    "instalments_negative": _("Enter a number of instalments of zero or more."),
    "no_instalment": _("Choose at least one monthly instalment, or an advance that pays it all."),
    "nothing_to_spread": _("Your advance pays everything: choose 0 instalments."),
    "instalment_under_a_cent": _("Choose fewer instalments."),
    "advance_too_low": _(
        "The fund's policy asks an advance of at least %(amount)s: a supervisor will decide."
    ),
    "too_many_instalments": lazy_ngettext(
        "The fund's policy allows at most %(count)s instalment: a supervisor will decide.",
        "The fund's policy allows at most %(count)s instalments: a supervisor will decide.",
        "count",
    ),
    "instalment_too_small": _(
        "The fund's policy asks instalments of at least %(amount)s: a supervisor will decide."
    ),
}
# The field a breach is about, to show its message next to it.
PLAN_BREACH_FIELD: dict[str, str] = {
    "nothing_owed": "advance",
    "advance_negative": "advance",
    "advance_exceeds_debt": "advance",
    "advance_too_low": "advance",
    "instalments_negative": "instalments",
    "no_instalment": "instalments",
    "nothing_to_spread": "instalments",
    "instalment_under_a_cent": "instalments",
    "too_many_instalments": "instalments",
    "instalment_too_small": "instalments",
}
# The same, in a word, for staff ("outside the policy: advance too low, too many instalments").
PLAN_BREACH_SHORT: dict[str, Any] = {
    "advance_too_low": _("advance too low"),
    "too_many_instalments": _("too many instalments"),
    "instalment_too_small": _("instalments too small"),
}
# Where a payment plan stands (payment_plan.status), for staff and the affiliate.
PLAN_STATUS: dict[str, Any] = {
    "proposed": _("Proposed by the affiliate, waiting for a decision"),
    "offered": _("Other terms offered by the fund, waiting for the affiliate"),
    "approved": _("Approved, running"),
    "refused": _("Refused by the fund"),
    "declined": _("Offer declined by the affiliate"),
    "expired": _("Offer expired"),
    "lapsed": _("Lapsed: a payment was missed"),
    "completed": _("Paid in full"),
}
# Why no exemption can be asked today (rules/exemptions.Refusal).
EXEMPTION_REFUSAL: dict[str, Any] = {
    "secondary": _("A secondary activity cannot be exempted: INASTI exempts only those who pay "
                   "the contributions of a main activity (or as a helping spouse, a working "
                   "pensioner or a student paying them)."),
    "too_early": _("You can ask from your fifth quarter of activity, that is from %(date)s "
                   "(earlier only if you stop your activity)."),
    "not_affiliated": _("We do not have your affiliation yet: an exemption concerns the "
                        "contributions of an affiliation."),
}  # fmt: skip
