"""Bankruptcy, collective debt settlement, forced interruption, economic difficulties."""

from __future__ import annotations

from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import AnswerType, Option, Outcome, Question, Route, Step, Wizard

BRIDGING_TEXT = _(
    "%(monthly)s per month, for at most %(months)s months given your career. The monthly "
    "amount is %(single)s without a dependent family member and %(family)s with one. The "
    "bridging right is paid by the fund."
)

WIZARD = Wizard(
    slug="bankruptcy",
    title=_("Bankruptcy or economic difficulty"),
    summary=_("The bridging right and keeping your social coverage."),
    steps=(
        Step(
            "reason",
            _("What happened"),
            (
                Question(
                    "reason",
                    _("What happened?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("bankruptcy", _("Bankruptcy")),
                        Option("debt_settlement", _("Collective debt settlement")),
                        Option(
                            "forced_interruption",
                            _("Forced interruption"),
                            _("Natural disaster, fire, destruction, professional allergy"),
                        ),
                        Option("economic", _("I am stopping because of economic difficulties")),
                    ),
                ),
            ),
        ),
        Step(
            "date",
            _("Date"),
            (
                Question(
                    "cessation_date",
                    _("On what date did your activity stop or get interrupted?"),
                    AnswerType.DATE,
                    hint=_("For example 31/01/2026"),
                    minimum=-730,
                    maximum=365,
                ),
            ),
            routes=(Route(when=rules.not_forced_interruption, goto="main"),),
        ),
        Step(
            "days",
            _("Length of the interruption"),
            (
                Question(
                    "interruption_days",
                    _("How many days will the interruption last?"),
                    AnswerType.NUMBER,
                    hint=_("Your best estimate, in calendar days"),
                    minimum=1,
                    maximum=730,
                ),
            ),
        ),
        Step(
            "main",
            _("Your activity"),
            (
                Question(
                    "main_activity",
                    _("Was self-employment your main activity?"),
                    AnswerType.YES_NO,
                ),
            ),
        ),
        Step(
            "paid",
            _("Your contributions"),
            (
                Question(
                    "contributions_in_order",
                    _("Have you paid contributions for at least 4 quarters in the last 4 years?"),
                    AnswerType.YES_NO,
                ),
            ),
        ),
        Step(
            "career",
            _("Your career"),
            (
                Question(
                    "career_years",
                    _("For how many years have you been self-employed in total?"),
                    AnswerType.NUMBER,
                    minimum=0,
                    maximum=60,
                ),
            ),
        ),
        Step(
            "family",
            _("Your family"),
            (
                Question(
                    "family_charge",
                    _("Do you have a dependent family member?"),
                    AnswerType.YES_NO,
                    hint=_("A partner or child living with you and with little or no income"),
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.bankruptcy,
        texts={
            "bridging_bankruptcy": (_("Bridging right after a bankruptcy"), BRIDGING_TEXT),
            "bridging_debt_settlement": (
                _("Bridging right after a collective debt settlement"),
                BRIDGING_TEXT,
            ),
            "bridging_economic": (
                _("Bridging right for economic difficulties"),
                BRIDGING_TEXT,
            ),
            "bridging_forced_interruption": (
                _("Bridging right for a forced interruption"),
                _(
                    "%(monthly)s per month. For %(days)s days of interruption: %(full_months)s "
                    "full month(s) and %(partial)s of a month (%(partial_amount)s), about "
                    "%(total)s in total."
                ),
            ),
            "bridging_coverage": (
                _("Your social coverage continues"),
                _(
                    "You keep your health and family rights for up to %(quarters)s quarters "
                    "without paying contributions."
                ),
            ),
            "bridging_not_eligible": (
                _("Bridging right: probably not"),
                _(
                    "The bridging right requires a main activity and at least %(paid)s quarters "
                    "of contributions paid in the last 4 years (and %(years)s years of career "
                    "for economic difficulties). Ask us if you are unsure."
                ),
            ),
            "apply_bridging": _("Apply for the bridging right by %(deadline)s."),
            "contributions_until_cessation": _(
                "The contributions up to the quarter of the cessation stay due: the last one "
                "by %(deadline)s."
            ),
            **REFERRALS,
        },
    ),
)
