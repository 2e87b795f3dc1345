"""Difficulty paying: surcharges, payment plan, exemption, waiver, lower provisional amounts."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal

from app.contributions.rules.eligibility import exemption_allowed, exemption_deadline
from app.contributions.rules.quarters import add_quarters, quarter_end, quarter_of
from app.contributions.rules.simulation import simulate
from app.kit.money import cents
from app.wizards.rules.common import (
    Answers,
    Figure,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    against_today,
    figure,
    guide,
    params_for,
    quarter_label,
    value,
)

# Sources of the two statements no parameter file carries (both unconfirmed, status U).
RECOVERY_SOURCE = (
    "AR 38 art. 20 §7 and AR 19/12/1967 arts. 46 and 47bis (AR of 4 October 2005, Moniteur "
    "belge 11 October 2005): forced recovery by contrainte (served by a bailiff) or in court; "
    "details not confirmed"
)
SOLIDARITY_SOURCE = (
    "AR 38 (arrêté royal n° 38 of 27 July 1967) art. 15 §1 al. 3 (company and mandataires; "
    "helpers and helping spouse); no public page confirmed"
)
BEYOND_CONTROL = ("illness", "economic")  # causes a waiver of surcharges can rest on


def payment_difficulty(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    owed: Decimal = answers["amount_owed"]
    cause = answers.get("cause")
    activity = answers.get("activity")
    long_enough = bool(answers.get("active_four_quarters"))
    stopping = bool(answers.get("stopping"))
    monthly: Decimal = answers.get("monthly_capacity") or owed
    # Decimal // truncates toward zero: round the number of months up explicitly.
    months = max(1, int((owed / monthly).to_integral_value(ROUND_CEILING))) if monthly > 0 else 1
    quarter_code = quarter_label(today.year, quarter_of(today))
    rights: list[Item] = [
        Item(
            "surcharges_running",
            {
                "quarterly": Rate(p.quarterly_surcharge_rate),
                "annual": Rate(p.annual_surcharge_rate),
                "owed": owed,
                "per_quarter": cents(owed * p.quarterly_surcharge_rate),
            },
            (figure(p, "surcharges.quarterly_rate"), figure(p, "surcharges.annual_rate")),
        ),
        Item(
            "payment_plan",
            {
                "owed": owed,
                "monthly": monthly,
                "months": months,
                "quarterly": Rate(p.quarterly_surcharge_rate),
            },
            (guide(p, "payment_difficulty.plan_policy"),),
        ),
    ]
    offers: list[Offer] = [
        Offer("payment_plan", {"monthly_amount": f"{monthly:.2f}", "months": str(months)})
    ]
    actions: list[Item] = []
    beyond_control = cause in BEYOND_CONTROL
    deadline = exemption_deadline(p, today)
    if exemption_allowed(activity, long_enough, stopping):
        window = value(p, "benefits.exemption_window_quarters")
        earliest = add_quarters(today.year, quarter_of(today), -window)
        rights.append(
            Item(
                "exemption",
                {
                    "quarter": quarter_code,
                    "deadline": deadline,
                    "earliest": quarter_label(*earliest),
                    "earliest_deadline": quarter_end(today.year, quarter_of(today)),
                },
                (
                    figure(p, "benefits.exemption_window_quarters"),
                    guide(p, "payment_difficulty.inasti_decides_from"),
                ),
            )
        )
        actions.append(Item("exemption_deadline", {"deadline": deadline}))
        offers.append(Offer("exemption", {"quarters": quarter_code}, beyond_control))
    else:
        rights.append(
            Item(
                "exemption_not_yet" if activity != "secondary" else "exemption_secondary",
                {"quarters": value(p, "benefits.exemption_first_quarters")},
                (figure(p, "benefits.exemption_first_quarters"),),
            )
        )
    rights.append(Item("surcharge_waiver" if beyond_control else "surcharge_waiver_strict"))
    offers.append(Offer("surcharge_waiver", {"quarters": quarter_code}, beyond_control))
    income = answers.get("expected_income")
    if income is not None and activity in ("main", "secondary", "helper"):
        lowered = simulate(p.year, activity, income=income)
        rights.append(
            Item(
                "provisional_adjustment",
                {
                    "income": income,
                    "amount": lowered.quarterly_total,
                    "quarterly": Rate(p.quarterly_surcharge_rate),
                    "annual": Rate(p.annual_surcharge_rate),
                    "year": p.year,
                },
                tuple(figure(p, name) for name in lowered.unconfirmed),
            )
        )
        offers.append(
            Offer(
                "provisional_adjustment",
                {"year": str(p.year), "estimated_income": f"{income:.2f}"},
            )
        )
    if stopping:
        rights.append(Item("bridging_right_hint"))
        offers.append(
            Offer(
                "bridging_right",
                {"event": "economic_difficulty", "event_date": today.isoformat()},
            )
        )
    rights.append(
        Item(
            "non_payment_consequences",
            {},
            (Figure("recovery", None, "", "U", RECOVERY_SOURCE, p.year),),
        )
    )
    rights.append(
        Item(
            "solidarity",
            {},
            (Figure("solidarity", None, "", "U", SOLIDARITY_SOURCE, p.year),),
        )
    )
    referrals = (Item("inasti_exemption"),)
    return OutcomeResult(
        p.year, tuple(rights), against_today(actions, today), referrals, tuple(offers)
    )
