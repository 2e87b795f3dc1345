"""Illness: one's own incapacity (mutualité, assimilation) or caring for a relative."""

from __future__ import annotations

from datetime import date, timedelta

from app.contributions.rules.eligibility import add_months, caregiver_exemption
from app.contributions.rules.parameters import YearParameters
from app.contributions.rules.quarters import add_quarters, quarter_of
from app.kit.money import cents
from app.wizards.rules.common import (
    Answers,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    against_today,
    figure,
    guide,
    known,
    next_working_day,
    params_for,
    quarter_label,
    value,
)

FIRST_MONTHS = (1, 4, 7, 10)  # the first month of each quarter


def relative_is_ill(answers: Answers) -> bool:
    return answers.get("who") == "relative"


def self_is_ill(answers: Answers) -> bool:
    return answers.get("who") == "self"


def assimilation_first_quarter(onset: date) -> tuple[int, int]:
    """The first assimilated quarter: the one after the onset's quarter, or the onset's own
    quarter when the incapacity starts in its first month (RSVZ/INASTI FAQ)."""
    if onset.month in FIRST_MONTHS:
        return onset.year, quarter_of(onset)
    return add_quarters(onset.year, quarter_of(onset), 1)


def declaration_deadline(p: YearParameters, onset: date) -> date:
    """The day the incapacity must reach the mutualité's medical adviser: 7 calendar days after
    the onset (the onset not counted), moved to the next working day when it is not one."""
    days = guide(p, "illness.declaration_days").value
    return next_working_day(onset + timedelta(days=days))


def assimilation_missing(answers: Answers) -> tuple[str, ...]:
    """The conditions of the sickness assimilation the answers do not meet, in a fixed order:
    activity fully stopped, 90 days self-employed before the onset, previous quarter paid."""
    checks = (
        ("stop", answers.get("stopped")),
        ("days", answers.get("self_employed_90_days")),
        ("paid", answers.get("previous_quarter_paid")),
    )
    return tuple(reason for reason, met in checks if not met)


def illness(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    rights: list[Item] = []
    actions: list[Item] = []
    offers: list[Offer] = []
    referrals: list[Item] = []
    if answers.get("who") == "self":
        since: date = answers["since"]
        days = guide(p, "illness.declaration_days")
        late = guide(p, "illness.late_declaration_reduction")
        actions.append(
            Item(
                "declare_incapacity",
                {
                    "days": days.value,
                    "deadline": declaration_deadline(p, since),
                    "late": Rate(late.value),
                },
                (days, late),
            )
        )
        rights.append(Item("incapacity_allowance"))
        primary = guide(p, "illness.primary_incapacity_months")
        rights.append(
            Item(
                "invalidity_after_one_year",
                {"date": add_months(since, primary.value)},
                (primary,),
            )
        )
        rights.append(Item("partial_resumption"))
        referrals.append(Item("mutualite_incapacity"))
        referrals.append(Item("certificates_forwarded"))
        minimum = guide(p, "illness.assimilation_min_days")
        missing = assimilation_missing(answers)
        if not missing:
            rights.append(
                Item(
                    "sickness_assimilation",
                    {"first": quarter_label(*assimilation_first_quarter(since))},
                    (minimum,),
                )
            )
            offers.append(Offer("sickness_assimilation", {"incapacity_start": since.isoformat()}))
        else:
            rights.extend(
                Item(f"assimilation_needs_{reason}", {"days": minimum.value}, (minimum,))
                for reason in missing
            )
        if not answers.get("stopped"):
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
    return OutcomeResult(
        p.year, tuple(rights), against_today(actions, today), tuple(referrals), tuple(offers)
    )
