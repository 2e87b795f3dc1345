"""A new child: maternity, birth or adoption leave, and the exempt quarters after a birth.

Maternity leave, the 105 service vouchers and the birth leave need the parent's own main
activity (or the maxi-statut of a helping spouse) and the quarters before the birth paid: when
one is missing the outcome says which. Adoption and foster-care leave are the mutualité's.
"""

from __future__ import annotations

from datetime import date

from app.contributions.rules.eligibility import (
    add_months,
    birth_exempt_quarters,
    birth_leave_deadline,
    quarter_deadline,
)
from app.wizards.rules.common import (
    Answers,
    Figure,
    Item,
    Offer,
    OutcomeResult,
    against_today,
    dated,
    figure,
    guide,
    known,
    params_for,
    quarter_label,
    value,
)

OWN_STATUS = ("main", "helper")  # main activity, or helping spouse under the maxi-statut
FOSTER_SOURCE = (
    "rsvz-inasti.fgov.be (rights of the maxi-statut: adoption and long-term foster care); "
    "inami.fgov.be: foster-care leave paid by the mutualité; its length was not confirmed"
)


def is_adoption(answers: Answers) -> bool:
    """Adoption and foster care skip the mother / co-parent question."""
    return answers.get("event") in ("adoption", "foster")


def not_own_status(answers: Answers) -> bool:
    return answers.get("activity") not in OWN_STATUS


def missing_conditions(answers: Answers) -> tuple[str, ...]:
    """Why maternity leave, the vouchers and birth leave are not open: "status" (no own main
    activity or maxi-statut), then "paid" (the quarters before the birth not paid)."""
    if answers.get("activity") not in OWN_STATUS:
        return ("status",)
    return () if answers.get("contributions_paid") else ("paid",)


def new_child(answers: Answers, today: date) -> OutcomeResult:
    day: date = answers["child_date"]
    p = params_for(day)
    event = answers.get("event")
    adoption = event in ("adoption", "foster")
    mother = not adoption and answers.get("role") == "mother"
    missing = missing_conditions(answers)
    multiple = bool(answers.get("multiple"))
    rights: list[Item] = []
    actions: list[Item] = []
    offers: list[Offer] = []
    base = {"birth_date": day.isoformat()}
    if mother:
        if not missing:
            weeks = (
                guide(p, "new_child.maternity_weeks_multiple")
                if multiple
                else figure(p, "benefits.maternity_weeks")
            )
            obligatory = figure(p, "benefits.maternity_obligatory_weeks")
            rights.append(
                Item(
                    "maternity_leave_multiple" if multiple else "maternity_leave",
                    {
                        "weeks": weeks.value,
                        "obligatory": obligatory.value,
                        "optional": weeks.value - obligatory.value,
                    },
                    (weeks, obligatory),
                )
            )
            rights.append(
                Item(
                    "maternity_aid",
                    {"vouchers": value(p, "benefits.maternity_service_vouchers")},
                    (figure(p, "benefits.maternity_service_vouchers"),),
                )
            )
            offers.append(Offer("maternity_aid", base))
        else:
            rights.append(Item(f"maternity_not_open_{missing[0]}"))
        actions.append(Item("declare_birth_mutualite", {"deadline": day}))
        if answers.get("activity") in OWN_STATUS:
            exempt = birth_exempt_quarters(p, day)
            rights.append(
                Item(
                    "quarter_exemption_birth"
                    if exempt.count == 1
                    else "quarter_exemption_birth_several",
                    {
                        "count": exempt.count,
                        "first": quarter_label(*exempt.first),
                        "last": quarter_label(*exempt.last),
                    },
                    (figure(p, "benefits.birth_exempt_quarters"),),
                )
            )
            offers.append(Offer("quarter_exemption_birth", base))
    elif not adoption:
        if not missing:
            window = value(p, "benefits.birth_leave_window_months")
            request = guide(p, "new_child.birth_leave_request_quarters")
            request_by = quarter_deadline(day, request.value)
            rights.append(
                Item(
                    "birth_leave",
                    {
                        "days": value(p, "benefits.paternity_days"),
                        "half_days": value(p, "benefits.birth_leave_half_days"),
                        "daily": known(p, "benefits.paternity_daily")[0],
                        "half_day": value(p, "benefits.paternity_half_day"),
                        "months": window,
                        "deadline": birth_leave_deadline(p, day),
                    },
                    (
                        figure(p, "benefits.paternity_days"),
                        figure(p, "benefits.paternity_daily"),
                        figure(p, "benefits.paternity_half_day"),
                    ),
                )
            )
            rights.append(
                Item(
                    "paternity_vouchers",
                    {
                        "vouchers": value(p, "benefits.paternity_service_vouchers"),
                        "days": value(p, "benefits.paternity_vouchers_max_days"),
                    },
                    (
                        figure(p, "benefits.paternity_service_vouchers"),
                        figure(p, "benefits.paternity_vouchers_max_days"),
                    ),
                )
            )
            actions.append(Item("request_birth_leave", {"deadline": request_by}, (request,)))
            offers.append(
                Offer("birth_leave", {**base, "days": str(value(p, "benefits.paternity_days"))})
            )
        else:
            rights.append(Item(f"birth_leave_not_open_{missing[0]}"))
    else:
        per_parent = guide(p, "new_child.adoption_weeks_per_parent")
        shared, shared_figures = dated(p, "new_child.adoption_shared_weeks", day)
        start = guide(p, "new_child.adoption_start_months")
        figures: tuple[Figure, ...] = (per_parent, *shared_figures, start)
        if event == "foster":
            figures = (*figures, Figure("foster_care", None, "", "U", FOSTER_SOURCE, p.year))
        rights.append(
            Item(
                "foster_care_leave" if event == "foster" else "adoption_leave",
                {"per_parent": per_parent.value, "shared": shared, "months": start.value},
                figures,
            )
        )
        actions.append(
            Item("start_adoption_leave", {"deadline": add_months(day, start.value)}, (start,))
        )
    if answers.get("disability"):
        monthly, monthly_figures = known(p, "benefits.caregiver_monthly_full")
        rights.append(
            Item(
                "disabled_child_care",
                {"monthly": monthly, "career": value(p, "benefits.caregiver_career_max_months")},
                (*monthly_figures, figure(p, "benefits.caregiver_career_max_months")),
            )
        )
        # No offer here: the caregiver-leave request needs its start date and length, which the
        # Illness guide asks.
    # The mutualité pays the maternity allowance and the adoption leave; birth leave is the fund's.
    referrals: list[Item] = [Item("family_allowance_fund")]
    if mother:
        referrals.append(Item("mutualite_birth"))
    if adoption:
        referrals.append(Item("mutualite_adoption"))
    return OutcomeResult(
        p.year, tuple(rights), against_today(actions, today), tuple(referrals), tuple(offers)
    )
