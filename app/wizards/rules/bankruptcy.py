"""Bankruptcy, debt settlement, forced interruption, economic difficulties: the bridging right.

The pillars share one career boundary: 15 years or more (`>=`) is a long career in every one.
The monthly amounts are a dated series (law.toml [guides.bridging]): indexed during the year,
the amount is the one that holds on the day of the event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from app.contributions.rules.eligibility import add_months, bridging_application_deadline
from app.contributions.rules.parameters import YearParameters
from app.contributions.rules.quarters import quarter_end, quarter_of
from app.kit.money import cents
from app.wizards.rules.common import (
    Answers,
    Figure,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    against_today,
    dated,
    figure,
    guide,
    params_for,
    value,
)

ECONOMIC = "economic"
# The economic-difficulty pillar needs one of these besides the quarters paid.
ECONOMIC_CONDITIONS = ("integration_income", "exemption", "low_income")


def not_forced_interruption(answers: Answers) -> bool:
    return answers.get("reason") != "forced_interruption"


def is_economic(answers: Answers) -> bool:
    return answers.get("reason") == ECONOMIC


def bridging_duration(p: YearParameters, reason: str, career_years: int) -> int:
    """Months of bridging right over the career for this pillar.

    Economic difficulties: none under 2 years of career, 3 months under 5, 6 under 15, and 12
    from 15 years. Other pillars: 12 months, 24 from 15 years. "From 15 years" is `>=` in
    every pillar.
    """
    long_career = career_years >= guide(p, "bridging.long_career_years").value
    if reason == ECONOMIC:
        if career_years < value(p, "benefits.bridging_economic_min_years"):
            return 0
        if career_years < value(p, "benefits.bridging_economic_medium_years"):
            return int(value(p, "benefits.bridging_economic_months_short"))
        if not long_career:
            return int(value(p, "benefits.bridging_economic_months_medium"))
        return int(value(p, "benefits.bridging_economic_months_long"))
    if long_career:
        return int(value(p, "benefits.bridging_max_months_long_career"))
    return int(value(p, "benefits.bridging_max_months"))


def _month_end(day: date) -> date:
    return add_months(day.replace(day=1), 1) - timedelta(days=1)


@dataclass(frozen=True)
class InterruptionPay:
    """A forced interruption paid per 7-day segment up to `segments_until` (the end of the
    month after the event), then per whole calendar month, within `cap` months."""

    segments: int
    segments_until: date
    months: int
    share: Decimal  # months of allowance in all, e.g. 1.75

    def total(self, monthly: Decimal) -> Decimal:
        return cents(monthly * self.share)


def interruption_pay(p: YearParameters, start: date, days: int, cap: int) -> InterruptionPay:
    last = start + timedelta(days=days - 1)
    until = _month_end(add_months(start.replace(day=1), 1))
    segment_days = guide(p, "bridging.segment_days").value
    segment_share: Decimal = guide(p, "bridging.segment_ratio").value
    first_phase = (min(last, until) - start).days + 1 if days > 0 else 0
    segments = first_phase // segment_days
    months = 0
    month_start = until + timedelta(days=1)
    while _month_end(month_start) <= last:
        months += 1
        month_start = _month_end(month_start) + timedelta(days=1)
    share = min(Decimal(cap), segment_share * segments + months)
    return InterruptionPay(segments, until, months, share)


def bankruptcy(answers: Answers, today: date) -> OutcomeResult:
    day: date = answers["cessation_date"]
    p = params_for(day)
    reason = answers["reason"]
    family = bool(answers.get("family_charge"))
    career = int(answers.get("career_years") or 0)
    single, single_figures = dated(p, "bridging.monthly_single", day)
    with_family, family_figures = dated(p, "bridging.monthly_family", day)
    monthly = with_family if family else single
    amounts: tuple[Figure, ...] = (
        *(family_figures if family else single_figures),
        *single_figures,
        *family_figures,
    )
    economic_ok = reason != ECONOMIC or answers.get("economic_condition") in ECONOMIC_CONDITIONS
    eligible = (
        bool(answers.get("main_activity"))
        and bool(answers.get("contributions_in_order"))
        and economic_ok
    )
    months = bridging_duration(p, reason, career) if eligible else 0
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
        if reason == "forced_interruption":
            pay = interruption_pay(p, day, int(answers.get("interruption_days") or 0), months)
            values.update(
                days=answers.get("interruption_days") or 0,
                segments=pay.segments,
                segment=Rate(guide(p, "bridging.segment_ratio").value),
                until=pay.segments_until,
                calendar_months=pay.months,
                total=pay.total(monthly) if monthly is not None else None,
            )
            amounts = (*amounts, guide(p, "bridging.segment_days"))
        rights.append(Item(f"bridging_{reason}", values, amounts))
        rights.append(
            Item(
                "bridging_coverage",
                {"quarters": value(p, "benefits.bridging_coverage_quarters")},
                (figure(p, "benefits.bridging_coverage_quarters"),),
            )
        )
        rights.append(Item("bridging_cumulation", {}, (guide(p, "bridging.cumulation_from"),)))
        event = "economic_difficulty" if reason == ECONOMIC else reason
        offers.append(Offer("bridging_right", {"event": event, "event_date": day.isoformat()}))
    elif not economic_ok and answers.get("main_activity") and answers.get("contributions_in_order"):
        rights.append(
            Item(
                "bridging_economic_condition",
                {},
                (guide(p, "bridging.economic_income_threshold"),),
            )
        )
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
    return OutcomeResult(
        p.year, tuple(rights), against_today(actions, today), referrals, tuple(offers)
    )
