"""Pension: the legal pension date, working after it, survivor's rights and the PLCI."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.contributions.rules.eligibility import (
    earliest_pension_application,
    legal_pension_date,
    unlimited_work_after_pension,
)
from app.wizards.rules.common import (
    Answers,
    Figure,
    Item,
    Offer,
    OutcomeResult,
    Rate,
    figure,
    known,
    params_for,
    value,
)

PLCI_FIGURES = (
    ("rate", "benefits.plci_rate"),
    ("ceiling", "benefits.plci_ceiling"),
    ("alternative", "benefits.plci_ceiling_alternative"),
    ("social_rate", "benefits.plci_social_rate"),
    ("social_ceiling", "benefits.plci_social_ceiling"),
)


def no_plci_question(answers: Answers) -> bool:
    return answers.get("plan") == "stop"


def pension(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    birth: date = answers["birth_date"]
    career = int(answers.get("career_years") or 0)
    age, start = legal_pension_date(p, birth)
    next_leaf = p.leaf("benefits.pension_age_next")
    rights: list[Item] = [
        Item(
            "retirement_pension",
            {
                "age": age,
                "start": start,
                "next_age": next_leaf.value,
                "next_year": next_leaf.effective_from.year if next_leaf.effective_from else "",
            },
            (figure(p, "benefits.pension_age"), figure(p, "benefits.pension_age_next")),
        )
    ]
    actions = [
        Item(
            "apply_pension",
            {
                "deadline": earliest_pension_application(p, start),
                "months": value(p, "benefits.pension_application_months_before"),
                "start": start,
            },
            (figure(p, "benefits.pension_application_months_before"),),
        )
    ]
    if answers.get("plan") in ("keep_working", "undecided"):
        rights.append(
            Item(
                "working_after_pension",
                {
                    "threshold": p.pensioner_threshold,
                    "rate": Rate(p.law.rate_pensioner_band1),
                    "career": value(p, "benefits.pension_unlimited_career_years"),
                    "unlimited": unlimited_work_after_pension(p, career),
                },
                (
                    figure(p, "thresholds.pensioner"),
                    figure(p, "law.rates.pensioner_band1"),
                    figure(p, "benefits.pension_unlimited_career_years"),
                ),
            )
        )
    if answers.get("partner_died"):
        rights.append(
            Item(
                "survivor_pension",
                {"amount": value(p, "benefits.transition_allowance")},
                (figure(p, "benefits.transition_allowance"),),
            )
        )
    if answers.get("has_plci") is not None and answers.get("plan") != "stop":
        plci: dict[str, Any] = {}
        plci_figures: list[Figure] = []
        for key, name in PLCI_FIGURES:
            found, figures = known(p, name)
            plci[key] = Rate(found) if key.endswith("rate") and found is not None else found
            plci_figures.extend(figures)
        rights.append(Item("plci", plci, tuple(plci_figures)))
    offers = (Offer("pension_help", {}),)  # the question is the summary of the answers
    referrals = (Item("mypension"),)
    return OutcomeResult(p.year, tuple(rights), tuple(actions), referrals, offers)
