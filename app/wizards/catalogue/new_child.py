"""A new child (birth or adoption): leave, maternity aid, exempt quarters, allowances."""

from __future__ import annotations

from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import ACTIVITY_OPTIONS, REFERRALS
from app.wizards.model import AnswerType, Option, Outcome, Question, Route, Step, Wizard

WIZARD = Wizard(
    slug="new_child",
    title=_("A new child"),
    summary=_("Maternity aid, exempt quarter, birth leave."),
    steps=(
        Step(
            "event",
            _("Birth or adoption"),
            (
                Question(
                    "event",
                    _("What is happening?"),
                    AnswerType.CHOICE,
                    options=(Option("birth", _("A birth")), Option("adoption", _("An adoption"))),
                ),
            ),
            routes=(Route(when=rules.is_adoption, goto="date"),),
        ),
        Step(
            "role",
            _("Your role"),
            (
                Question(
                    "role",
                    _("Are you the mother or the co-parent?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("mother", _("I am the mother")),
                        Option("co_parent", _("I am the father or co-parent")),
                    ),
                ),
            ),
        ),
        Step(
            "date",
            _("Date"),
            (
                Question(
                    "child_date",
                    _("Date of the birth or adoption (or the expected date)"),
                    AnswerType.DATE,
                    hint=_("For example 15/05/2026"),
                    minimum=-365,
                    maximum=300,
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
                    options=ACTIVITY_OPTIONS,
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.new_child,
        texts={
            "maternity_leave": (
                _("Maternity leave"),
                _(
                    "%(weeks)s weeks of maternity leave: %(obligatory)s obligatory weeks (1 before "
                    "and 2 after the birth) and %(optional)s optional weeks, which you may take "
                    "part-time. The allowance is paid by your mutualité."
                ),
            ),
            "maternity_aid": (
                _("Maternity aid"),
                _(
                    "%(vouchers)s free service vouchers (titres-services) for help at home after "
                    "the birth."
                ),
            ),
            "quarter_exemption_birth": (
                _("Exempt quarter after the birth"),
                _(
                    "No contributions for quarter %(first)s, the quarter after the birth, while "
                    "you keep all your rights."
                ),
            ),
            "quarter_exemption_birth_several": (
                _("Exempt quarters after the birth"),
                _(
                    "%(count)s quarters without contributions, from quarter %(first)s to "
                    "quarter %(last)s, while you keep all your rights."
                ),
            ),
            "birth_leave": (
                _("Birth leave"),
                _(
                    "%(days)s days (or %(half_days)s half-days) of birth leave, to take within "
                    "%(months)s months of the birth, by %(deadline)s. Allowance: %(daily)s per day "
                    "or %(half_day)s per half-day, paid by the fund."
                ),
            ),
            "paternity_vouchers": (
                _("Service vouchers for a short birth leave"),
                _(
                    "If you take at most %(days)s days of birth leave, you can get "
                    "%(vouchers)s service vouchers (titres-services) refunded instead of the rest."
                ),
            ),
            "adoption_leave": (
                _("Adoption leave"),
                _(
                    "Adoption leave exists for self-employed parents; its length and allowance "
                    "are still to be confirmed. Contact us before the arrival."
                ),
            ),
            "declare_birth_mutualite": _(
                "Send the birth certificate to your mutualité after the birth (expected on "
                "%(deadline)s) for your maternity allowance."
            ),
            "take_birth_leave": _("Take your birth leave and apply for it by %(deadline)s."),
            "ask_adoption_leave": _("Tell us about the adoption before %(deadline)s."),
            **REFERRALS,
        },
    ),
)
