"""The words of the proactive rights: each right's name, its inbox message and its page text,
as English message ids translated in the reader's language (the rules return codes)."""

from __future__ import annotations

from typing import Any

from app.kit.i18n import N_
from app.kit.i18n import lazy_gettext as _
from app.rights.rules import Right, State

RIGHT_LABELS: dict[Right, Any] = {
    Right.QUARTER_EXEMPTION_BIRTH: _("Exempt quarters after a birth"),
    Right.MATERNITY_AID: _("Maternity aid: free service vouchers"),
    Right.SURCHARGE_WAIVER: _("Waiver of surcharges"),
    Right.CONTINUED_INSURANCE: _("Continued insurance"),
    Right.BRIDGING_RIGHT: _("Bridging right"),
    Right.PENSION_INFORMATION: _("Information about your pension"),
    Right.LEGAL_PENSION: _("Your legal pension"),
    Right.PRIMO_STARTER: _("Reduced contributions for a first main activity"),
    Right.LOWER_PROVISIONAL: _("Lower provisional contributions"),
}

STATE_LABELS: dict[State, Any] = {
    State.DETECTED: _("Detected"),
    State.SENT: _("Suggested"),
    State.DISMISSED: _("Dismissed"),
    State.CLAIMED: _("Requested"),
}

# Inbox subjects: "You may be entitled to …" for a right, plain information for the pension.
SUBJECT = N_("You may be entitled to: %(right)s")
SUBJECT_INFORMATION = N_("Information for you: %(right)s")

# The message body (and the page's), with the figures of the finding as placeholders.
BODIES: dict[Right, str] = {
    Right.QUARTER_EXEMPTION_BIRTH: N_(
        "Your file shows a birth on %(birth_date)s. As a self-employed mother, your contributions "
        "for the quarters after it (%(first)s to %(last)s) can be exempted, and your rights are "
        "kept. Request it in one tap, by %(deadline)s."
    ),
    Right.MATERNITY_AID: N_(
        "Your file shows a birth on %(birth_date)s. As a self-employed mother you can receive "
        "%(vouchers)s free service vouchers. Request them in one tap, by %(deadline)s."
    ),
    Right.SURCHARGE_WAIVER: N_(
        "The contributions of %(quarters)s are paid, but %(amount)s of surcharges remain. If "
        "something beyond your control kept you from paying on time, you can ask us to waive them."
    ),
    Right.CONTINUED_INSURANCE: N_(
        "You stopped your activity on %(cessation_date)s. With continued insurance you keep "
        "building your pension, and your health cover if you wish, for up to %(years)s years. "
        "Request it in one tap, by %(deadline)s."
    ),
    Right.BRIDGING_RIGHT: N_(
        "You told us about an interruption of your activity on %(event_date)s (%(event)s). "
        "The bridging right may pay you a monthly allowance and keep your health cover. Ask "
        "for it by %(deadline)s."
    ),
    Right.PENSION_INFORMATION: N_(
        "You are %(age)s or older. Your legal pension age is %(legal_age)s (from %(start)s). "
        "Our pension guide shows what you can already plan, such as an early pension."
    ),
    Right.LEGAL_PENSION: N_(
        "Your legal pension starts on %(start)s, at %(age)s. If you live in Belgium, the "
        "Federal Pension Service examines it without a request; our pension guide shows what "
        "to check before then."
    ),
    Right.PRIMO_STARTER: N_(
        "You started your main activity recently. If you were not self-employed in main "
        "activity during the 5 years before, you may pay a reduced minimum (%(minimum)s a "
        "quarter) from %(first)s to %(last)s. Tell us your expected income in the adjustment "
        "form, by %(deadline)s."
    ),
    Right.LOWER_PROVISIONAL: N_(
        "You expect a net taxable income of %(income)s this year, but your contribution for "
        "this quarter is %(charged)s. On your estimate it would be about %(expected)s. You can "
        "ask us to lower your provisional contributions, with the documents that show your "
        "income."
    ),
}

CLAIM = _("Request it in one tap")
OPEN_FORM = _("Go to the form")
DISMISS = _("Do not suggest this again")
