"""Pension: when and where to apply, working after the pension, survivor and PLCI."""

from __future__ import annotations

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
                    "Your legal pension age is %(age)s: your pension can start on %(start)s. "
                    "The legal pension age becomes %(next_age)s in %(next_year)s."
                ),
            ),
            "working_after_pension": (
                _("Working after your pension"),
                _(
                    "From the legal pension age, or with a career of %(career)s years, you may "
                    "earn without limit; before that, income limits apply. As a working "
                    "pensioner you pay no contributions below %(threshold)s of yearly income, "
                    "and %(rate)s above it."
                ),
            ),
            "survivor_pension": (
                _("Survivor's pension or transition allowance"),
                _(
                    "You may be entitled to a survivor's pension or, if you are younger, a "
                    "transition allowance (%(amount)s): the Federal Pension Service examines it."
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
            "apply_pension": _(
                "Apply on mypension.be from %(deadline)s, %(months)s months before your pension "
                "date (%(start)s)."
            ),
            **REFERRALS,
        },
    ),
)
