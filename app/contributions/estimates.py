"""Reads of the contributions domain for two questions after the provisional contributions:

- "my definitive income is known: what will the regularisation be?" (rules.definitive);
- "I paid late: what surcharge?" (rules.surcharges).

Each takes the texts as typed, checks them field by field (a message per field in the current
language) and runs the pure rule; the pages and the JSON API both call these functions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from app.contributions import texts
from app.contributions.queries import (
    MAX_INCOME,
    ExplainedLine,
    FlaggedParameter,
    _parse_category,
    _parse_year,
    flagged_parameter,
)
from app.contributions.rules.definitive import Regularisation, regularise
from app.contributions.rules.errors import ContributionError, UnknownYear
from app.contributions.rules.explanation import Explanation
from app.contributions.rules.parameters import YearParameters, load_year
from app.contributions.rules.simulation import FLAGGED_STATUSES
from app.contributions.rules.surcharges import Surcharges, surcharges
from app.kit import clock, forms

REGULARISATION_FIELDS = ("real_income", "provisional", "category", "year", "revision_date")
SURCHARGE_FIELDS = ("amount", "due_date", "paid_on", "communicated_on")
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _explain(lines: Explanation, params: YearParameters) -> tuple[ExplainedLine, ...]:
    return tuple(ExplainedLine(line, texts.line_text(line, params)) for line in lines)


def _flagged(names: tuple[str, ...], params: YearParameters) -> tuple[FlaggedParameter, ...]:
    return tuple(
        flagged_parameter(params, name) for name in names if params.status(name) in FLAGGED_STATUSES
    )


def _refused(exc: forms.FieldError, name: str, errors: dict[str, str]) -> None:
    if exc.reason in ("not_a_number", "grouping", "too_many_decimals") and exc.message:
        errors[name] = exc.message  # says why: "1e5", "1,2,3"… are not amounts
    else:
        code = "required" if exc.code == "required" else "invalid"
        errors[name] = texts.error_message(f"{name}.{code}")


def _money(raw: str, name: str, errors: dict[str, str]) -> Decimal | None:
    try:
        return forms.money(raw, maximum=MAX_INCOME)
    except forms.FieldError as exc:
        _refused(exc, name, errors)
        return None


def _day(raw: str, name: str, errors: dict[str, str], *, required: bool) -> date | None:
    try:
        return forms.day(raw, required=required)
    except forms.FieldError as exc:
        _refused(exc, name, errors)
        return None


def _ordered(errors: dict[str, str], order: tuple[str, ...]) -> dict[str, str]:
    return {name: errors[name] for name in order if name in errors}


# ----------------------------------------------------------------------- regularisation


@dataclass(frozen=True)
class RegularisationInput:
    year: str = ""
    category: str = ""
    real_income: str = ""
    provisional: str = ""  # net provisional contribution paid per quarter
    revision_date: str = ""  # default: today

    def as_form(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class RegularisationOutcome:
    inputs: RegularisationInput
    result: Regularisation | None = None
    params: YearParameters | None = None
    lines: tuple[ExplainedLine, ...] = ()
    flagged: tuple[FlaggedParameter, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result is not None and not self.errors


def regularisation_estimate(inputs: RegularisationInput) -> RegularisationOutcome:
    """The regularisation of a year from its real income and the provisional amount paid
    per quarter (the same each quarter, net of fees), as the fund will compute it."""
    errors: dict[str, str] = {}
    real = _money(inputs.real_income, "real_income", errors)
    paid = _money(inputs.provisional, "provisional", errors)
    category = _parse_category(inputs.category, errors)
    year = _parse_year(inputs.year, errors)
    revision = _day(inputs.revision_date, "revision_date", errors, required=False)
    if revision is not None and not EARLIEST <= revision <= LATEST:
        # A regularisation is sent a few years after its year; far dates are typing errors.
        errors["revision_date"] = texts.error_message("revision_date.invalid")
    if errors or real is None or paid is None or category is None or year is None:
        return RegularisationOutcome(inputs, errors=_ordered(errors, REGULARISATION_FIELDS))
    params = load_year(year)
    day = revision or clock.today()
    try:
        result = regularise(
            params,
            category,
            real_income=real,
            provisional_paid=dict.fromkeys((1, 2, 3, 4), paid),
            revision_date=day,
        )
    except ContributionError as exc:
        name = exc.field if exc.field in REGULARISATION_FIELDS else "real_income"
        errors[name] = texts.error_message(exc.code)
        return RegularisationOutcome(inputs, errors=_ordered(errors, REGULARISATION_FIELDS))
    return RegularisationOutcome(
        inputs,
        result=result,
        params=params,
        lines=_explain(result.explanation, params),
        flagged=_flagged(result.parameters_used, params),
    )


# ---------------------------------------------------------------------------- surcharge


@dataclass(frozen=True)
class SurchargeInput:
    amount: str = ""  # the contribution paid late (net)
    due_date: str = ""  # YYYY-MM-DD
    paid_on: str = ""  # empty: still unpaid today
    communicated_on: str = ""  # the day the regularisation was communicated, if it was

    def as_form(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class SurchargeOutcome:
    inputs: SurchargeInput
    result: Surcharges | None = None
    params: YearParameters | None = None
    lines: tuple[ExplainedLine, ...] = ()
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.result is not None and not self.errors


def surcharge_estimate(inputs: SurchargeInput) -> SurchargeOutcome:
    """The surcharges on a contribution paid late (or still unpaid today)."""
    errors: dict[str, str] = {}
    amount = _money(inputs.amount, "amount", errors)
    due = _day(inputs.due_date, "due_date", errors, required=True)
    paid_on = _day(inputs.paid_on, "paid_on", errors, required=False)
    communicated = _day(inputs.communicated_on, "communicated_on", errors, required=False)
    if communicated is not None and not EARLIEST <= communicated <= LATEST:
        errors["communicated_on"] = texts.error_message("communicated_on.invalid")
    today = clock.today()
    if paid_on is not None and paid_on > today:
        errors["paid_on"] = texts.error_message("paid_on.future")
    if errors or amount is None or due is None:
        return SurchargeOutcome(inputs, errors=_ordered(errors, SURCHARGE_FIELDS))
    try:
        params = load_year(due.year)
        result = surcharges(
            amount,
            due,
            paid_on=paid_on,
            today=None if paid_on is not None else today,
            communicated_on=communicated,
            params=params,
        )
    except UnknownYear:
        errors["due_date"] = texts.error_message(
            "due_date.unknown_year", years=", ".join(str(y) for y in texts.known_years())
        )
        return SurchargeOutcome(inputs, errors=_ordered(errors, SURCHARGE_FIELDS))
    return SurchargeOutcome(
        inputs, result=result, params=params, lines=_explain(result.explanation, params)
    )
