"""Pension: when and where to apply, working after the pension, survivor and PLCI."""

from __future__ import annotations

from app.kit import units
from app.kit.i18n import counted, lazy_ngettext
from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import CHECK, AnswerType, Option, Outcome, Question, Route, Step, Wizard

WIZARD = Wizard(
    slug="pension",
    title=_("Pension"),
    summary=_("When and where to apply, working after your pension."),
    steps=(
        Step(
            "birth",
            _("Your age"),
            (
                Question(
                    "birth_date",
                    _("What is your date of birth?"),
                    AnswerType.DATE,
                    hint=_("For example 14/09/1962"),
                    minimum=-36500,
                    maximum=-5475,
                ),
            ),
        ),
        Step(
            "career",
            _("Your career"),
            (
                Question(
                    "career_years",
                    _("How many years have you worked in total (self-employed or employee)?"),
                    AnswerType.NUMBER,
                    minimum=0,
                    maximum=60,
                ),
            ),
        ),
        Step(
            "plans",
            _("Your plans"),
            (
                Question(
                    "plan",
                    _("What do you plan to do at your pension?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("stop", _("Stop working")),
                        Option("keep_working", _("Keep working as a self-employed person")),
                        Option("undecided", _("I do not know yet")),
                    ),
                ),
            ),
        ),
        Step(
            "survivor",
            _("Your partner"),
            (
                Question(
                    "partner_died",
                    _("Has your spouse or legal partner died?"),
                    AnswerType.YES_NO,
                ),
            ),
            routes=(Route(when=rules.no_plci_question, goto=CHECK),),
        ),
        Step(
            "plci",
            _("Supplementary pension"),
            (
                Question(
                    "has_plci",
                    _("Do you already have a supplementary pension (PLCI)?"),
                    AnswerType.YES_NO,
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.pension,
        texts={
            "retirement_pension": (
                _("Your retirement pension"),
                _(
                    "Your legal pension age is %(age)s: your pension can start on %(start)s. The "
                    "legal age depends on when your pension starts: 65 up to 1 January 2025, 66 "
                    "up to 1 January 2030, 67 after."
                ),
            ),
            "early_pension": (
                _("Early pension"),
                _(
                    "If you keep working until then, your career allows an early pension at "
                    "%(age)s, from %(start)s (60 with 44 years of career, 61 with 43, 63 with 42)."
                ),
            ),
            "early_pension_conditions": (
                _("Early pension"),
                _(
                    "An early pension needs a long career: 60 with 44 years, 61 with 43 or 63 "
                    "with 42. Your career does not reach it before your legal pension age."
                ),
            ),
            "bonus_malus": (
                _("Bonus or malus"),
                _(
                    "Since 2026 the pension bonus is replaced by a bonus/malus: leaving early can "
                    "lower your pension and working longer can raise it. Its percentages are "
                    "not confirmed yet."
                ),
            ),
            "working_after_pension": (
                _("Working after your pension"),
                lazy_ngettext(
                    "From the legal pension age, or with a career of %(career)s year, you may "
                    "earn without limit; before that, income limits apply. As a working "
                    "pensioner you pay no contributions if your yearly income stays below "
                    "%(threshold)s; above it, %(rate)s on the whole income, not only on the "
                    "part above.",
                    "From the legal pension age, or with a career of %(career)s years, you may "
                    "earn without limit; before that, income limits apply. As a working "
                    "pensioner you pay no contributions if your yearly income stays below "
                    "%(threshold)s; above it, %(rate)s on the whole income, not only on the "
                    "part above.",
                    "career",
                ),
            ),
            "survivor_pension": (
                _("Survivor's pension or transition allowance"),
                counted(
                    _(
                        "A survivor's pension needs, as a rule, a marriage of at least "
                        "%(married)s (a legal cohabitation does not count) and that you are at "
                        "least %(age)s; younger, you get a transition allowance for %(months)s "
                        "(%(months_child)s with a dependent child). The Federal Pension Service "
                        "examines it."
                    ),
                    married=units.YEARS,
                    months=units.MONTHS,
                    months_child=units.MONTHS,
                ),
            ),
            "plci": (
                _("Supplementary pension (PLCI)"),
                _(
                    "You can pay up to %(rate)s of your reference income into a PLCI, at most "
                    "%(ceiling)s (another source gives %(alternative)s), or up to %(social_rate)s "
                    "and %(social_ceiling)s for a social PLCI. The premiums are tax deductible."
                ),
            ),
            "pension_automatic": _(
                "If you live in Belgium, you do not need to apply for your pension at the legal "
                "age: the Federal Pension Service examines it automatically, to start on "
                "%(deadline)s."
            ),
            "apply_early_or_deferred": lazy_ngettext(
                "An early or a deferred pension must be requested, at the earliest %(months)s "
                "month before it starts: for an early pension, from %(deadline)s on "
                "mypension.be.",
                "An early or a deferred pension must be requested, at the earliest %(months)s "
                "months before it starts: for an early pension, from %(deadline)s on "
                "mypension.be.",
                "months",
            ),
            "apply_deferred": lazy_ngettext(
                "To take your pension later than the legal age, request it on mypension.be, at "
                "the earliest %(months)s month before the date you choose.",
                "To take your pension later than the legal age, request it on mypension.be, at "
                "the earliest %(months)s months before the date you choose.",
                "months",
            ),
            # The same actions once their date has passed (rules.common.against_today).
            "pension_automatic_now": _(
                "If you live in Belgium, your pension at the legal age is examined automatically "
                "from %(deadline)s: if you do not receive it yet, contact the Federal Pension "
                "Service on mypension.be now."
            ),
            "apply_early_or_deferred_now": lazy_ngettext(
                "An early or a deferred pension is requested at the earliest %(months)s month "
                "before it starts: that moment has come (%(deadline)s), you can apply now on "
                "mypension.be.",
                "An early or a deferred pension is requested at the earliest %(months)s months "
                "before it starts: that moment has come (%(deadline)s), you can apply now on "
                "mypension.be.",
                "months",
            ),
            **REFERRALS,
        },
    ),
)
