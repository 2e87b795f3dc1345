"""Illness: your own incapacity for work, or a relative who needs care."""

from __future__ import annotations

from app.kit import units
from app.kit.i18n import counted, lazy_ngettext
from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import CHECK, AnswerType, Option, Outcome, Question, Route, Step, Wizard

WIZARD = Wizard(
    slug="illness",
    title=_("Illness"),
    summary=_("Incapacity, assimilation, caregiver leave."),
    steps=(
        Step(
            "who",
            _("Who is ill?"),
            (
                Question(
                    "who",
                    _("Who is ill?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("self", _("I am ill")),
                        Option("relative", _("A relative needs my care")),
                    ),
                ),
            ),
            routes=(Route(when=rules.relative_is_ill, goto="interruption"),),
        ),
        Step(
            "since",
            _("Since when"),
            (
                Question(
                    "since",
                    _("Since when have you been unable to work?"),
                    AnswerType.DATE,
                    hint=_("For example 02/02/2026"),
                    minimum=-730,
                    maximum=30,
                ),
            ),
        ),
        Step(
            "stopped",
            _("Your activity"),
            (
                Question(
                    "stopped",
                    _("Have you stopped all professional activity?"),
                    AnswerType.YES_NO,
                ),
            ),
        ),
        Step(
            "history",
            _("Before the incapacity"),
            (
                Question(
                    "self_employed_90_days",
                    _("Had you been self-employed for at least 90 days when it began?"),
                    AnswerType.YES_NO,
                ),
                Question(
                    "previous_quarter_paid",
                    _("Were your contributions for the quarter before it paid?"),
                    AnswerType.YES_NO,
                ),
            ),
            next=CHECK,
        ),
        Step(
            "interruption",
            _("Your interruption"),
            (
                Question(
                    "interruption",
                    _("How will you interrupt your activity?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("full", _("Completely")),
                        Option("partial", _("Partly, by at least half")),
                    ),
                ),
            ),
        ),
        Step(
            "caregiver_start",
            _("From when"),
            (
                Question(
                    "caregiver_start",
                    _("From what date do you want to interrupt your activity?"),
                    AnswerType.DATE,
                    hint=_("For example 01/04/2026"),
                    minimum=-90,
                    maximum=365,
                ),
            ),
        ),
        Step(
            "months",
            _("How long"),
            (
                Question(
                    "caregiver_months",
                    _("For how many months?"),
                    AnswerType.NUMBER,
                    hint=_("From 1 to 6 months per request"),
                    minimum=1,
                    maximum=6,
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.illness,
        texts={
            "incapacity_allowance": (
                _("Incapacity allowance"),
                _(
                    "When your mutualité recognises your incapacity for work, it pays you an "
                    "incapacity allowance."
                ),
            ),
            "sickness_assimilation": (
                _("Assimilation for sickness"),
                _(
                    "The quarters of recognised incapacity, from quarter %(first)s, can be "
                    "assimilated: no contributions, and you keep your rights. Ask us for it."
                ),
            ),
            "assimilation_needs_stop": (
                _("Assimilation for sickness: not while you work"),
                _(
                    "Your quarters can only be assimilated if you stop all professional "
                    "activity. Resuming part of it needs the authorisation of your mutualité's "
                    "medical adviser."
                ),
            ),
            "assimilation_needs_days": (
                _("Assimilation for sickness: too early"),
                lazy_ngettext(
                    "The assimilation needs at least %(days)s day of self-employment before the "
                    "incapacity began.",
                    "The assimilation needs at least %(days)s days of self-employment before "
                    "the incapacity began.",
                    "days",
                ),
            ),
            "assimilation_needs_paid": (
                _("Assimilation for sickness: a quarter unpaid"),
                _(
                    "The assimilation needs the contributions of the quarter before the "
                    "incapacity to be paid. Pay them, then ask us."
                ),
            ),
            "invalidity_after_one_year": (
                _("After one year: invalidity"),
                _(
                    "After one year of incapacity, from about %(date)s, your incapacity becomes "
                    "invalidity: your mutualité goes on paying, at the invalidity rate."
                ),
            ),
            "partial_resumption": (
                _("Working again part-time"),
                _(
                    "You may resume part of your activity only with the prior authorisation of "
                    "your mutualité's medical adviser; ask for it before you start."
                ),
            ),
            "certificates_forwarded": _(
                "If you send us a medical certificate, we forward it to your mutualité, but "
                "declaring your incapacity to it in time stays your task."
            ),
            "caregiver_allowance_full": (
                _("Caregiver allowance"),
                counted(
                    _(
                        "%(monthly)s per month for a complete interruption, so %(total)s for "
                        "%(months)s. At most %(per_request)s per request and %(career)s over "
                        "your career."
                    ),
                    months=units.MONTHS,
                    per_request=units.MONTHS,
                    career=units.MONTHS,
                ),
            ),
            "caregiver_allowance_partial": (
                _("Caregiver allowance"),
                counted(
                    _(
                        "%(monthly)s per month for a partial interruption, so %(total)s for "
                        "%(months)s. At most %(per_request)s per request and %(career)s over "
                        "your career."
                    ),
                    months=units.MONTHS,
                    per_request=units.MONTHS,
                    career=units.MONTHS,
                ),
            ),
            "caregiver_exemption": (
                _("Exempt quarter for caregivers"),
                counted(
                    _(
                        "After %(after)s of complete interruption in a row, the quarter of the "
                        "last month is exempt and you keep your rights (at most %(max)s over "
                        "your career)."
                    ),
                    after=units.MONTHS,
                    max=units.QUARTERS,
                ),
            ),
            "declare_incapacity": lazy_ngettext(
                "Declare your incapacity to the medical adviser of your mutualité within "
                "%(days)s calendar day, by %(deadline)s (moved to the next working day after a "
                "weekend or public holiday). Late, your allowance is %(late)s lower until you "
                "do.",
                "Declare your incapacity to the medical adviser of your mutualité within "
                "%(days)s calendar days, by %(deadline)s (moved to the next working day after a "
                "weekend or public holiday). Late, your allowance is %(late)s lower until you "
                "do.",
                "days",
            ),
            "keep_paying_contributions": _(
                "As long as you keep working, your contributions stay due."
            ),
            # The same actions once their date has passed (rules.common.against_today).
            "declare_incapacity_now": lazy_ngettext(
                "Declare your incapacity to the medical adviser of your mutualité now: the "
                "%(days)s-day deadline ended on %(deadline)s, and your allowance is %(late)s "
                "lower until you do.",
                "Declare your incapacity to the medical adviser of your mutualité now: the "
                "%(days)s-day deadline ended on %(deadline)s, and your allowance is %(late)s "
                "lower until you do.",
                "days",
            ),
            **REFERRALS,
        },
    ),
)
