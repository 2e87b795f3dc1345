"""Starting out as a self-employed person: affiliation, category, first contributions."""

from __future__ import annotations

from app.kit.i18n import lazy_gettext as _
from app.kit.i18n import lazy_ngettext
from app.wizards import rules
from app.wizards.catalogue.common import REFERRALS
from app.wizards.model import AnswerType, Option, Outcome, Question, Route, Step, Wizard

WIZARD = Wizard(
    slug="starting_out",
    title=_("Starting out"),
    summary=_("Your affiliation, your category and your first contributions."),
    steps=(
        Step(
            "who",
            _("Who are you?"),
            (
                Question(
                    "status",
                    _("How will you work?"),
                    AnswerType.CHOICE,
                    options=(
                        Option("own_name", _("As a self-employed person in my own name")),
                        Option("director", _("As a company director")),
                        Option("helper", _("As a helping spouse or partner")),
                        Option("student", _("As a student-independent")),
                    ),
                ),
            ),
            routes=(Route(when=rules.is_student_or_helper, goto="start"),),
        ),
        Step(
            "activity",
            _("Main or secondary activity"),
            (
                Question(
                    "activity",
                    _("Will it be your main activity?"),
                    AnswerType.CHOICE,
                    options=(
                        Option(
                            "main", _("Main activity"), _("Self-employment is your main occupation")
                        ),
                        Option(
                            "secondary",
                            _("Secondary activity"),
                            _("Besides a job as an employee of at least half-time"),
                        ),
                    ),
                ),
            ),
            routes=(Route(when=rules.is_secondary, goto="start"),),
        ),
        Step(
            "first_time",
            _("First-time starter"),
            (
                Question(
                    "first_time",
                    _("Is this your first main activity as a self-employed person in 5 years?"),
                    AnswerType.YES_NO,
                    hint=_(
                        "Then you are a first-time starter and may pay a reduced minimum for "
                        "your first 4 quarters."
                    ),
                ),
            ),
        ),
        Step(
            "reduction",
            _("Your first quarter"),
            (
                Question(
                    "first_quarter_reduction",
                    _("Do you ask for the reduced contribution of your first quarter?"),
                    AnswerType.YES_NO,
                    hint=_(
                        "The law lowers the contribution of the first quarter of a main activity "
                        "when you ask for it. The fund applies it with your affiliation."
                    ),
                ),
            ),
        ),
        Step(
            "start",
            _("Start date"),
            (
                Question(
                    "start_date",
                    _("When do you start?"),
                    AnswerType.DATE,
                    hint=_("For example 01/03/2026"),
                    minimum=-730,
                    maximum=365,
                ),
            ),
        ),
        Step(
            "enterprise",
            _("Enterprise number"),
            (
                Question(
                    "enterprise_number",
                    _("Your enterprise number (BCE)"),
                    AnswerType.ENTERPRISE_NUMBER,
                    hint=_(
                        "10 digits, for example 0403.170.701. Leave empty if you do not have "
                        "it yet."
                    ),
                    required=False,
                ),
            ),
        ),
        Step(
            "income",
            _("Expected income"),
            (
                Question(
                    "expected_income",
                    _("What net taxable professional income do you expect for a full year?"),
                    AnswerType.MONEY,
                    hint=_("Your best estimate in euros; you can change it later."),
                ),
            ),
        ),
    ),
    outcome=Outcome(
        rules=rules.starting_out,
        texts={
            "category_main": (
                _("Your category: main activity"),
                _("You pay the contributions of a self-employed person in main activity."),
            ),
            "first_quarter_reduced": (
                _("Your first quarter, reduced"),
                _(
                    "You ask for the reduction of your first quarter of main activity "
                    "(%(reduction)s less): for quarter %(quarter)s you pay %(amount)s, fee "
                    "included. We apply it with your affiliation."
                ),
            ),
            "category_starter": (
                _("Your category: first-time starter (primo-starter)"),
                _(
                    "You pay the contributions of a main activity, with a reduced minimum at "
                    "the start."
                ),
            ),
            "category_secondary": (
                _("Your category: secondary activity"),
                _("You pay contributions only on the income of your self-employed activity."),
            ),
            "category_student": (
                _("Your category: student-independent"),
                _("You pay no or reduced contributions as long as your income stays low."),
            ),
            "category_helper": (
                _("Your category: helping spouse (maxi-statut)"),
                _("You are insured in your own name and build your own pension."),
            ),
            "provisional_estimate": (
                _("Your estimated provisional contribution"),
                _(
                    "About %(amount)s per quarter in %(year)s (%(net)s of contributions and "
                    "%(fee)s of management fees), for an income of %(income)s."
                ),
            ),
            "starter_minimum": (
                _("Reduced minimum for a first-time starter"),
                _(
                    "On request, you pay at least %(minimum)s per quarter instead of the normal "
                    "minimum during your first %(quarters)s quarters. With your income, the "
                    "normal regime would be %(main_amount)s per quarter. If your real income "
                    "turns out higher, the regularisation (when the tax authorities send your "
                    "income, usually two or three years later) asks you the difference: put it "
                    "aside. Paid on time, that difference carries no surcharge; only a reduction "
                    "that proves unjustified adds %(quarterly)s per quarter and %(annual)s once a "
                    "year to the shortfall."
                ),
            ),
            "starter_extra_quarter": (
                _("More time to pay at the start"),
                lazy_ngettext(
                    "If you affiliate on time, you get %(quarters)s extra quarter to pay the "
                    "contributions of your first quarters: the first one is due on %(deadline)s.",
                    "If you affiliate on time, you get %(quarters)s extra quarters to pay the "
                    "contributions of your first quarters: the first one is due on %(deadline)s.",
                    "quarters",
                ),
            ),
            "social_coverage": (
                _("Your social coverage"),
                _(
                    "Your contributions open your rights: health care and incapacity allowances "
                    "(through your mutualité), family allowances, maternity and birth leave, "
                    "the bridging right and your pension."
                ),
            ),
            "company_contribution": (
                _("The annual company contribution"),
                _(
                    "Your company must affiliate with a social insurance fund itself and pays the "
                    "annual company contribution: %(low)s or %(high)s depending on its balance "
                    "sheet, due by %(deadline)s; late, %(late)s per month is added. A start-up "
                    "company (not an NV/SA) can ask to be exempted for its first %(years)s years."
                ),
            ),
            "solidarity_director": (
                _("Your company answers for your contributions"),
                _(
                    "Your company is jointly liable for your social contributions as its "
                    "director: if you do not pay them, the fund can claim them from the company."
                ),
            ),
            "solidarity_helper": (
                _("Contributions of a helper"),
                _(
                    "If your spouse, partner or another person helps you, you are jointly liable "
                    "for their social contributions."
                ),
            ),
            "adjust_provisional": (
                _("Raising or lowering your provisional contributions"),
                _(
                    "If your income will be higher, you may raise your provisional contributions "
                    "at any time. To lower them, send a motivated request with evidence; in a "
                    "main activity never below the minimum. If the lower estimate turns out "
                    "wrong, surcharges of %(quarterly)s per quarter and %(annual)s per year apply "
                    "to the difference."
                ),
            ),
            "non_payment_cost": (
                _("What not paying costs"),
                _(
                    "An unpaid contribution gets a surcharge of %(quarterly)s at the end of each "
                    "quarter and %(annual)s once on what is unpaid at 31 December. Unpaid "
                    "quarters do not count for your pension and may cost you the bridging right "
                    "or maternity and birth leave."
                ),
            ),
            "affiliate_before_start": _(
                "Affiliate with a social insurance fund at the latest on %(deadline)s, the "
                "day you start."
            ),
            "pay_first_quarter": _("Pay your first provisional contribution by %(deadline)s."),
            "get_enterprise_number": _("Register your enterprise in the BCE before %(deadline)s."),
            # The same actions once their date has passed (rules.common.against_today).
            "affiliate_before_start_now": _(
                "Your activity started on %(deadline)s: affiliate with a social insurance fund "
                "now. Your contributions are due from that day, even when you affiliate late."
            ),
            "pay_first_quarter_now": _(
                "Your first provisional contribution was due by %(deadline)s: pay it now, as "
                "surcharges run on what stays unpaid."
            ),
            "get_enterprise_number_now": _(
                "Register your enterprise in the BCE now, at a business counter: it was needed "
                "before %(deadline)s."
            ),
            **REFERRALS,
        },
    ),
)
