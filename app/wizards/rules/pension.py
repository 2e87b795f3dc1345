"""Pension: the legal pension date by birth cohort, early pension, working after it, survivor's
rights and the PLCI.

The legal age follows the date the pension would start, not the year of the consultation: 65
for a pension starting by 1/1/2025, 66 by 1/1/2030, 67 after (law.toml [guides.pension]).
At that age a Belgian resident's pension is examined automatically; only an early or a
deferred pension is requested, at the earliest one year before it starts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.contributions.rules.eligibility import add_months, unlimited_work_after_pension
from app.contributions.rules.parameters import YearParameters
from app.wizards.rules.common import (
    GUIDES,
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
    value,
)

PLCI_FIGURES = (
    ("rate", "benefits.plci_rate"),
    ("ceiling", "benefits.plci_ceiling"),
    ("alternative", "benefits.plci_ceiling_alternative"),
    ("social_rate", "benefits.plci_social_rate"),
    ("social_ceiling", "benefits.plci_social_ceiling"),
)
EARLY = ((60, "pension.early.age60_career"), (61, "pension.early.age61_career"),
         (63, "pension.early.age63_career"))  # fmt: skip


def no_plci_question(answers: Answers) -> bool:
    return answers.get("plan") == "stop"


def _birthday(birth: date, age: int) -> date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        return date(birth.year + age, 3, 1)


def pension_start(birth: date, age: int) -> date:
    """A pension at `age` starts on the first day of the month after that birthday."""
    return add_months(_birthday(birth, age).replace(day=1), 1)


def legal_pension(p: YearParameters, birth: date) -> tuple[int, date, Figure]:
    """(legal age, start date, the figure it comes from) for someone born on `birth`.

    Each age of the series holds for a pension starting before the next age's effective_from:
    65 if the pension at 65 starts by 1/1/2025, 66 if the one at 66 starts by 1/1/2030, else 67.
    """
    prefix = f"{GUIDES}pension.legal_age."
    levels = sorted(
        (leaf for name, leaf in p.leaves.items() if name.startswith(prefix)),
        key=lambda leaf: int(str(leaf.value)),
    )
    for level, higher in zip(levels, [*levels[1:], None], strict=True):
        age = int(str(level.value))
        start = pension_start(birth, age)
        if higher is None or (higher.effective_from is not None and start < higher.effective_from):
            return age, start, guide(p, level.name.removeprefix(GUIDES))
    raise ValueError("no legal pension age")


def career_at(career_years: int, today: date, day: date) -> int:
    """The career on `day` if the person keeps working until then: whole years added."""
    years = day.year - today.year - ((day.month, day.day) < (today.month, today.day))
    return career_years + max(0, years)


def early_pension(
    p: YearParameters, birth: date, career_years: int, today: date
) -> tuple[int, date, Figure] | None:
    """The earliest early pension (60 with 44 years, 61 with 43, 63 with 42) before the legal
    date, counting the years still worked until then; None when no condition is met. An age
    already passed counts from the first day of next month."""
    _age, legal_start, _fig = legal_pension(p, birth)
    next_month = add_months(today.replace(day=1), 1)
    for age, name in EARLY:
        needed = guide(p, name)
        start = max(pension_start(birth, age), next_month)
        if start < legal_start and career_at(career_years, today, start) >= needed.value:
            return age, start, needed
    return None


def pension(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    birth: date = answers["birth_date"]
    career = int(answers.get("career_years") or 0)
    age, start, age_figure = legal_pension(p, birth)
    before = guide(p, "pension.application_months_before")
    rights: list[Item] = [Item("retirement_pension", {"age": age, "start": start}, (age_figure,))]
    actions: list[Item] = [Item("pension_automatic", {"deadline": start})]
    early = early_pension(p, birth, career, today)
    conditions = tuple(guide(p, name) for _, name in EARLY)
    if early is not None:
        early_age, early_start, _needed = early
        rights.append(Item("early_pension", {"age": early_age, "start": early_start}, conditions))
        actions.append(
            Item(
                "apply_early_or_deferred",
                {"deadline": add_months(early_start, -before.value), "months": before.value},
                (before,),
            )
        )
    else:
        rights.append(Item("early_pension_conditions", {}, conditions))
        actions.append(Item("apply_deferred", {"months": before.value}, (before,)))
    rights.append(
        Item(
            "bonus_malus",
            {},
            (guide(p, "pension.bonus_malus_from"), guide(p, "pension.malus_rate")),
        )
    )
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
        survivor = (
            guide(p, "pension.survivor_min_age"),
            guide(p, "pension.survivor_marriage_years"),
            guide(p, "pension.transition_months"),
            guide(p, "pension.transition_months_child"),
        )
        rights.append(
            Item(
                "survivor_pension",
                {
                    "age": survivor[0].value,
                    "married": survivor[1].value,
                    "months": survivor[2].value,
                    "months_child": survivor[3].value,
                },
                survivor,
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
    return OutcomeResult(p.year, tuple(rights), against_today(actions, today), referrals, offers)
