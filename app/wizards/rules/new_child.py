"""A new child: maternity, birth or adoption leave, and the exempt quarters after a birth."""

from __future__ import annotations

from datetime import date

from app.contributions.rules.eligibility import birth_exempt_quarters, birth_leave_deadline
from app.wizards.rules.common import (
    Answers,
    Item,
    Offer,
    OutcomeResult,
    figure,
    known,
    params_for,
    quarter_label,
    value,
)


def is_adoption(answers: Answers) -> bool:
    return answers.get("event") == "adoption"


def new_child(answers: Answers, today: date) -> OutcomeResult:
    day: date = answers["child_date"]
    p = params_for(day)
    adoption = answers.get("event") == "adoption"
    mother = not adoption and answers.get("role") == "mother"
    main = answers.get("activity") in ("main", "helper")
    rights: list[Item] = []
    actions: list[Item] = []
    offers: list[Offer] = []
    base = {"birth_date": day.isoformat()}
    if mother:
        rights.append(
            Item(
                "maternity_leave",
                {
                    "weeks": value(p, "benefits.maternity_weeks"),
                    "obligatory": value(p, "benefits.maternity_obligatory_weeks"),
                    "optional": (value(p, "benefits.maternity_weeks") or 0)
                    - (value(p, "benefits.maternity_obligatory_weeks") or 0),
                },
                (
                    figure(p, "benefits.maternity_weeks"),
                    figure(p, "benefits.maternity_obligatory_weeks"),
                ),
            )
        )
        actions.append(Item("declare_birth_mutualite", {"deadline": day}))
        rights.append(
            Item(
                "maternity_aid",
                {"vouchers": value(p, "benefits.maternity_service_vouchers")},
                (figure(p, "benefits.maternity_service_vouchers"),),
            )
        )
        offers.append(Offer("maternity_aid", base))
        if main:
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
        window = value(p, "benefits.birth_leave_window_months")
        deadline = birth_leave_deadline(p, day)
        rights.append(
            Item(
                "birth_leave",
                {
                    "days": value(p, "benefits.paternity_days"),
                    "half_days": value(p, "benefits.birth_leave_half_days"),
                    "daily": known(p, "benefits.paternity_daily")[0],
                    "half_day": value(p, "benefits.paternity_half_day"),
                    "months": window,
                    "deadline": deadline,
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
        actions.append(Item("take_birth_leave", {"deadline": deadline}))
        offers.append(
            Offer("birth_leave", {**base, "days": str(value(p, "benefits.paternity_days"))})
        )
    else:
        rights.append(
            Item(
                "adoption_leave",
                {"weeks": value(p, "benefits.adoption_leave_weeks")},
                (figure(p, "benefits.adoption_leave_weeks"),),
            )
        )
        actions.append(Item("ask_adoption_leave", {"deadline": day}))
    # The mutualité pays the mother's maternity allowance; birth leave is paid by the fund.
    referrals = (Item("family_allowance_fund"),) + ((Item("mutualite_birth"),) if mother else ())
    return OutcomeResult(p.year, tuple(rights), tuple(actions), referrals, tuple(offers))
