"""Bankruptcy, collective debt settlement, forced interruption, economic difficulties."""

from __future__ import annotations

from app.kit import units
from app.kit.i18n import counted, lazy_ngettext
from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import AnswerType, Option, Outcome, Question, Route, Step, Wizard

BRIDGING_TEXT = lazy_ngettext(
    "%(monthly)s per month, for at most %(months)s month given your career. The monthly amount "
    "is %(single)s without a dependent family member and %(family)s with one; it is indexed "
    "during the year. The bridging right is paid by the fund.",
    "%(monthly)s per month, for at most %(months)s months given your career. The monthly amount "
    "is %(single)s without a dependent family member and %(family)s with one; it is indexed "
    "during the year. The bridging right is paid by the fund.",
    "months",
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
                            _(
                                "Natural disaster, fire, damage to your tools or buildings, a "
                                "professional allergy, a third party's decision or an economic "
                                "event"
                            ),
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
            routes=(
                Route(when=rules.is_economic, goto="economic"),
                Route(when=rules.not_forced_interruption, goto="main"),
            ),
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
            next="main",
        ),
        Step(
            "economic",
            _("Your situation"),
            (
                Question(
                    "economic_condition",
                    _("Which of these applies to you?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("integration_income", _("I receive the integration income (CPAS)")),
                        Option(
                            "exemption",
                            _("The INASTI exempted me from contributions in the last 12 months"),
                        ),
                        Option(
                            "low_income",
                            _("My income was low this year and last year"),
                            _("Below the legal threshold, the year you stop and the year before"),
                        ),
                        Option("none", _("None of these")),
                    ),
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
                counted(
                    _(
                        "%(monthly)s per month. Up to %(until)s, the end of the month after "
                        "the interruption began, it is paid per 7 days (%(segment)s of the "
                        "month each: %(segments)s for your %(days)s), then per whole calendar "
                        "month (%(calendar_months)s): about %(total)s in total."
                    ),
                    days=units.DAYS,
                    calendar_months=units.MONTHS,
                ),
            ),
            "bridging_coverage": (
                _("Your social coverage continues"),
                lazy_ngettext(
                    "You keep your health and family rights for up to %(quarters)s quarter "
                    "without paying contributions.",
                    "You keep your health and family rights for up to %(quarters)s quarters "
                    "without paying contributions.",
                    "quarters",
                ),
            ),
            "bridging_cumulation": (
                _("Working during the bridging right"),
                _(
                    "Since 2023 the bridging right can be combined, within limits, with income "
                    "from an activity: tell us before you resume any work."
                ),
            ),
            "bridging_economic_condition": (
                _("Bridging right for economic difficulties: probably not"),
                _(
                    "Besides the quarters paid, stopping for economic difficulties needs one of: "
                    "the integration income, an exemption from the INASTI in the 12 months "
                    "before, or an income below the threshold in the year you stop and the year "
                    "before. Ask us if you are unsure."
                ),
            ),
            "bridging_not_eligible": (
                _("Bridging right: probably not"),
                counted(
                    _(
                        "The bridging right requires a main activity and at least %(paid)s of "
                        "contributions paid in the last 4 years (and %(years)s of career for "
                        "economic difficulties). Ask us if you are unsure."
                    ),
                    paid=units.QUARTERS,
                    years=units.YEARS,
                ),
            ),
            "apply_bridging": _("Apply for the bridging right by %(deadline)s."),
            "contributions_until_cessation": _(
                "The contributions up to the quarter of the cessation stay due: the last one "
                "by %(deadline)s."
            ),
            # The same actions once their date has passed (rules.common.against_today).
            "apply_bridging_now": _(
                "The date to apply for the bridging right, %(deadline)s, has passed: contact us "
                "now and we tell you what is still possible."
            ),
            "contributions_until_cessation_now": _(
                "The contributions up to the quarter of the cessation stay due; the last one was "
                "due by %(deadline)s: pay what remains now."
            ),
            **REFERRALS,
        },
    ),
)
