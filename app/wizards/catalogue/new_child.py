"""A new child (birth or adoption): leave, maternity aid, exempt quarters, allowances."""

from __future__ import annotations

from app.kit import units
from app.kit.i18n import counted, lazy_ngettext
from app.kit.i18n import lazy_gettext as _
from app.wizards import rules
from app.wizards.catalogue.common import ACTIVITY_OPTIONS, REFERRALS
from app.wizards.model import CHECK, AnswerType, Option, Outcome, Question, Route, Step, Wizard

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
                    options=(
                        Option("birth", _("A birth")),
                        Option("adoption", _("An adoption")),
                        Option("foster", _("A child placed with me in long-term foster care")),
                    ),
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
                    hint=_(
                        "For an adoption or a placement, the day the child is registered with "
                        "you. For example 15/05/2026"
                    ),
                    minimum=-365,
                    maximum=300,
                ),
            ),
        ),
        Step(
            "child",
            _("The child"),
            (
                Question(
                    "multiple",
                    _("Is it a multiple birth or arrival (twins or more)?"),
                    AnswerType.YES_NO,
                ),
                Question(
                    "disability",
                    _("Does the child have a disability or serious illness needing your care?"),
                    AnswerType.YES_NO,
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
            routes=(Route(when=rules.not_own_status, goto=CHECK),),
        ),
        Step(
            "paid",
            _("Your contributions"),
            (
                Question(
                    "contributions_paid",
                    _("Are your contributions for the quarters before the birth paid?"),
                    AnswerType.YES_NO,
                    hint=_("Maternity and birth leave need them paid."),
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
                lazy_ngettext(
                    "%(count)s quarter without contributions, from quarter %(first)s to quarter "
                    "%(last)s, while you keep all your rights.",
                    "%(count)s quarters without contributions, from quarter %(first)s to "
                    "quarter %(last)s, while you keep all your rights.",
                    "count",
                ),
            ),
            "birth_leave": (
                _("Birth leave"),
                counted(
                    _(
                        "%(days)s (or %(half_days)s) of birth leave, to take within %(months)s "
                        "of the birth, by %(deadline)s. Allowance: %(daily)s per day or "
                        "%(half_day)s per half-day, paid by the fund."
                    ),
                    days=units.DAYS,
                    half_days=units.HALF_DAYS,
                    months=units.MONTHS,
                ),
            ),
            "paternity_vouchers": (
                _("Service vouchers for a short birth leave"),
                counted(
                    _(
                        "If you take at most %(days)s of birth leave, you can get %(vouchers)s "
                        "(titres-services) refunded instead of the rest."
                    ),
                    days=units.DAYS,
                    vouchers=units.SERVICE_VOUCHERS,
                ),
            ),
            "maternity_leave_multiple": (
                _("Maternity leave for a multiple birth"),
                _(
                    "%(weeks)s weeks of maternity leave for a multiple birth: %(obligatory)s "
                    "obligatory weeks and %(optional)s optional weeks, which you may take "
                    "part-time. The allowance is paid by your mutualité."
                ),
            ),
            "maternity_not_open_status": (
                _("Maternity leave and service vouchers: not through us"),
                _(
                    "Maternity leave and the service vouchers need your own main activity as a "
                    "self-employed person (or the maxi-statut of a helping spouse). With a "
                    "secondary activity, your leave comes through your job: ask your mutualité."
                ),
            ),
            "maternity_not_open_paid": (
                _("Maternity leave and service vouchers: contributions to pay first"),
                _(
                    "Maternity leave and the service vouchers need the contributions of the "
                    "quarters before the birth paid. Pay them or ask us for a payment plan."
                ),
            ),
            "birth_leave_not_open_status": (
                _("Birth leave: not through us"),
                _(
                    "Birth leave needs your own main activity as a self-employed person (or the "
                    "maxi-statut of a helping spouse). With a secondary activity, your leave comes "
                    "through your job."
                ),
            ),
            "birth_leave_not_open_paid": (
                _("Birth leave: contributions to pay first"),
                _(
                    "Birth leave needs the contributions of the quarters before the birth paid. "
                    "Pay them or ask us for a payment plan."
                ),
            ),
            "adoption_leave": (
                _("Adoption leave"),
                counted(
                    _(
                        "Adoption leave is paid by your mutualité, not by us: %(per_parent)s "
                        "for each parent plus %(shared)s to share between you. It starts within "
                        "%(months)s of the child's registration in the population register."
                    ),
                    per_parent=units.WEEKS,
                    shared=units.WEEKS,
                    months=units.MONTHS,
                ),
            ),
            "foster_care_leave": (
                _("Foster-care leave"),
                counted(
                    _(
                        "For a long-term foster placement, leave like the adoption leave "
                        "(%(per_parent)s for each parent plus %(shared)s to share) is paid by "
                        "your mutualité; ask it for its conditions. It starts within %(months)s "
                        "of the placement."
                    ),
                    per_parent=units.WEEKS,
                    shared=units.WEEKS,
                    months=units.MONTHS,
                ),
            ),
            "disabled_child_care": (
                _("Caring for a child with a disability"),
                lazy_ngettext(
                    "To care for your child you can take caregiver leave: %(monthly)s per month "
                    "for a complete interruption, at most %(career)s month over your career. "
                    'See also the "Illness" guide.',
                    "To care for your child you can take caregiver leave: %(monthly)s per month "
                    "for a complete interruption, at most %(career)s months over your career. "
                    'See also the "Illness" guide.',
                    "career",
                ),
            ),
            "request_birth_leave": _(
                "Your birth-leave request must reach us by %(deadline)s, the last day of the "
                "quarter after the birth."
            ),
            "start_adoption_leave": _(
                "Ask your mutualité for the leave: it must start by %(deadline)s."
            ),
            "mutualite_adoption": _(
                "Your health insurance fund (mutualité) pays the adoption and foster-care leave: "
                "ask it for the form."
            ),
            "declare_birth_mutualite": _(
                "Send the birth certificate to your mutualité after the birth (expected on "
                "%(deadline)s) for your maternity allowance."
            ),
            # The same actions once their date has passed (rules.common.against_today).
            "declare_birth_mutualite_now": _(
                "Send the birth certificate to your mutualité now for your maternity allowance "
                "(the birth was on %(deadline)s)."
            ),
            "request_birth_leave_now": _(
                "The date for your birth-leave request, %(deadline)s, has passed: contact us now "
                "and we tell you what is still possible."
            ),
            "start_adoption_leave_now": _(
                "The leave had to start by %(deadline)s: contact your mutualité now to know what "
                "is still possible."
            ),
            **REFERRALS,
        },
    ),
)
