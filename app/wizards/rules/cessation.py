"""Stopping the activity: last quarter, refund, continued insurance, where to go next."""

from __future__ import annotations

from datetime import date

from app.contributions.rules.eligibility import quarter_deadline
from app.contributions.rules.quarters import add_quarters, quarter_end, quarter_of
from app.wizards.rules.common import (
    Answers,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    against_today,
    figure,
    guide,
    params_for,
    quarter_label,
)

FOLLOW_UP = {  # the wizard that goes on from the reason for stopping
    "economic": "see_bankruptcy",
    "health": "see_illness",
    "retirement": "see_pension",
}


def cessation(answers: Answers, today: date) -> OutcomeResult:
    end: date = answers["end_date"]
    p = params_for(end)
    reason = answers["reason"]
    last_quarter = quarter_end(end.year, quarter_of(end))
    rights: list[Item] = [
        Item("refund_after_cessation", {"quarter": quarter_label(end.year, quarter_of(end))}),
        Item("regularisation_later"),
    ]
    actions: list[Item] = [
        Item("tell_fund_cessation", {"deadline": end}),
        Item("close_enterprise_number", {"deadline": end}),
        Item("pay_last_quarter", {"deadline": last_quarter}),
    ]
    offers: list[Offer] = [Offer("cessation", {"cessation_date": end.isoformat()})]
    if answers.get("continue_insurance"):
        paid = guide(p, "cessation.continued_paid_quarters")
        years = guide(p, "cessation.continued_years")
        near = guide(p, "cessation.continued_near_pension_years")
        rate = guide(p, "cessation.continued_rate")
        share_pension = guide(p, "cessation.continued_share_pension")
        share_health = guide(p, "cessation.continued_share_health")
        request = guide(p, "cessation.continued_request_quarters")
        first_paid = add_quarters(end.year, quarter_of(end), 1 - paid.value)
        rights.append(
            Item(
                "continued_insurance",
                {
                    "first": quarter_label(*first_paid),
                    "last": quarter_label(end.year, quarter_of(end)),
                    "years": years.value,
                    "near": near.value,
                    "pension_share": Rate(share_pension.value),
                    "health_share": Rate(share_health.value),
                },
                (paid, years, near, rate, share_pension, share_health),
            )
        )
        actions.append(
            Item(
                "request_continued_insurance",
                {"deadline": quarter_deadline(end, request.value)},
                (request,),
            )
        )
        offers.append(Offer("continued_insurance", {"cessation_date": end.isoformat()}))
    if reason in ("health", "other"):
        rights.append(
            Item(
                "assimilation_after_cessation",
                {},
                (figure(p, "benefits.sickness_assimilation_quarters"),),
            )
        )
    referrals: list[Item] = [Item("mutualite_after_cessation"), Item("mypension")]
    follow_up = FOLLOW_UP.get(reason)
    if follow_up:
        referrals.append(Item(follow_up))
    return OutcomeResult(
        p.year, tuple(rights), against_today(actions, today), tuple(referrals), tuple(offers)
    )
