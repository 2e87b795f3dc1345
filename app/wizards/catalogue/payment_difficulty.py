"""Difficulty paying: payment plan, exemption, surcharge waiver, lower provisional contributions."""

from __future__ import annotations

from app.kit.i18n import lazy_gettext as _
from app.kit.i18n import lazy_ngettext
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import AnswerType, Option, Outcome, Question, Step, Wizard

WIZARD = Wizard(
    slug="payment_difficulty",
    title=_("Difficulty paying"),
    summary=_("Payment plan, exemption, waiver of surcharges."),
    steps=(
        Step(
            "owed",
            _("What you owe"),
            (
                Question(
                    "amount_owed",
                    _("How much do you owe the fund?"),
                    AnswerType.MONEY,
                    hint=_("The amount on your last payment notice or reminder, in euros"),
                ),
            ),
        ),
        Step(
            "capacity",
            _("What you can pay"),
            (
                Question(
                    "monthly_capacity",
                    _("How much could you pay each month?"),
                    AnswerType.MONEY,
                    hint=_("An amount you can really keep up, in euros"),
                ),
            ),
        ),
        Step(
            "cause",
            _("Why"),
            (
                Question(
                    "cause",
                    _("Why is paying difficult?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("income_drop", _("My income has dropped")),
                        Option("illness", _("Illness or an accident")),
                        Option("economic", _("An economic crisis in my sector or a lost customer")),
                        Option("other", _("Another reason")),
                    ),
                ),
            ),
        ),
        Step(
            "duration",
            _("How long"),
            (
                Question(
                    "duration",
                    _("How long do you expect the difficulty to last?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("short", _("Less than 6 months")),
                        Option("long", _("More than 6 months")),
                        Option("unknown", _("I do not know")),
                    ),
                ),
            ),
        ),
        Step(
            "activity",
            _("Your activity"),
            (
                Question(
                    "activity",
                    _("What is your activity as a self-employed person?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("main", _("Main activity")),
                        Option("secondary", _("Secondary activity")),
                        Option("helper", _("Helping spouse or partner (maxi-statut)")),
                        Option("pensioner", _("Working pensioner")),
                    ),
                ),
            ),
        ),
        Step(
            "active",
            _("Since when"),
            (
                Question(
                    "active_four_quarters",
                    _("Have you been self-employed for at least 4 quarters?"),
                    AnswerType.YES_NO,
                ),
            ),
        ),
        Step(
            "income",
            _("Your income this year"),
            (
                Question(
                    "expected_income",
                    _("What net taxable professional income do you now expect for this year?"),
                    AnswerType.MONEY,
                    hint=_(
                        "Leave empty if you do not want to lower your provisional contributions."
                    ),
                    required=False,
                ),
            ),
        ),
        Step(
            "stopping",
            _("Stopping"),
            (
                Question(
                    "stopping",
                    _("Are you stopping your activity because of these difficulties?"),
                    AnswerType.YES_NO,
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.payment_difficulty,
        texts={
            "surcharges_running": (
                _("What not paying costs"),
                _(
                    "Unpaid contributions get a surcharge of %(quarterly)s at the end of each "
                    "quarter (about %(per_quarter)s on %(owed)s) and %(annual)s once on what is "
                    "unpaid at 31 December. Acting now limits them."
                ),
            ),
            "payment_plan": (
                _("Payment plan"),
                lazy_ngettext(
                    "We can spread the %(owed)s you owe over monthly instalments: with "
                    "%(monthly)s per month, that is %(months)s month. The surcharges of "
                    "%(quarterly)s per quarter keep running on what stays unpaid during the "
                    "plan. No law sets the length of a plan: the fund agrees it with you case "
                    "by case, and recovery waits as long as you keep to it.",
                    "We can spread the %(owed)s you owe over monthly instalments: with "
                    "%(monthly)s per month, that is %(months)s months. The surcharges of "
                    "%(quarterly)s per quarter keep running on what stays unpaid during the "
                    "plan. No law sets the length of a plan: the fund agrees it with you case "
                    "by case, and recovery waits as long as you keep to it.",
                    "months",
                ),
            ),
            "exemption": (
                _("Exemption from contributions"),
                _(
                    "If you are in a temporary financial or economic difficulty, you can ask to be "
                    "exempted from the contributions of quarter %(quarter)s (until %(deadline)s) "
                    "and of past quarters back to quarter %(earliest)s (that one until "
                    "%(earliest_deadline)s), and from a regularisation. Since 2019 the INASTI "
                    "decides, in about a month; its Commission for exemptions hears an appeal. "
                    "You keep your health and family rights, but the exempted quarters do not "
                    "count for your pension unless you pay them back within 5 years."
                ),
            ),
            "exemption_not_yet": (
                _("Exemption from contributions"),
                _(
                    "An exemption cannot be asked during your first %(quarters)s quarters of "
                    "activity, unless you stop."
                ),
            ),
            "exemption_secondary": (
                _("Exemption from contributions"),
                _("An exemption is not possible for a secondary activity."),
            ),
            "surcharge_waiver": (
                _("Waiver of surcharges"),
                _(
                    "Surcharges due to circumstances beyond your control, such as illness or an "
                    "economic crisis, can be waived on a motivated request."
                ),
            ),
            "surcharge_waiver_strict": (
                _("Waiver of surcharges"),
                _(
                    "Only reasons beyond your control count for a waiver: forgetting or a lost "
                    "letter do not. You may still ask, with your reasons."
                ),
            ),
            "provisional_adjustment": (
                _("Lower provisional contributions"),
                _(
                    "With an income of %(income)s, your provisional contribution for %(year)s "
                    "would be about %(amount)s per quarter. Your request must be motivated with "
                    "evidence: if the income turns out higher, surcharges of %(quarterly)s per "
                    "quarter and %(annual)s per year apply to the difference."
                ),
            ),
            "bridging_right_hint": (
                _("Bridging right"),
                _(
                    "Stopping because of economic difficulties may give you the bridging right: "
                    "a monthly allowance and your social coverage for a while."
                ),
            ),
            "non_payment_consequences": (
                _("If contributions stay unpaid"),
                _(
                    "Besides the surcharges, unpaid quarters do not count for your pension, and "
                    "you may lose the bridging right, the maternity allowance and the caregiver "
                    "allowance, which require your contributions to be in order. In the end the "
                    "fund must recover what is owed, through a bailiff or the court."
                ),
            ),
            "solidarity": (
                _("Who else is liable"),
                _(
                    "A company is jointly liable for the contributions of its directors, and you "
                    "are jointly liable for those of your helpers and helping spouse."
                ),
            ),
            "exemption_deadline": _("Ask for the exemption by %(deadline)s."),
            # The same actions once their date has passed (rules.common.against_today).
            "exemption_deadline_now": _(
                "The date to ask for the exemption, %(deadline)s, has passed: contact us now and "
                "we tell you what is still possible."
            ),
            **REFERRALS,
        },
    ),
)
