"""Outcome rules and routing predicates of the seven life-event wizards. PURE.

Each outcome function takes the typed answers and today's date and returns codes with values
(Decimal amounts, dates, counts) and the parameter figures they come from; the catalogue gives
each code its sentence. Every amount comes from app/contributions/parameters/<year>.toml.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from typing import Any

from app.contributions.rules.parameters import YearParameters, available_years, load_year
from app.contributions.rules.quarters import (
    add_quarters,
    quarter_end,
    quarter_of,
    starter_due_dates,
)
from app.contributions.rules.simulation import simulate
from app.kit.money import cents

Answers = Mapping[str, Any]


class Rate(Decimal):
    """A ratio shown as a percentage (0.0817 -> 8,17 %)."""


@dataclass(frozen=True)
class Figure:
    """A parameter an outcome relies on, with where it comes from and how sure it is."""

    name: str
    value: Any
    unit: str
    status: str
    source: str
    year: int


@dataclass(frozen=True)
class Item:
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Offer:
    """A request the person can file in one tap, prefilled from the answers."""

    kind: str
    answers: Mapping[str, str]
    recommended: bool = True


@dataclass(frozen=True)
class OutcomeResult:
    year: int
    rights: tuple[Item, ...] = ()
    actions: tuple[Item, ...] = ()  # what to do, each with a "deadline" value when there is one
    referrals: tuple[Item, ...] = ()  # where to go for what the fund does not handle
    offers: tuple[Offer, ...] = ()


def params_for(day: date) -> YearParameters:
    """The parameter year of `day`, or the nearest year with a file."""
    years = available_years()
    return load_year(min(max(day.year, years[0]), years[-1]))


def figure(params: YearParameters, name: str) -> Figure:
    leaf = params.leaf(name)
    return Figure(name, leaf.value, leaf.unit, leaf.status, leaf.source, params.year)


def value(params: YearParameters, name: str) -> Any:
    return params.leaf(name).value


def known(params: YearParameters, name: str) -> tuple[Any, tuple[Figure, ...]]:
    """The year's value, or else the latest earlier year's one, with every figure involved.

    A benefit not yet published for the year (status U, no value) is shown with the last
    known amount: both figures go with it, so the page says it is unconfirmed and why.
    """
    own = figure(params, name)
    if own.value is not None:
        return own.value, (own,)
    for year in sorted((y for y in available_years() if y < params.year), reverse=True):
        earlier = figure(load_year(year), name)
        if earlier.value is not None:
            return earlier.value, (own, earlier)
    return None, (own,)


def quarter_deadline(day: date, quarters_after: int) -> date:
    """Last day of the quarter `quarters_after` quarters after the quarter of `day`."""
    year, quarter = add_quarters(day.year, quarter_of(day), quarters_after)
    return quarter_end(year, quarter)


def add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def _text(answers: Answers, name: str) -> str:
    raw = answers.get(name)
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, Decimal):
        return f"{raw:.2f}"
    return str(raw)


def prefill(answers: Answers, *names: str) -> dict[str, str]:
    return {name: _text(answers, name) for name in names if answers.get(name) is not None}


# ------------------------------------------------------------------------- predicates


def is_student_or_helper(answers: Answers) -> bool:
    return answers.get("status") in ("student", "helper")


def is_secondary(answers: Answers) -> bool:
    return answers.get("activity") == "secondary"


def is_adoption(answers: Answers) -> bool:
    return answers.get("event") == "adoption"


def relative_is_ill(answers: Answers) -> bool:
    return answers.get("who") == "relative"


def self_is_ill(answers: Answers) -> bool:
    return answers.get("who") == "self"


def not_forced_interruption(answers: Answers) -> bool:
    return answers.get("reason") != "forced_interruption"


def no_plci_question(answers: Answers) -> bool:
    return answers.get("plan") == "stop"


# ------------------------------------------------------------------------ starting out


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
                },
                (figure(p, "quarterly.minimum_starter"), figure(p, "minimum_income.starter")),
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
    if status == "director":
        # Not yet published for the year: the latest known amounts, tagged unconfirmed.
        low, low_figures = known(p, "company.amount_low")
        high, high_figures = known(p, "company.amount_high")
        rights.append(
            Item(
                "company_contribution",
                {"low": low, "high": high, "deadline": p.company_due_date},
                (*low_figures, *high_figures),
            )
        )
    # Answers in the request's own schema (app/requests/kinds): the primo-starter is a main
    # activity for the affiliation itself.
    offer = Offer(
        "affiliation",
        {
            "start_date": start.isoformat(),
            "category": "main" if category == "starter" else category,
            **prefill(answers, "enterprise_number"),
        },
    )
    return OutcomeResult(p.year, tuple(rights), tuple(actions), tuple(referrals), (offer,))


# --------------------------------------------------------------------------- new child


def new_child(answers: Answers, today: date) -> OutcomeResult:
    day: date = answers["child_date"]
    p = params_for(day)
    adoption = answers.get("event") == "adoption"
    mother = not adoption and answers.get("role") == "mother"
    main = answers.get("activity") in ("main", "helper")
    rights: list[Item] = []
    actions: list[Item] = []
    offers: list[Offer] = []
    base = {"birth_date": day.isoformat()}
    if mother:
        rights.append(
            Item(
                "maternity_leave",
                {
                    "weeks": value(p, "benefits.maternity_weeks"),
                    "obligatory": value(p, "benefits.maternity_obligatory_weeks"),
                    "optional": (value(p, "benefits.maternity_weeks") or 0)
                    - (value(p, "benefits.maternity_obligatory_weeks") or 0),
                },
                (
                    figure(p, "benefits.maternity_weeks"),
                    figure(p, "benefits.maternity_obligatory_weeks"),
                ),
            )
        )
        actions.append(Item("declare_birth_mutualite", {"deadline": day}))
        rights.append(
            Item(
                "maternity_aid",
                {"vouchers": value(p, "benefits.maternity_service_vouchers")},
                (figure(p, "benefits.maternity_service_vouchers"),),
            )
        )
        offers.append(Offer("maternity_aid", base))
        if main:
            count = value(p, "benefits.birth_exempt_quarters") or 0
            first = add_quarters(day.year, quarter_of(day), 1)
            last = add_quarters(day.year, quarter_of(day), count)
            rights.append(
                Item(
                    "quarter_exemption_birth" if count == 1 else "quarter_exemption_birth_several",
                    {
                        "count": count,
                        "first": f"{first[1]}/{first[0]}",
                        "last": f"{last[1]}/{last[0]}",
                    },
                    (figure(p, "benefits.birth_exempt_quarters"),),
                )
            )
            offers.append(Offer("quarter_exemption_birth", base))
    elif not adoption:
        window = value(p, "benefits.birth_leave_window_months")
        deadline = add_months(day, window)
        rights.append(
            Item(
                "birth_leave",
                {
                    "days": value(p, "benefits.paternity_days"),
                    "half_days": value(p, "benefits.birth_leave_half_days"),
                    "daily": known(p, "benefits.paternity_daily")[0],
                    "half_day": value(p, "benefits.paternity_half_day"),
                    "months": window,
                    "deadline": deadline,
                },
                (
                    figure(p, "benefits.paternity_days"),
                    figure(p, "benefits.paternity_daily"),
                    figure(p, "benefits.paternity_half_day"),
                ),
            )
        )
        rights.append(
            Item(
                "paternity_vouchers",
                {
                    "vouchers": value(p, "benefits.paternity_service_vouchers"),
                    "days": value(p, "benefits.paternity_vouchers_max_days"),
                },
                (
                    figure(p, "benefits.paternity_service_vouchers"),
                    figure(p, "benefits.paternity_vouchers_max_days"),
                ),
            )
        )
        actions.append(Item("take_birth_leave", {"deadline": deadline}))
        offers.append(
            Offer("birth_leave", {**base, "days": str(value(p, "benefits.paternity_days"))})
        )
    else:
        rights.append(
            Item(
                "adoption_leave",
                {"weeks": value(p, "benefits.adoption_leave_weeks")},
                (figure(p, "benefits.adoption_leave_weeks"),),
            )
        )
        actions.append(Item("ask_adoption_leave", {"deadline": day}))
    # The mutualité pays the mother's maternity allowance; birth leave is paid by the fund.
    referrals = (Item("family_allowance_fund"),) + ((Item("mutualite_birth"),) if mother else ())
    return OutcomeResult(p.year, tuple(rights), tuple(actions), referrals, tuple(offers))


# ---------------------------------------------------------------------------- illness


def illness(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    rights: list[Item] = []
    actions: list[Item] = []
    offers: list[Offer] = []
    referrals: list[Item] = []
    if answers.get("who") == "self":
        since: date = answers["since"]
        days = value(p, "benefits.incapacity_declaration_days")
        actions.append(
            Item(
                "declare_incapacity",
                {"days": days, "deadline": since + timedelta(days=days or 0)},
                (figure(p, "benefits.incapacity_declaration_days"),),
            )
        )
        rights.append(Item("incapacity_allowance"))
        referrals.append(Item("mutualite_incapacity"))
        if answers.get("stopped"):
            rights.append(
                Item(
                    "sickness_assimilation",
                    {"first": f"{quarter_of(since)}/{since.year}"},
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
        after = value(p, "benefits.caregiver_exempt_after_months")
        if full and months >= after:
            rights.append(
                Item(
                    "caregiver_exemption",
                    {
                        "after": after,
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


# ------------------------------------------------------------------ payment difficulty


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
    quarter_code = f"{quarter_of(today)}/{today.year}"
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
        Item("payment_plan", {"owed": owed, "monthly": monthly, "months": months}),
    ]
    offers: list[Offer] = [
        Offer("payment_plan", {"monthly_amount": f"{monthly:.2f}", "months": str(months)})
    ]
    actions: list[Item] = []
    exemption_ok = activity != "secondary" and (long_enough or stopping)
    quarter_year, quarter = today.year, quarter_of(today)
    window = value(p, "benefits.exemption_window_quarters")
    deadline = quarter_deadline(today, window)
    if exemption_ok:
        rights.append(
            Item(
                "exemption",
                {"quarter": f"{quarter}/{quarter_year}", "deadline": deadline},
                (figure(p, "benefits.exemption_window_quarters"),),
            )
        )
        actions.append(Item("exemption_deadline", {"deadline": deadline}))
        offers.append(
            Offer("exemption", {"quarters": quarter_code}, cause in ("illness", "economic"))
        )
    else:
        rights.append(
            Item(
                "exemption_not_yet" if activity != "secondary" else "exemption_secondary",
                {"quarters": value(p, "benefits.exemption_first_quarters")},
                (figure(p, "benefits.exemption_first_quarters"),),
            )
        )
    beyond_control = cause in ("illness", "economic")
    rights.append(Item("surcharge_waiver" if beyond_control else "surcharge_waiver_strict"))
    offers.append(Offer("surcharge_waiver", {"quarters": quarter_code}, beyond_control))
    income = answers.get("expected_income")
    if income is not None and activity in ("main", "secondary", "helper"):
        category = {"main": "main", "secondary": "secondary", "helper": "helper"}[activity]
        lowered = simulate(p.year, category, income=income)
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
            (
                Figure(
                    "recovery",
                    None,
                    "",
                    "U",
                    "facts.md §3: forced recovery (contrainte, bailiff, court): details not "
                    "confirmed",
                    p.year,
                ),
            ),
        )
    )
    rights.append(
        Item(
            "solidarity",
            {},
            (
                Figure(
                    "solidarity",
                    None,
                    "",
                    "U",
                    "facts.md §3: AR 38 art. 15 §1 al. 3 (company and mandataires; helpers and "
                    "helping spouse); no public page confirmed",
                    p.year,
                ),
            ),
        )
    )
    referrals = (Item("inasti_exemption"),)
    return OutcomeResult(p.year, tuple(rights), tuple(actions), referrals, tuple(offers))


# ------------------------------------------------------------------------- bankruptcy


def bridging_months(p: YearParameters, reason: str, career_years: int) -> int:
    """Maximum duration of the droit passerelle for this pillar and career."""
    if reason == "economic":
        if career_years < value(p, "benefits.bridging_economic_min_years"):
            return 0
        if career_years < value(p, "benefits.bridging_economic_medium_years"):
            return int(value(p, "benefits.bridging_economic_months_short"))
        if career_years <= value(p, "benefits.bridging_long_career_years"):
            return int(value(p, "benefits.bridging_economic_months_medium"))
        return int(value(p, "benefits.bridging_economic_months_long"))
    if career_years >= value(p, "benefits.bridging_long_career_years"):
        return int(value(p, "benefits.bridging_max_months_long_career"))
    return int(value(p, "benefits.bridging_max_months"))


def partial_month_ratio(p: YearParameters, days: int) -> Decimal:
    """Share of the monthly amount for `days` of forced interruption within a month."""
    ratio = Decimal(0)
    for tier in (1, 2, 3, 4):
        if days >= value(p, f"benefits.bridging_partial.tier{tier}_days"):
            ratio = value(p, f"benefits.bridging_partial.tier{tier}_ratio")
    return ratio


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
    deadline = quarter_deadline(day, value(p, "benefits.bridging_application_quarters"))
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
            days = int(answers.get("interruption_days") or 0)
            full, rest = divmod(days, 30)
            full = min(full, months)
            ratio = partial_month_ratio(p, rest) if full < months else Decimal(0)
            values.update(days=days, full_months=full, partial=Rate(ratio))
            if monthly is not None:
                values["total"] = cents(monthly * full + monthly * ratio)
                values["partial_amount"] = cents(monthly * ratio)
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


# ---------------------------------------------------------------------------- pension


def legal_pension_date(p: YearParameters, birth: date) -> tuple[int, date]:
    """(legal age, first day of the month after that birthday) for someone born on `birth`."""
    age = int(value(p, "benefits.pension_age"))
    next_leaf = p.leaf("benefits.pension_age_next")
    birthday = _birthday(birth, age)
    if next_leaf.effective_from is not None and birthday >= next_leaf.effective_from:
        age = int(next_leaf.value)
        birthday = _birthday(birth, age)
    return age, add_months(birthday.replace(day=1), 1)


def _birthday(birth: date, age: int) -> date:
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # born on 29 February
        return date(birth.year + age, 3, 1)


def pension(answers: Answers, today: date) -> OutcomeResult:
    p = params_for(today)
    birth: date = answers["birth_date"]
    career = int(answers.get("career_years") or 0)
    age, start = legal_pension_date(p, birth)
    months_before = value(p, "benefits.pension_application_months_before")
    apply_from = add_months(start, -months_before)
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
            {"deadline": apply_from, "months": months_before, "start": start},
            (figure(p, "benefits.pension_application_months_before"),),
        )
    ]
    if answers.get("plan") in ("keep_working", "undecided"):
        unlimited = value(p, "benefits.pension_unlimited_career_years")
        rights.append(
            Item(
                "working_after_pension",
                {
                    "threshold": p.pensioner_threshold,
                    "rate": Rate(p.law.rate_pensioner_band1),
                    "career": unlimited,
                    "unlimited": career >= unlimited,
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
        for key, name in (
            ("rate", "benefits.plci_rate"),
            ("ceiling", "benefits.plci_ceiling"),
            ("alternative", "benefits.plci_ceiling_alternative"),
            ("social_rate", "benefits.plci_social_rate"),
            ("social_ceiling", "benefits.plci_social_ceiling"),
        ):
            found, figures = known(p, name)
            plci[key] = Rate(found) if key.endswith("rate") and found is not None else found
            plci_figures.extend(figures)
        rights.append(Item("plci", plci, tuple(plci_figures)))
    offers = (Offer("pension_help", {}),)  # the question is the summary of the answers
    referrals = (Item("mypension"),)
    return OutcomeResult(p.year, tuple(rights), tuple(actions), referrals, offers)


# --------------------------------------------------------------------------- cessation


def cessation(answers: Answers, today: date) -> OutcomeResult:
    end: date = answers["end_date"]
    p = params_for(end)
    reason = answers["reason"]
    last_quarter = quarter_end(end.year, quarter_of(end))
    rights: list[Item] = [
        Item("refund_after_cessation", {"quarter": f"{quarter_of(end)}/{end.year}"}),
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
    follow_up = {
        "economic": "see_bankruptcy",
        "health": "see_illness",
        "retirement": "see_pension",
    }.get(reason)
    if follow_up:
        referrals.append(Item(follow_up))
    return OutcomeResult(p.year, tuple(rights), tuple(actions), tuple(referrals), tuple(offers))
