"""Starting out as self-employed: category, first provisional contributions, formalities."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.contributions.rules.quarters import quarter_of, starter_due_dates
from app.contributions.rules.simulation import simulate
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
    known,
    params_for,
    prefill,
)
from app.wizards.rules.payment_difficulty import SOLIDARITY_SOURCE


def is_student_or_helper(answers: Answers) -> bool:
    return answers.get("status") in ("student", "helper")


def is_secondary(answers: Answers) -> bool:
    return answers.get("activity") == "secondary"


def starting_category(answers: Answers) -> str:
    """The contribution category (simulator code) the starting-out answers lead to."""
    status = answers.get("status")
    if status == "student":
        return "student"
    if status == "helper":
        return "helper"
    if answers.get("activity") == "secondary":
        return "secondary"
    if answers.get("first_time"):
        return "starter"
    return "main"


def starting_out(answers: Answers, today: date) -> OutcomeResult:
    start: date = answers["start_date"]
    p = params_for(start)
    status = answers["status"]
    income: Decimal = answers.get("expected_income") or Decimal(0)
    category = starting_category(answers)
    result = simulate(p.year, category, income=income)
    sim_figures = tuple(figure(p, name) for name in result.unconfirmed)
    rights: list[Item] = [
        Item(f"category_{category}", {"year": p.year}),
        Item(
            "provisional_estimate",
            {
                "amount": result.quarterly_total,
                "net": result.quarterly_contribution,
                "fee": result.quarterly_management_fee,
                "income": income,
                "year": p.year,
            },
            sim_figures,
        ),
    ]
    if category == "starter":
        after = simulate(p.year, "main", income=income)
        rights.append(
            Item(
                "starter_minimum",
                {
                    "minimum": p.minimum_quarterly_starter,
                    "quarters": 4,
                    "main_amount": after.quarterly_total,
                    "quarterly": Rate(p.quarterly_surcharge_rate),
                    "annual": Rate(p.annual_surcharge_rate),
                },
                (
                    figure(p, "quarterly.minimum_starter"),
                    figure(p, "minimum_income.starter"),
                    figure(p, "surcharges.quarterly_rate"),
                    figure(p, "surcharges.annual_rate"),
                ),
            )
        )
    asked = answers.get("first_quarter_reduction") is True
    if asked and category in ("main", "starter") and start.year == p.year:
        # AR 38 art. 12 §1bis: on request, the first quarter of a main activity costs less.
        reduced = simulate(
            p.year, category, income=income, start_quarter=quarter_of(start),
            first_quarter_reduction=True,
        )  # fmt: skip
        if reduced.first_quarter_reduction and reduced.calendar:
            rights.append(
                Item(
                    "first_quarter_reduced",
                    {
                        "reduction": reduced.first_quarter_reduction,
                        "quarter": reduced.calendar[0].quarter,
                        "amount": reduced.calendar[0].amount,
                    },
                    (figure(p, "starter.first_quarter_reduction"),),
                )
            )
    if category in ("main", "starter", "helper"):
        rights.append(Item("social_coverage"))
    actions: list[Item] = [Item("affiliate_before_start", {"deadline": start})]
    first = starter_due_dates(p, quarter_of(start), count=2) if start.year == p.year else ()
    if first:
        rights.append(
            Item(
                "starter_extra_quarter",
                {"quarters": p.starter_extra_quarters, "deadline": first[0].due_date},
                (figure(p, "starter.extra_quarters"),),
            )
        )
        actions.append(Item("pay_first_quarter", {"deadline": first[0].due_date}))
    referrals: list[Item] = [Item("mutualite_register")]
    if not answers.get("enterprise_number") and status not in ("helper", "student"):
        actions.append(Item("get_enterprise_number", {"deadline": start}))
        referrals.append(Item("enterprise_counter"))
    solidarity = Figure("solidarity", None, "", "U", SOLIDARITY_SOURCE, p.year)
    if status == "director":
        # Not yet published for the year: the latest known amounts, tagged unconfirmed.
        low, low_figures = known(p, "company.amount_low")
        high, high_figures = known(p, "company.amount_high")
        exemption = guide(p, "starting_out.company_exemption_years")
        late = guide(p, "starting_out.company_late_rate")
        rights.append(
            Item(
                "company_contribution",
                {
                    "low": low,
                    "high": high,
                    "deadline": p.company_due_date,
                    "years": exemption.value,
                    "late": Rate(late.value),
                },
                (*low_figures, *high_figures, exemption, late),
            )
        )
        rights.append(Item("solidarity_director", {}, (solidarity,)))
    elif status in ("own_name", "helper"):
        rights.append(Item("solidarity_helper", {}, (solidarity,)))
    quarterly, annual = Rate(p.quarterly_surcharge_rate), Rate(p.annual_surcharge_rate)
    rights.append(
        Item(
            "adjust_provisional",
            {"quarterly": quarterly, "annual": annual},
            (figure(p, "surcharges.quarterly_rate"), figure(p, "surcharges.annual_rate")),
        )
    )
    rights.append(
        Item(
            "non_payment_cost",
            {"quarterly": quarterly, "annual": annual},
            (figure(p, "surcharges.quarterly_rate"), figure(p, "surcharges.annual_rate")),
        )
    )
    # Answers in the request's own schema (app/requests/kinds): the primo-starter is a main
    # activity for the affiliation itself.
    offer = Offer(
        "affiliation",
        {
            "start_date": start.isoformat(),
            "category": "main" if category == "starter" else category,
            # The expected income becomes the declared income once the affiliation is granted.
            **prefill(answers, "enterprise_number", "first_time", "first_quarter_reduction"),
            **({"estimated_income": f"{income:.2f}"} if answers.get("expected_income") else {}),
        },
    )
    return OutcomeResult(
        p.year, tuple(rights), against_today(actions, today), tuple(referrals), (offer,)
    )
