"""Texts shared by several wizards: yes/no options and where to go outside the fund."""

from __future__ import annotations

from app.kit.i18n import lazy_gettext as _
from app.wizards.model import Option

ACTIVITY_OPTIONS = (
    Option("main", _("Main activity"), _("Self-employment is your main occupation")),
    Option(
        "secondary",
        _("Secondary activity"),
        _("Besides a job as an employee of at least half-time"),
    ),
    Option("helper", _("Helping spouse or partner (maxi-statut)")),
)

REFERRALS = {
    "mutualite_register": _(
        "Your health insurance fund (mutualité): register there as a self-employed person. It "
        "pays your allowances if you fall ill and the maternity allowance."
    ),
    "enterprise_counter": _(
        "A business counter (guichet d'entreprises) registers you in the Crossroads Bank for "
        "Enterprises (BCE) and gives you your enterprise number."
    ),
    "family_allowance_fund": _(
        "Family allowances are paid by the family-allowance fund of your region (Wallonia, "
        "Brussels, Flanders or the German-speaking Community), not by us: contact it for the "
        "birth or adoption grant and the monthly allowances."
    ),
    "mutualite_birth": _(
        "Your health insurance fund (mutualité) pays the maternity allowance: send it the birth "
        "certificate and the form for your leave."
    ),
    "mutualite_incapacity": _(
        "Your health insurance fund (mutualité) recognises the incapacity for work and pays "
        "the incapacity allowance. We do not handle it."
    ),
    "mutualite_relative": _(
        "Your health insurance fund (mutualité) can tell you about the care and support your "
        "relative is entitled to."
    ),
    "mutualite_keep_coverage": _(
        "Tell your health insurance fund (mutualité) about the change: it keeps your health "
        "insurance open."
    ),
    "mutualite_after_cessation": _(
        "Tell your health insurance fund (mutualité): your health insurance continues through "
        "your new situation (job, unemployment, pension or continued insurance)."
    ),
    "insolvency_help": _(
        "For the bankruptcy itself or a collective debt settlement, your curator or debt "
        "mediator, or the enterprise court, is the right contact."
    ),
    "inasti_exemption": _(
        "An exemption from contributions is decided by the INASTI, not by us: we forward your "
        "request with your file. If it is refused, you can appeal to the INASTI's Commission "
        "for exemptions."
    ),
    "mypension": _(
        "Your pension is calculated and paid by the Federal Pension Service: see your career "
        "and your pension date on mypension.be, where an early or deferred pension is requested."
    ),
    "see_bankruptcy": _(
        "Stopping because of economic difficulties may open the bridging right: see the "
        '"Bankruptcy or economic difficulty" guide.'
    ),
    "see_illness": _(
        'Stopping because of illness: see the "Illness" guide for the incapacity allowance '
        "and the assimilation of your quarters."
    ),
    "see_pension": _('Stopping to retire: see the "Pension" guide for when and where to apply.'),
}
