"""Bankruptcy, debt settlement, forced interruption, economic difficulties: the bridging right."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.contributions.rules.eligibility import (
    bridging_application_deadline,
    bridging_months,
    forced_interruption,
)
from app.contributions.rules.quarters import quarter_end, quarter_of
from app.wizards.rules.common import (
    Answers,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    figure,
    known,
    params_for,
    value,
)


def not_forced_interruption(answers: Answers) -> bool:
    return answers.get("reason") != "forced_interruption"


def bankruptcy(answers: Answers, today: date) -> OutcomeResult:
    day: date = answers["cessation_date"]
    p = params_for(day)
    reason = answers["reason"]
    family = bool(answers.get("family_charge"))
    career = int(answers.get("career_years") or 0)
    eligible = bool(answers.get("main_activity")) and bool(answers.get("contributions_in_order"))
    single, single_figures = known(p, "benefits.bridging_monthly")
    with_family, family_figures = known(p, "benefits.bridging_monthly_family")
    monthly, monthly_figures = (with_family, family_figures) if family else (single, single_figures)
    months = bridging_months(p, reason, career) if eligible else 0
    deadline = bridging_application_deadline(p, day)
    rights: list[Item] = []
    offers: list[Offer] = []
    if months:
        values: dict[str, Any] = {
            "monthly": monthly,
            "months": months,
            "single": single,
            "family": with_family,
        }
        code = f"bridging_{reason}"
        if reason == "forced_interruption":
            split = forced_interruption(p, int(answers.get("interruption_days") or 0), months)
            values.update(
                days=split.days, full_months=split.full_months, partial=Rate(split.partial)
            )
            if monthly is not None:
                values["total"] = split.total(monthly)
                values["partial_amount"] = split.partial_amount(monthly)
        rights.append(Item(code, values, (*monthly_figures, *single_figures, *family_figures)))
        rights.append(
            Item(
                "bridging_coverage",
                {"quarters": value(p, "benefits.bridging_coverage_quarters")},
                (figure(p, "benefits.bridging_coverage_quarters"),),
            )
        )
        event = "economic_difficulty" if reason == "economic" else reason
        offers.append(Offer("bridging_right", {"event": event, "event_date": day.isoformat()}))
    else:
        rights.append(
            Item(
                "bridging_not_eligible",
                {
                    "paid": value(p, "benefits.bridging_paid_quarters"),
                    "years": value(p, "benefits.bridging_economic_min_years"),
                },
                (figure(p, "benefits.bridging_paid_quarters"),),
            )
        )
    actions = [
        Item("apply_bridging", {"deadline": deadline}),
        Item("contributions_until_cessation", {"deadline": quarter_end(day.year, quarter_of(day))}),
    ]
    referrals = (Item("mutualite_keep_coverage"), Item("insolvency_help"))
    return OutcomeResult(p.year, tuple(rights), tuple(actions), referrals, tuple(offers))
