"""The words of /forms: each form's title, purpose and users, what to join, its deadline, and
each life event's key facts. Lazy gettext, rendered in the reader's language; the figures
(%(name)s) come from the data files through app/home/forms.py, never from here."""

from __future__ import annotations

from typing import Any

from app.kit import units
from app.kit.i18n import counted, lazy_ngettext
from app.kit.i18n import lazy_gettext as _

TITLES: dict[str, Any] = {
    "affiliation": _("Affiliation as a self-employed person"),
    "helping_spouse": _("Affiliation as a helping spouse or partner"),
    "provisional_adjustment": _("Lower or raise my provisional contributions"),
    "payment_plan": _("Payment plan"),
    "exemption": _("Exemption from contributions"),
    "surcharge_waiver": _("Waiver of surcharges"),
    "bridging_right": _("Bridging right"),
    "maternity_aid": _("Maternity aid (service vouchers)"),
    "birth_leave": _("Birth leave"),
    "sickness_assimilation": _("Assimilation for sickness"),
    "continued_insurance": _("Continued insurance"),
    "cessation": _("Cessation of activity"),
    "change_of_details": _("Change of my details"),
}

PURPOSES: dict[str, Any] = {
    "affiliation": _(
        "To affiliate with the fund when you start a self-employed activity, in your own name "
        "or as a company director, and to choose your first provisional contributions."
    ),
    "helping_spouse": _(
        "To be insured in your own name when you help your spouse or legal partner in their "
        "self-employed activity (maxi-statut)."
    ),
    "provisional_adjustment": _(
        "To pay provisional contributions on the income you expect this year rather than on "
        "the revalued income of an earlier year."
    ),
    "payment_plan": _("To pay what you owe in monthly instalments."),
    "exemption": _(
        "To ask the INASTI to exempt you from the contributions of quarters you cannot pay "
        "because of a temporary financial difficulty. We forward your request with your file."
    ),
    "surcharge_waiver": _(
        "To ask that the surcharges for late payment be cancelled when the delay was due to a "
        "reason beyond your control."
    ),
    "bridging_right": _(
        "To receive a monthly allowance and keep your health and family rights after a "
        "bankruptcy, a collective debt settlement, a forced interruption or economic "
        "difficulties."
    ),
    "maternity_aid": _(
        "To receive service vouchers for help at home after the birth or adoption of a child."
    ),
    "birth_leave": _(
        "For the co-parent of a newborn child: to be paid for the days you stop working."
    ),
    "sickness_assimilation": _(
        "To keep your rights without paying contributions for the quarters you cannot work "
        "because of illness."
    ),
    "continued_insurance": _(
        "To keep building your pension, and if you wish your health insurance, after you stop "
        "your activity."
    ),
    "cessation": _(
        "To tell us that you stop your self-employed activity, so that your contributions stop."
    ),
    "change_of_details": _(
        "To tell us your new address, phone number, e-mail address or bank account."
    ),
}

WHO: dict[str, Any] = {
    "affiliation": _("Anyone who starts a self-employed main or secondary activity in Belgium."),
    "helping_spouse": _(
        "The spouse or legal partner who helps a self-employed person regularly, without a "
        "salary or a status of their own."
    ),
    "provisional_adjustment": _(
        "Any affiliate; a main activity cannot go below the legal minimum."
    ),
    "payment_plan": _("Any affiliate with contributions due."),
    "exemption": _(
        "A main activity, a helping spouse, a working pensioner or a student-independent; not a "
        "secondary activity."
    ),
    "surcharge_waiver": _("An affiliate who has paid the contributions of the quarter."),
    "bridging_right": _("A self-employed person in main activity who has stopped."),
    "maternity_aid": _("A self-employed mother or helping spouse in main activity (maxi-statut)."),
    "birth_leave": _(
        "A self-employed father or co-parent in main activity, or a helping spouse (maxi-statut)."
    ),
    "sickness_assimilation": _(
        "A self-employed person whose incapacity for work is recognised by their mutualité and "
        "who has stopped all activity."
    ),
    "continued_insurance": _(
        "A former self-employed person in main activity or helping spouse who has stopped."
    ),
    "cessation": _("Any affiliate who stops their activity."),
    "change_of_details": _("Any affiliate."),
}

DOCUMENTS: dict[str, Any] = {
    "identity_card": _(
        "On paper only: a copy of your identity card, front and back (online, your passkey "
        "proves who you are)."
    ),
    "enterprise_number": _("Your enterprise number (BCE), if you already have it."),
    "partnership_proof": _("Proof of your marriage or legal cohabitation."),
    "partner_enterprise_number": _(
        "The national number or enterprise number of the self-employed person you help."
    ),
    "income_evidence": _(
        "What supports your estimate: your accounts of the year so far, your order book or a "
        "letter from your accountant."
    ),
    "budget_evidence": _(
        "Your household's income and expenses: recent bank statements, rent or loan, other debts."
    ),
    "difficulty_evidence": _(
        "What shows the difficulty: a medical certificate, the loss of a client, a disaster."
    ),
    "cause_evidence": _(
        "Proof of the reason beyond your control: a hospital certificate, proof of a disaster."
    ),
    "event_evidence": _(
        "The judgment of bankruptcy, the decision of collective debt settlement, or proof of "
        "the forced interruption or of the economic difficulties."
    ),
    "cessation_proof": _(
        "Proof of the end of your activity: its closure at the BCE or the end of your mandate."
    ),
    "birth_certificate": _("The child's birth certificate or the proof of adoption."),
    "incapacity_certificate": _(
        "The decision of your mutualité recognising your incapacity for work."
    ),
    "bank_proof": _("For a new bank account: a bank document with the account in your name."),
}

DEADLINES: dict[str, Any] = {
    "affiliation": lazy_ngettext(
        "Affiliate before you start: affiliated on time, you get %(quarters)s extra quarter to "
        "pay the contributions of your first %(concerned)s quarters.",
        "Affiliate before you start: affiliated on time, you get %(quarters)s extra quarters to "
        "pay the contributions of your first %(concerned)s quarters.",
        "quarters",
    ),
    "adjustment": _(
        "At any time. A reduction must be justified: if it proves unjustified, %(quarterly)s "
        "per quarter and %(annual)s once a year are added to what was not paid."
    ),
    "plan": counted(
        _(
            "As soon as you know you cannot pay. The advance falls due %(advance_days)s after "
            "the plan is approved; a plan has %(instalments)s at most."
        ),
        advance_days=units.DAYS,
        instalments=units.INSTALMENTS,
    ),
    "exemption": lazy_ngettext(
        "A quarter can be asked until %(quarters)s quarter after it, and not during your first "
        "%(waiting)s quarters of activity (except when you stop).",
        "A quarter can be asked until %(quarters)s quarters after it, and not during your first "
        "%(waiting)s quarters of activity (except when you stop).",
        "quarters",
    ),
    "waiver": _("Once the contributions of the quarter are paid."),
    "bridging": lazy_ngettext(
        "Within %(quarters)s quarter after the quarter you stopped in.",
        "Within %(quarters)s quarters after the quarter you stopped in.",
        "quarters",
    ),
    "birth_leave": lazy_ngettext(
        "Within %(quarters)s quarter after the quarter of the birth.",
        "Within %(quarters)s quarters after the quarter of the birth.",
        "quarters",
    ),
    "continued": lazy_ngettext(
        "Within %(quarters)s quarter after you stop.",
        "Within the %(quarters)s quarters after you stop.",
        "quarters",
    ),
}

FACTS: dict[str, Any] = {
    # starting out
    "minimum_main": _(
        "In main activity, the provisional contribution is at least %(amount)s per quarter, "
        "plus the fund's management fees (%(fee)s)."
    ),
    "maximum": _("However high your income, it is at most %(amount)s per quarter."),
    "starter_minimum": _(
        "A first-time starter (primo-starter) may pay at least %(amount)s per quarter during "
        "the first %(quarters)s quarters, on request."
    ),
    "first_quarter_reduction": _(
        "On request, the contribution of your first quarter in main activity is %(amount)s lower."
    ),
    "secondary": _(
        "In secondary activity, you pay nothing below %(threshold)s of yearly income; at the "
        "start you pay %(amount)s per quarter."
    ),
    "student": _(
        "A student-independent pays no contributions below %(threshold)s of yearly income."
    ),
    "helper_minimum": _("A helping spouse (maxi-statut) pays at least %(amount)s per quarter."),
    "due_dates": _(
        "Each quarter's contribution must reach the fund by %(q1)s, %(q2)s, %(q3)s and %(q4)s."
    ),
    "extra_quarter": lazy_ngettext(
        "Affiliated on time, you get %(quarters)s extra quarter to pay your first %(concerned)s "
        "quarters.",
        "Affiliated on time, you get %(quarters)s extra quarters to pay your first "
        "%(concerned)s quarters.",
        "quarters",
    ),
    # a new child
    "maternity_leave": counted(
        _(
            "Maternity leave lasts %(weeks)s (%(multiple)s for a multiple birth), of which "
            "%(obligatory)s are obligatory; it is paid by your mutualité."
        ),
        weeks=units.WEEKS,
        multiple=units.WEEKS,
    ),
    "maternity_vouchers": lazy_ngettext(
        "After the birth, a self-employed mother receives %(count)s service voucher for help at "
        "home.",
        "After the birth, a self-employed mother receives %(count)s service vouchers for help "
        "at home.",
        "count",
    ),
    "exempt_quarters": lazy_ngettext(
        "%(quarters)s quarter after the quarter of the birth is exempt from contributions, with "
        "your rights kept.",
        "The %(quarters)s quarters after the quarter of the birth are exempt from "
        "contributions, with your rights kept.",
        "quarters",
    ),
    "birth_leave": counted(
        _(
            "The co-parent may take %(days)s (%(half_days)s) of birth leave within %(months)s "
            "of the birth, paid %(daily)s a day."
        ),
        days=units.DAYS,
        half_days=units.HALF_DAYS,
        months=units.MONTHS,
    ),
    "birth_leave_request": lazy_ngettext(
        "Ask the fund for it within %(quarters)s quarter after the quarter of the birth.",
        "Ask the fund for it within %(quarters)s quarters after the quarter of the birth.",
        "quarters",
    ),
    "paternity_vouchers": counted(
        _("With at most %(days)s of birth leave, you may receive %(count)s instead."),
        days=units.DAYS,
        count=units.SERVICE_VOUCHERS,
    ),
    "adoption": counted(
        _("Adoption leave: %(weeks)s per parent plus %(shared)s to share, paid by your mutualité."),
        weeks=units.WEEKS,
        shared=units.WEEKS,
    ),
    # illness
    "declaration": lazy_ngettext(
        "Declare your incapacity to your mutualité's medical adviser within %(days)s day; late, "
        "your allowance is %(reduction)s lower until you do.",
        "Declare your incapacity to your mutualité's medical adviser within %(days)s days; "
        "late, your allowance is %(reduction)s lower until you do.",
        "days",
    ),
    "primary_incapacity": lazy_ngettext(
        "The primary incapacity lasts at most %(months)s month; after that it becomes invalidity.",
        "The primary incapacity lasts at most %(months)s months; after that it becomes invalidity.",
        "months",
    ),
    "assimilation": lazy_ngettext(
        "After at least %(days)s day of incapacity, the quarters can be assimilated: no "
        "contributions, your rights kept, on request to the fund.",
        "After at least %(days)s days of incapacity, the quarters can be assimilated: no "
        "contributions, your rights kept, on request to the fund.",
        "days",
    ),
    "caregiver": counted(
        _(
            "To care for a seriously ill relative: %(amount)s a month for a full interruption, "
            "%(months)s at most per request and %(career)s over your career."
        ),
        months=units.MONTHS,
        career=units.MONTHS,
    ),
    "caregiver_exemption": counted(
        _(
            "After %(months)s of full interruption, the quarter is exempt from contributions, "
            "%(quarters)s at most over your career."
        ),
        months=units.MONTHS,
        quarters=units.QUARTERS,
    ),
    # payment difficulty
    "surcharges": _(
        "Paid late, a quarter costs %(quarterly)s more at the end of each quarter, and "
        "%(annual)s once on what is still unpaid at the end of the year."
    ),
    "recovery": counted(
        _(
            "A reminder follows %(reminder)s after the due date, a formal notice after "
            "%(formal)s; your account manager contacts you before any court recovery."
        ),
        reminder=units.DAYS,
        formal=units.DAYS,
    ),
    "plan": lazy_ngettext(
        "A payment plan starts with an advance of %(advance)s of the debt, then at most "
        "%(instalments)s monthly instalment of at least %(minimum)s.",
        "A payment plan starts with an advance of %(advance)s of the debt, then at most "
        "%(instalments)s monthly instalments of at least %(minimum)s.",
        "instalments",
    ),
    "plan_missed": counted(
        _("A missed instalment: a reminder after %(reminder)s, and the plan ends after %(grace)s."),
        reminder=units.DAYS,
        grace=units.DAYS,
    ),
    "exemption": counted(
        _(
            "An exemption is asked within %(window)s, not during your first %(waiting)s "
            "quarters; the INASTI decides in about %(days)s."
        ),
        window=units.QUARTERS,
        days=units.DAYS,
    ),
    "exemption_pension": lazy_ngettext(
        "An exempted quarter gives no pension rights unless you pay it back within %(years)s year.",
        "An exempted quarter gives no pension rights unless you pay it back within %(years)s "
        "years.",
        "years",
    ),
    "waiver": _(
        "Once a quarter is paid, you can ask for its surcharges to be cancelled when the delay "
        "had a reason beyond your control."
    ),
    # bankruptcy or economic difficulty
    "bridging_amount": _(
        "The bridging right pays %(single)s a month, or %(family)s with a dependent family."
    ),
    "bridging_duration": counted(
        _(
            "It is paid %(months)s at most over your career, %(long)s with a career of at least "
            "%(years)s."
        ),
        months=units.MONTHS,
        long=units.MONTHS,
        years=units.YEARS,
    ),
    "bridging_conditions": lazy_ngettext(
        "You must have paid at least %(paid)s quarter of contributions in the %(within)s "
        "quarters before you stopped.",
        "You must have paid at least %(paid)s quarters of contributions in the %(within)s "
        "quarters before you stopped.",
        "paid",
    ),
    "bridging_coverage": lazy_ngettext(
        "Your health and family rights are kept for up to %(quarters)s quarter without "
        "contributions.",
        "Your health and family rights are kept for up to %(quarters)s quarters without "
        "contributions.",
        "quarters",
    ),
    "bridging_deadline": lazy_ngettext(
        "Ask for it within %(quarters)s quarter after the quarter you stopped in.",
        "Ask for it within %(quarters)s quarters after the quarter you stopped in.",
        "quarters",
    ),
    # pension
    "legal_age": _(
        "The legal pension age is %(age)s; it becomes %(next)s for a pension starting from "
        "%(since)s."
    ),
    "pension_application": lazy_ngettext(
        "At legal age your pension is examined automatically; an early pension is requested on "
        "mypension.be, at the earliest %(months)s month ahead.",
        "At legal age your pension is examined automatically; an early pension is requested on "
        "mypension.be, at the earliest %(months)s months ahead.",
        "months",
    ),
    "working_after": lazy_ngettext(
        "From legal pension age, or after a career of %(years)s year, you may earn without limit.",
        "From legal pension age, or after a career of %(years)s years, you may earn without limit.",
        "years",
    ),
    "bonus_malus": _("The pension bonus has been replaced by a bonus/malus from %(since)s."),
    "transition": counted(
        _(
            "A young survivor receives a transition allowance for %(months)s, %(child)s with a "
            "dependent child."
        ),
        months=units.MONTHS,
        child=units.MONTHS,
    ),
    # cessation
    "continued": counted(
        _(
            "Continued insurance: with %(paid)s of contributions paid before you stop, for "
            "%(years)s, asked within %(quarters)s."
        ),
        paid=units.QUARTERS,
        years=units.YEARS,
        quarters=units.QUARTERS,
    ),
    "continued_cost": _(
        "It costs about %(pension)s of the normal contributions for the pension only, "
        "%(health)s with health insurance."
    ),
    "exemption_on_cessation": _(
        "When you stop, an exemption can be asked even during your first %(waiting)s quarters."
    ),
}
