"""Reads of the contributions domain: the simulation shared by the page and the JSON API.

`contribution_simulation` takes the raw texts as typed (page) or sent (API), checks them field by
field, runs the pure engine (rules.simulation.simulate) and explains the result in the current
language. Both the HTML simulator and /api/v1/contributions/simulation call it, so they can
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.affiliation import queries as affiliation
from app.contributions import texts
from app.contributions.rules.categories import Category
from app.contributions.rules.errors import (
    ContributionError,
    UnknownCoefficient,
    UnknownParameter,
    UnknownYear,
)
from app.contributions.rules.explanation import Line
from app.contributions.rules.parameters import YearParameters, available_years, load_year
from app.contributions.rules.pensioner import Pension
from app.contributions.rules.simulation import Simulation, simulate
from app.kit import audit, clock, forms

# Far above any real income; keeps Decimal arithmetic inside its precision (never a 500).
MAX_INCOME = Decimal("1000000000")
# The categories in words, for the pages of other domains (the account's notices).
CATEGORY_LABELS = texts.CATEGORY_LABELS
# The order fields appear in the form: the error summary lists them the same way.
FIELD_ORDER = ("income", "reference_income", "category", "pension", "year", "start_quarter")
# The working pensioner's situation (AR 38 art. 13): pension drawn, legal age reached.
PENSION_SITUATIONS: dict[str, tuple[Pension, bool]] = {
    "retirement": (Pension.RETIREMENT, False),
    "survivor_before_age": (Pension.SURVIVOR, False),
    "survivor_after_age": (Pension.SURVIVOR, True),
    "none_after_age": (Pension.NONE, True),
}
_YES = frozenset({"1", "true", "on", "yes"})


@dataclass(frozen=True)
class SimulationInput:
    """What the person typed, unchanged: kept to re-display it next to any error."""

    year: str | None = None
    category: str | None = None
    income: str | None = None
    reference_income: str | None = None
    start_quarter: str | None = None  # "1".."4": a starter, with the first year's calendar
    first_quarter_reduction: str | None = None  # "1"/"on": asked (AR 38 art. 12 §1bis)
    pension: str | None = None  # a key of PENSION_SITUATIONS (category pensioner)

    def as_form(self) -> dict[str, str]:
        return {
            "year": self.year or "",
            "category": self.category or "",
            "income": self.income or "",
            "reference_income": self.reference_income or "",
            "start_quarter": self.start_quarter or "",
            "first_quarter_reduction": self.first_quarter_reduction or "",
            "pension": self.pension or "",
        }


@dataclass(frozen=True)
class ExplainedLine:
    line: Line
    text: str


@dataclass(frozen=True)
class FlaggedParameter:
    """A figure with status U (unconfirmed) or D (derived) the result depends on."""

    name: str
    status: str
    label: str
    status_label: str
    source: str  # the year file's technical note: for staff, developers and the JSON API
    # What a person reads: a sentence by status and the public source (a page or the law).
    sentence: str = ""
    source_label: str = ""
    source_url: str | None = None


def flagged_parameter(params: YearParameters, name: str) -> FlaggedParameter:
    status = params.status(name)
    note = params.source(name)
    public = texts.public_source(note, status)
    return FlaggedParameter(
        name=name,
        status=status,
        label=texts.parameter_label(name),
        status_label=texts.status_label(status),
        source=note,
        sentence=texts.status_sentence(status),
        source_label=public.label if public else "",
        source_url=public.url if public else None,
    )


@dataclass(frozen=True)
class SimulationOutcome:
    inputs: SimulationInput
    year: int | None = None
    simulation: Simulation | None = None
    params: YearParameters | None = None
    lines: tuple[ExplainedLine, ...] = ()
    flagged: tuple[FlaggedParameter, ...] = ()
    # field -> message in the current language, in form order; empty when all is well.
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.simulation is not None and not self.errors


def years() -> tuple[int, ...]:
    """Years with published parameters (adding a year = adding a TOML file)."""
    return available_years()


def default_year(today: date | None = None) -> int:
    """This year when its figures exist, else the latest year before it, else the first."""
    day = today or clock.today()
    known = years()
    earlier = [y for y in known if y <= day.year]
    return max(earlier) if earlier else min(known)


def _years_text() -> str:
    return ", ".join(str(y) for y in years())


def _choices_text() -> str:
    return ", ".join(c.value for c in Category)


def _parse_income(raw: str | None, name: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return forms.money(raw or "", maximum=MAX_INCOME, required=False)
    except forms.FieldError as exc:
        # An absurd amount reads as "not an amount": nobody earns a billion a year.
        code = {"negative": "negative", "too_many_decimals": "too_many_decimals"}.get(exc.code)
        if code is None and exc.reason in ("not_a_number", "grouping") and exc.message:
            errors[name] = exc.message  # says why: "1e5", "1,2,3"… are not amounts
        else:
            errors[name] = texts.error_message(f"{name}.{code or 'not_a_number'}")
        return None


def _parse_year(raw: str | None, errors: dict[str, str]) -> int | None:
    text = (raw or "").strip()
    if not text:
        return default_year()
    if not (text.isascii() and text.isdigit() and len(text) <= 6):
        errors["year"] = texts.error_message("year.not_a_number", years=_years_text())
        return None
    year = int(text)
    if year not in years():
        errors["year"] = texts.error_message("year.unknown", years=_years_text())
        return None
    return year


def _parse_category(raw: str | None, errors: dict[str, str]) -> Category | None:
    text = (raw or "").strip()
    if not text:
        errors["category"] = texts.error_message("category.required")
        return None
    try:
        return Category(text)
    except ValueError:
        errors["category"] = texts.error_message("category.unknown", choices=_choices_text())
        return None


def _parse_start_quarter(raw: str | None, errors: dict[str, str]) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    if text in ("1", "2", "3", "4"):
        return int(text)
    errors["start_quarter"] = texts.error_message("start_quarter.invalid")
    return None


def _parse_pension(raw: str | None, errors: dict[str, str]) -> tuple[Pension, bool] | None:
    text = (raw or "").strip()
    if not text:
        return None
    situation = PENSION_SITUATIONS.get(text)
    if situation is None:
        errors["pension"] = texts.error_message("pension.invalid")
    return situation


def _ordered(errors: dict[str, str]) -> dict[str, str]:
    return {name: errors[name] for name in FIELD_ORDER if name in errors}


def contribution_simulation(
    actor: audit.Actor | None, inputs: SimulationInput
) -> SimulationOutcome:
    """The provisional contribution for what was typed, or a message per wrong field.

    `actor` is the visitor (None when anonymous): a simulation reads no personal data.
    """
    errors: dict[str, str] = {}
    income = _parse_income(inputs.income, "income", errors)
    reference_income = _parse_income(inputs.reference_income, "reference_income", errors)
    category = _parse_category(inputs.category, errors)
    year = _parse_year(inputs.year, errors)
    start_quarter = _parse_start_quarter(inputs.start_quarter, errors)
    pension = _parse_pension(inputs.pension, errors)
    reduction = (inputs.first_quarter_reduction or "").strip().lower() in _YES

    typed_income = bool((inputs.income or "").strip())
    typed_reference = bool((inputs.reference_income or "").strip())
    if typed_income and typed_reference:
        message = texts.error_message("income.both")
        errors.setdefault("income", message)
        errors.setdefault("reference_income", message)
    elif not typed_income and not typed_reference and start_quarter is None:
        # A starter may give no estimate: the default starting amount applies (art. 13bis).
        errors["income"] = texts.error_message("income.required")

    params = load_year(year) if year is not None else None
    if errors or category is None or year is None:
        return SimulationOutcome(inputs, year=year, params=params, errors=_ordered(errors))

    try:
        result = simulate(
            year,
            category,
            income=income,
            reference_income=reference_income,
            start_quarter=start_quarter,
            first_quarter_reduction=reduction,
            pension=pension[0] if pension else None,
            legal_age_reached=pension[1] if pension else False,
        )
    except UnknownCoefficient:
        errors["reference_income"] = texts.error_message(
            "reference_income.coefficient_unknown", year=str(year)
        )
    except UnknownParameter:
        errors["year"] = texts.error_message("parameter.unknown", year=str(year))
    except UnknownYear:
        errors["year"] = texts.error_message("year.unknown", years=_years_text())
    except ContributionError as exc:
        name = exc.field if exc.field in FIELD_ORDER else "income"
        errors[name] = texts.error_message(exc.code)
    if errors:
        return SimulationOutcome(inputs, year=year, params=params, errors=_ordered(errors))

    assert params is not None
    lines = tuple(ExplainedLine(line, texts.line_text(line, params)) for line in result.explanation)
    flagged = tuple(flagged_parameter(params, name) for name in result.unconfirmed)
    return SimulationOutcome(
        inputs, year=year, simulation=result, params=params, lines=lines, flagged=flagged
    )


# --------------------------------------------------------------- prefill for the logged-in


@dataclass(frozen=True)
class Prefill:
    """Category and income the fund knows of the affiliate, and where they come from."""

    category: str
    income: Decimal | None
    on: date
    # The granted request that told us (AF-2026-000012), or None (recorded by staff).
    reference: str | None


async def simulator_prefill(actor: audit.Actor | None) -> Prefill | None:
    """The category and declared income of the affiliate's status at the fund, or None.

    The affiliation domain is the source of truth (written when staff grant an affiliation or
    an adjustment); only the affiliate's own record is read.
    """
    if actor is None or actor.kind != "affiliate" or actor.id is None:
        return None
    status = await affiliation.affiliation_for(actor)
    if status is None:
        return None
    income = status.declared_income
    return Prefill(
        category=status.category_on(clock.today()).value,
        income=income if income is not None and 0 <= income <= MAX_INCOME else None,
        on=status.starts_on,
        reference=status.source_reference,
    )
