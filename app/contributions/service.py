"""Writes of the contributions domain: asking to adjust the provisional contributions.

The request itself belongs to the requests domain (app.requests.service.submit_request): this
module checks the adjustment (AR 38 art. 11 §2: a decrease must be motivated), computes the new
amount with the same engine as the simulator and files a "provisional_adjustment" request that
lands in the staff queue.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from app.affiliation import queries as affiliation_queries
from app.contributions import texts
from app.contributions.queries import (
    SimulationInput,
    SimulationOutcome,
    contribution_simulation,
)
from app.contributions.rules.categories import Category
from app.documents.uploads import NewAttachment
from app.kit import audit, clock, forms
from app.kit.db import transaction
from app.kit.errors import AffilioError, FormInvalid
from app.kit.money import MoneyError, parse_amount
from app.requests import queries as requests_queries
from app.requests.service import SubmittedRequest, submit_request

KIND = "provisional_adjustment"
DIRECTIONS = ("lower", "raise")
MAX_JUSTIFICATION = 5000
FIELD_ORDER = (
    "year",
    "category",
    "income",
    "current_quarterly",
    "direction",
    "justification",
    "attachment",
)
# Field names of the requests domain -> the fields of our form.
_REQUEST_FIELDS = {
    "estimated_income": "income",
    "reason": "justification",
    "justification": "justification",
    "attachments": "attachment",
    "year": "year",
    "category": "category",
}


@dataclass(frozen=True)
class AdjustmentInput:
    """The adjustment form as typed, kept as is to re-display it next to any error."""

    year: str = ""
    category: str = ""
    income: str = ""
    current_quarterly: str = ""
    direction: str = ""
    justification: str = ""

    def as_form(self) -> dict[str, str]:
        return {
            "year": self.year,
            "category": self.category,
            "income": self.income,
            "current_quarterly": self.current_quarterly,
            "direction": self.direction,
            "justification": self.justification,
        }


@dataclass(frozen=True)
class AdjustmentCheck:
    """The adjustment computed from the form: new amount, direction, and errors per field."""

    inputs: AdjustmentInput
    outcome: SimulationOutcome
    current_quarterly: Decimal | None = None
    new_quarterly: Decimal | None = None
    computed_direction: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def below_minimum(self) -> bool:
        """Main activity with an estimate under the minimum income: the minimum applies."""
        o = self.outcome
        return (
            o.simulation is not None
            and o.params is not None
            and o.simulation.category is Category.MAIN
            and o.simulation.income_basis > self._estimate()
        )

    def _estimate(self) -> Decimal:
        try:
            return parse_amount(self.inputs.income)
        except MoneyError:
            return Decimal(0)


class AdjustmentInvalid(AffilioError):
    """The adjustment form has errors: `check.errors` maps each field to a message."""

    status_code = 422
    code = "adjustment_invalid"

    def __init__(self, check: AdjustmentCheck) -> None:
        first = next(iter(check.errors.items()), ("", ""))
        super().__init__(first[1] or self.code, field=first[0] or None)
        self.check = check


class AdjustmentAlreadyOpen(AffilioError):
    """An adjustment of the same year is still open: the person is shown a link to it."""

    status_code = 409
    code = "adjustment_already_open"

    def __init__(self, request_id: uuid.UUID, reference: str | None, year: int) -> None:
        super().__init__(self.code)
        self.request_id = request_id
        self.reference = reference
        self.year = year


def _ordered(errors: dict[str, str]) -> dict[str, str]:
    return {name: errors[name] for name in FIELD_ORDER if name in errors}


def check_adjustment(actor: audit.Actor | None, inputs: AdjustmentInput) -> AdjustmentCheck:
    """Compute the new provisional amount and check the form (no database access)."""
    outcome = contribution_simulation(
        actor, SimulationInput(year=inputs.year, category=inputs.category, income=inputs.income)
    )
    errors = dict(outcome.errors)
    errors.pop("reference_income", None)
    if outcome.year is not None and outcome.year < clock.today().year and "year" not in errors:
        errors["year"] = texts.error_message("year.past")

    current: Decimal | None = None
    try:
        current = forms.money(inputs.current_quarterly)
    except forms.FieldError as exc:
        if exc.reason in ("not_a_number", "grouping", "too_many_decimals") and exc.message:
            errors["current_quarterly"] = exc.message
        else:
            code = "required" if exc.code == "required" else "invalid"
            errors["current_quarterly"] = texts.error_message(f"current_quarterly.{code}")

    new = outcome.simulation.quarterly_contribution if outcome.simulation else None
    computed: str | None = None
    if new is not None and current is not None:
        computed = "lower" if new < current else "raise" if new > current else None
        if new == current:
            errors["direction"] = texts.error_message("direction.same")

    direction = inputs.direction.strip()
    if direction not in DIRECTIONS:
        errors.setdefault("direction", texts.error_message("direction.required"))
    elif computed is not None and direction != computed:
        assert new is not None and current is not None
        errors.setdefault(
            "direction",
            texts.error_message(
                f"direction.mismatch_{direction}",
                new=texts.money(new),
                current=texts.money(current),
            ),
        )

    justification = inputs.justification.strip()
    # AR 38 art. 11 §2: a decrease is granted only on a motivated request with evidence.
    if (direction == "lower" or computed == "lower") and not justification:
        errors["justification"] = texts.error_message("justification.required")
    elif len(justification) > MAX_JUSTIFICATION:
        errors["justification"] = texts.error_message("justification.too_long")

    return AdjustmentCheck(
        inputs=inputs,
        outcome=outcome,
        current_quarterly=current,
        new_quarterly=new,
        computed_direction=computed,
        errors=_ordered(errors),
    )


async def request_provisional_adjustment(
    actor: audit.Actor,
    inputs: AdjustmentInput,
    *,
    idempotency_key: str,
    attachments: Sequence[NewAttachment] = (),
) -> SubmittedRequest:
    """File the adjustment request for the logged-in affiliate; the same key files it once."""
    check = check_adjustment(actor, inputs)
    if check.errors or check.outcome.simulation is None or actor.id is None:
        raise AdjustmentInvalid(check)
    simulation = check.outcome.simulation
    assert check.current_quarterly is not None and check.new_quarterly is not None
    # One open adjustment per year (issue 12): a second one is refused with a link to the first.
    for existing in await requests_queries.open_requests_of_kind(
        actor, KIND, except_key=idempotency_key
    ):
        if str(existing.answers.get("year")) == str(simulation.year):
            raise AdjustmentAlreadyOpen(existing.id, existing.reference, simulation.year)
    justification = inputs.justification.strip()
    answers = {
        "year": simulation.year,
        "category": simulation.category.value,
        "estimated_income": str(parse_amount(inputs.income)),
        "current_quarterly": f"{check.current_quarterly:.2f}",
        "new_quarterly": f"{check.new_quarterly:.2f}",
        "new_quarterly_total": f"{simulation.quarterly_total:.2f}",
        "direction": inputs.direction.strip(),
        # The legal justification (AR 38 art. 11 §2), shown to staff as the request's reason.
        "reason": justification,
    }
    try:
        async with transaction():
            return await submit_request(
                actor,
                person_id=actor.id,
                kind=KIND,
                answers=answers,
                idempotency_key=idempotency_key,
                attachments=attachments,
            )
    except FormInvalid as exc:
        errors = dict(check.errors)
        for name, message in exc.errors.items():
            errors.setdefault(_REQUEST_FIELDS.get(name, "justification"), message)
        raise AdjustmentInvalid(
            AdjustmentCheck(
                inputs=inputs,
                outcome=check.outcome,
                current_quarterly=check.current_quarterly,
                new_quarterly=check.new_quarterly,
                computed_direction=check.computed_direction,
                errors=_ordered(errors),
            )
        ) from exc


@dataclass(frozen=True)
class AdjustmentFacts:
    """What the fund already knows for the adjustment form (None: still to be asked)."""

    category: str | None = None
    current_quarterly: Decimal | None = None


async def adjustment_facts(actor: audit.Actor | None, year: str) -> AdjustmentFacts:
    """The affiliate's category (affiliation) and, when the fund's provisional amount of that
    year rests on an income it recorded for that year, the current amount per quarter."""
    status = await affiliation_queries.affiliation_for(actor)
    if status is None:
        return AdjustmentFacts()
    category = status.category_on(clock.today()).value
    current: Decimal | None = None
    income = status.declared_income
    if income is not None and str(status.declared_income_year) == year.strip():
        outcome = contribution_simulation(
            actor, SimulationInput(year=year, category=category, income=format(income, "f"))
        )
        if outcome.ok and outcome.simulation is not None:
            current = outcome.simulation.quarterly_contribution
    return AdjustmentFacts(category=category, current_quarterly=current)
