"""Stopping the activity: last quarter, refund, continued insurance, where to go next."""

from __future__ import annotations

from datetime import date

from app.contributions.rules.quarters import quarter_end, quarter_of
from app.wizards.rules.common import (
    Answers,
    Item,
    Offer,
    OutcomeResult,
    figure,
    params_for,
    quarter_label,
    value,
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
        rights.append(
            Item(
                "continued_insurance",
                {"amount": value(p, "benefits.continued_insurance")},
                (figure(p, "benefits.continued_insurance"),),
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
    return OutcomeResult(p.year, tuple(rights), tuple(actions), tuple(referrals), tuple(offers))
