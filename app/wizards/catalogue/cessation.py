"""Stopping your activity: formalities, continued insurance, refund or balance."""

from __future__ import annotations

from app.kit import units
from app.kit.i18n import counted
from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import AnswerType, Option, Outcome, Question, Step, Wizard

WIZARD = Wizard(
    slug="cessation",
    title=_("Stopping your activity"),
    summary=_("Formalities, continued insurance, refund or balance."),
    steps=(
        Step(
            "date",
            _("End date"),
            (
                Question(
                    "end_date",
                    _("On what date do you stop your activity?"),
                    AnswerType.DATE,
                    hint=_("For example 30/06/2026"),
                    minimum=-365,
                    maximum=365,
                ),
            ),
        ),
        Step(
            "reason",
            _("Why"),
            (
                Question(
                    "reason",
                    _("Why are you stopping?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("retirement", _("I am retiring")),
                        Option("employment", _("I am becoming an employee")),
                        Option("economic", _("Economic difficulties")),
                        Option("health", _("Health reasons")),
                        Option("other", _("Another reason")),
                    ),
                ),
            ),
        ),
        Step(
            "insurance",
            _("Continued insurance"),
            (
                Question(
                    "continue_insurance",
                    _(
                        "Would you like to keep building pension rights through continued "
                        "insurance?"
                    ),
                    AnswerType.YES_NO,
                    hint=_(
                        "You pay contributions yourself after stopping, so that the period "
                        "counts for your pension."
                    ),
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.cessation,
        texts={
            "refund_after_cessation": (
                _("Refund of what you paid in advance"),
                _(
                    "Your contributions are due up to and including quarter %(quarter)s. "
                    "Provisional contributions paid for later quarters are refunded."
                ),
            ),
            "regularisation_later": (
                _("Final calculation later"),
                _(
                    "When the tax administration sends us your real income (usually 2 to 3 "
                    "years later), we recalculate: you get a refund or receive a balance to pay."
                ),
            ),
            "continued_insurance": (
                _("Continued insurance"),
                counted(
                    _(
                        "Continued insurance keeps your rights after you stop. It needs the "
                        "contributions of quarters %(first)s to %(last)s paid (the quarter you "
                        "stop and the 3 before). You choose pension only, or pension and health "
                        "care. It lasts at most %(years)s, plus up to %(near)s more when these "
                        "are the last years before your legal pension age. The contribution is "
                        "computed on your income of three years before (N-3), at a lower rate "
                        "than in activity: about %(pension_share)s of the normal contributions "
                        "for pension only and %(health_share)s with health care, according to "
                        "one fund; the legal rate is still to be confirmed."
                    ),
                    years=units.YEARS,
                    near=units.YEARS,
                ),
            ),
            "assimilation_after_cessation": (
                _("Periods that still count"),
                _(
                    "If you stop because you are ill and your mutualité recognises your "
                    "incapacity, those quarters can be assimilated: they count for your pension "
                    "without contributions. Ask us for it."
                ),
            ),
            "tell_fund_cessation": _("Tell us that you stop, at the latest on %(deadline)s."),
            "close_enterprise_number": _(
                "Ask a business counter to close your enterprise in the BCE as of %(deadline)s."
            ),
            "pay_last_quarter": _("Pay the contributions of your last quarter by %(deadline)s."),
            "request_continued_insurance": _(
                "Ask us for continued insurance by %(deadline)s, within 3 quarters after the "
                "quarter you stop."
            ),
            # The same actions once their date has passed (rules.common.against_today).
            "tell_fund_cessation_now": _("You stopped on %(deadline)s: tell us now."),
            "close_enterprise_number_now": _(
                "Ask a business counter now to close your enterprise in the BCE as of %(deadline)s."
            ),
            "pay_last_quarter_now": _(
                "The contributions of your last quarter were due by %(deadline)s: pay what "
                "remains now."
            ),
            "request_continued_insurance_now": _(
                "The date to ask for continued insurance, %(deadline)s, has passed: contact us "
                "now and we tell you what is still possible."
            ),
            **REFERRALS,
        },
    ),
)
