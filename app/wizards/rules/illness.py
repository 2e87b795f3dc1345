"""Illness: one's own incapacity (mutualité, assimilation) or caring for a relative."""

from __future__ import annotations

from datetime import date

from app.contributions.rules.eligibility import (
    caregiver_exemption,
    incapacity_declaration_deadline,
    sickness_assimilation_first_quarter,
)
from app.kit.money import cents
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


def relative_is_ill(answers: Answers) -> bool:
    return answers.get("who") == "relative"


def self_is_ill(answers: Answers) -> bool:
    return answers.get("who") == "self"


def illness(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    rights: list[Item] = []
    actions: list[Item] = []
    offers: list[Offer] = []
    referrals: list[Item] = []
    if answers.get("who") == "self":
        since: date = answers["since"]
        actions.append(
            Item(
                "declare_incapacity",
                {
                    "days": value(p, "benefits.incapacity_declaration_days"),
                    "deadline": incapacity_declaration_deadline(p, since),
                },
                (figure(p, "benefits.incapacity_declaration_days"),),
            )
        )
        rights.append(Item("incapacity_allowance"))
        referrals.append(Item("mutualite_incapacity"))
        if answers.get("stopped"):
            rights.append(
                Item(
                    "sickness_assimilation",
                    {"first": quarter_label(*sickness_assimilation_first_quarter(since))},
                    (figure(p, "benefits.sickness_assimilation_quarters"),),
                )
            )
            offers.append(Offer("sickness_assimilation", {"incapacity_start": since.isoformat()}))
        else:
            actions.append(Item("keep_paying_contributions"))
    else:
        full = answers.get("interruption") == "full"
        months = answers.get("caregiver_months") or 1
        name = "benefits.caregiver_monthly_full" if full else "benefits.caregiver_monthly_partial"
        monthly, monthly_figures = known(p, name)
        rights.append(
            Item(
                "caregiver_allowance_full" if full else "caregiver_allowance_partial",
                {
                    "monthly": monthly,
                    "months": months,
                    "total": cents(monthly * months) if monthly is not None else None,
                    "per_request": value(p, "benefits.caregiver_request_max_months"),
                    "career": value(p, "benefits.caregiver_career_max_months"),
                },
                (
                    *monthly_figures,
                    figure(p, "benefits.caregiver_request_max_months"),
                    figure(p, "benefits.caregiver_career_max_months"),
                ),
            )
        )
        if caregiver_exemption(p, full, months):
            rights.append(
                Item(
                    "caregiver_exemption",
                    {
                        "after": value(p, "benefits.caregiver_exempt_after_months"),
                        "max": value(p, "benefits.caregiver_exempt_max_quarters"),
                    },
                    (
                        figure(p, "benefits.caregiver_exempt_after_months"),
                        figure(p, "benefits.caregiver_exempt_max_quarters"),
                    ),
                )
            )
        start_day: date | None = answers.get("caregiver_start")
        chosen = {"months": str(months)}
        if start_day is not None:
            chosen["start_date"] = start_day.isoformat()
        offers.append(Offer("caregiver_leave", chosen))
        referrals.append(Item("mutualite_relative"))
    return OutcomeResult(p.year, tuple(rights), tuple(actions), tuple(referrals), tuple(offers))
