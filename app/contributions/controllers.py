"""HTTP for contributions: the simulator page (htmx live), its JSON API, the adjustment request."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from enum import Enum, IntEnum
from typing import Annotated, Any, Literal

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.params import Body, FromQuery, Parameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.contributions import estimates, queries, service, texts
from app.contributions.estimates import (
    RegularisationInput,
    RegularisationOutcome,
    SurchargeInput,
    SurchargeOutcome,
)
from app.contributions.queries import SimulationInput, SimulationOutcome
from app.contributions.rules.categories import Category
from app.contributions.rules.parameters import load_year
from app.contributions.schemas import (
    ExplanationLineOut,
    QuarterOut,
    RegularisationOut,
    RegularisedQuarterOut,
    SimulationOut,
    StarterQuarterOut,
    SurchargeLineOut,
    SurchargeOut,
    UnconfirmedOut,
)
from app.documents.uploads import NewAttachment
from app.identity.guards import audit_actor, current_actor, require_affiliate
from app.kit import audit, clock, htmx, i18n
from app.kit.api_params import MONEY_PATTERN, iso_date_pattern
from app.kit.api_problems import PROBLEM_SPEC, ProblemOut, field_problem, validation_codes
from app.kit.money import to_json
from app.kit.page_cache import SAME_FOR_VISITORS
from app.requests import queries as requests_queries

SENT_KEY = "contributions_adjustment_sent"
MAX_UPLOAD = 10 * 1024 * 1024 + 1


# ------------------------------------------------------------------------------- JSON API


def _decimal(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value, "f")


def simulation_out(outcome: SimulationOutcome) -> SimulationOut:
    s = outcome.simulation
    assert s is not None
    return SimulationOut(
        year=s.year,
        category=s.category.value,
        income_basis=to_json(s.income_basis),
        annual_contribution=to_json(s.annual_contribution),
        quarterly_contribution=to_json(s.quarterly_contribution),
        management_fee_rate=format(s.management_fee_rate, "f"),
        quarterly_management_fee=to_json(s.quarterly_management_fee),
        quarterly_total=to_json(s.quarterly_total),
        quarters=[
            QuarterOut(quarter=q.quarter, due_date=q.due_date, amount=to_json(q.amount))
            for q in s.quarters
        ],
        explanation=[
            ExplanationLineOut(
                code=e.line.code,
                text=e.text,
                base=_decimal(e.line.base),
                rate=_decimal(e.line.rate),
                amount=_decimal(e.line.amount),
            )
            for e in outcome.lines
        ],
        unconfirmed=[
            UnconfirmedOut(name=f.name, status=f.status, label=f.label, source=f.source)
            for f in outcome.flagged
        ],
        starter_calendar=[
            StarterQuarterOut(
                year=q.year,
                quarter=q.quarter,
                due_date=q.due_date,
                extended=q.extended,
                amount=to_json(q.amount),
            )
            for q in s.calendar
        ]
        or None,
        first_quarter_reduction=(
            to_json(s.first_quarter_reduction) if s.first_quarter_reduction is not None else None
        ),
    )


def _explained(lines: tuple[queries.ExplainedLine, ...]) -> list[ExplanationLineOut]:
    return [
        ExplanationLineOut(
            code=e.line.code,
            text=e.text,
            base=_decimal(e.line.base),
            rate=_decimal(e.line.rate),
            amount=_decimal(e.line.amount),
        )
        for e in lines
    ]


def regularisation_out(outcome: RegularisationOutcome) -> RegularisationOut:
    r = outcome.result
    assert r is not None
    return RegularisationOut(
        year=r.year,
        category=r.quarters[0].category.value,
        real_income=to_json(r.real_income),
        income_basis=to_json(r.income_basis),
        quarters=[
            RegularisedQuarterOut(
                quarter=q.quarter,
                provisional=to_json(q.provisional),
                definitive=to_json(q.definitive),
                difference=to_json(q.difference),
            )
            for q in r.quarters
        ],
        total_provisional=to_json(r.total_provisional),
        total_definitive=to_json(r.total_definitive),
        balance_due=to_json(r.balance_due),
        refund=to_json(r.refund),
        supplement_due_date=r.supplement_due_date,
        explanation=_explained(outcome.lines),
    )


def surcharge_out(outcome: SurchargeOutcome) -> SurchargeOut:
    r = outcome.result
    assert r is not None
    return SurchargeOut(
        amount=to_json(r.amount),
        due_date=r.due_date,
        settled_on=r.settled_on,
        paid=r.paid,
        lines=[
            SurchargeLineOut(
                code=line.code,
                on=line.on,
                base=to_json(line.base),
                rate=format(line.rate, "f"),
                amount=to_json(line.amount),
            )
            for line in r.lines
        ],
        stopped_on=r.stopped_on,
        total=to_json(r.total),
        explanation=_explained(outcome.lines),
    )


def negotiated_language(lang: str | None, accept_language: str | None) -> str:
    """?lang= first, then Accept-Language (by q-value), then the cookie's or default language."""
    chosen = i18n.normalise(lang)
    if chosen:
        return chosen
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        pieces = part.strip().split(";")
        quality = 1.0
        for param in pieces[1:]:
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        code = i18n.normalise(pieces[0])
        if code and quality > 0:
            ranked.append((-quality, index, code))
    return sorted(ranked)[0][2] if ranked else i18n.current_language()


# The API's parameters are typed: Litestar checks them against the very annotations the OpenAPI
# document is generated from, so the schema accepts exactly what the API accepts.
# Dates the estimates accept (estimates.EARLIEST..LATEST; a due date in a year with figures;
# a payment not after today, as of the document's making: it is generated at start-up).
REVISION_DATES = iso_date_pattern(range(estimates.EARLIEST.year, estimates.LATEST.year + 1))
DUE_DATES = iso_date_pattern(queries.years())
PAID_DATES = iso_date_pattern(range(estimates.EARLIEST.year, clock.today().year + 1),
                              until=clock.today())  # fmt: skip
YEARS = queries.years()
REFERENCE_YEARS = tuple(y for y in YEARS if load_year(y).revaluation_coefficient is not None)
# The years whose revaluation coefficient is published (not always consecutive): an enum.
ReferenceYear = IntEnum(  # type: ignore[misc]
    "ReferenceYear", {f"Y{year}": year for year in REFERENCE_YEARS}
)
SIMULATION_FIELDS = ("year", "category", "income", "reference_income", "start_quarter",
                     "first_quarter_reduction", "pension")  # fmt: skip
assert YEARS == tuple(range(min(YEARS), max(YEARS) + 1)), "the year files have a gap"
Lang = Literal["fr", "nl", "en"]
PensionSituation = Enum(  # type: ignore[misc]
    "PensionSituation", {key: key for key in queries.PENSION_SITUATIONS}, type=str
)


def _money_param(description: str) -> Any:
    return Parameter(pattern=MONEY_PATTERN, description=description)


def _api_error(field: str, code: str) -> str:
    """The simulator's own words for a parameter the schema refused (kit.api_problems)."""
    values = {"years": ", ".join(str(y) for y in YEARS),
              "choices": ", ".join(c.value for c in Category), "year": ""}  # fmt: skip
    suffix = {"required": "required", "blank": "required"}.get(code, "invalid")
    for candidate in (f"{field}.{suffix}", f"{field}.invalid", f"{field}.not_a_number",
                      f"{field}.unknown"):  # fmt: skip
        if candidate in texts.error_codes():
            return texts.error_message(candidate, **values)
    return texts.error_message("", **values)


def _domain_errors(request: Request[Any, Any, Any]) -> dict[str, str]:
    """What the pages would say of the same parameters, as typed (the same words)."""
    raw = {key: str(value)[:200] for key, value in request.query_params.items()}
    path = request.url.path
    if path.endswith("/regularisation"):
        fields = {k: raw.get(k, "") for k in estimates.REGULARISATION_FIELDS}
        return estimates.regularisation_estimate(RegularisationInput(**fields)).errors
    if path.endswith("/surcharge"):
        fields = {k: raw.get(k, "") for k in estimates.SURCHARGE_FIELDS}
        return estimates.surcharge_estimate(SurchargeInput(**fields)).errors
    inputs = SimulationInput(**{k: raw.get(k) for k in SIMULATION_FIELDS})
    return queries.contribution_simulation(None, inputs).errors


def _invalid_parameters(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Parameters the schema refused: one message per field, the simulator pages' words."""
    language = negotiated_language(
        request.query_params.get("lang"), request.headers.get("accept-language")
    )
    declared = set(request.route_handler.parsed_fn_signature.parameters)
    with i18n.language(language):
        known = {k: v for k, v in _domain_errors(request).items() if k in declared}
        refused = {
            field: known.get(field) or _api_error(field, code)
            for field, code in validation_codes(exc).items()
        }
        # Every field at once, as the pages do: what the schema refused, and what else is wrong.
        errors = {**refused, **{k: v for k, v in known.items() if k not in refused}}
    return field_problem(request, errors, language=language)


YearParam = Annotated[
    int | None,
    Parameter(ge=min(YEARS), le=max(YEARS),
              description=f"Contribution year, {min(YEARS)} to {max(YEARS)} (default: this year)"),
]  # fmt: skip
ReferenceYearParam = Annotated[
    ReferenceYear | None,
    Parameter(description="Contribution year whose revaluation coefficient is published"),
]
CategoryParam = Annotated[
    Category, Parameter(description="One of: " + ", ".join(c.value for c in Category))
]
StartQuarterParam = Annotated[
    int | None,
    Parameter(ge=1, le=4, description="A starter: the quarter (1-4) the activity starts in; "
              "gives the first year's calendar"),
]  # fmt: skip
ReductionParam = Annotated[
    bool, Parameter(description="true: ask the reduction of the first main-activity quarter")
]
PensionParam = Annotated[
    PensionSituation | None, Parameter(description="Category pensioner: the situation")
]
LangParam = Annotated[Lang | None, Parameter(description="fr, nl or en")]


class SimulatorApiController(Controller):
    """The simulator as JSON. Its three ways to give the income are three operations, each
    with its own required parameter: an estimate (`/simulation`), the income of year N-3
    (`/simulation/reference-income`), or none for a starter (`/simulation/starter`), so the
    document says exactly which combinations are answered."""

    path = "/api/v1/contributions"
    tags = ["contributions"]
    exception_handlers = {ValidationException: _invalid_parameters}

    @get(
        "/simulation",
        name="contributions:api-simulation",
        summary="Simulate the provisional social contributions of a year from an estimate",
        description=(
            "`income` is the estimated annual net taxable professional income, in euros. "
            "Money is a decimal string with two decimals; rates are decimal strings. "
            "Texts follow `lang` or Accept-Language (fr, nl, en). Bad parameters give a 422 "
            "problem-details body with one message per field."
        ),
        responses={422: PROBLEM_SPEC},
        sync_to_thread=False,
    )
    def simulation(
        self,
        request: Request[Any, Any, Any],
        category: CategoryParam,
        income: Annotated[str, _money_param("Estimated annual income in euros, e.g. 25000")],
        year: YearParam = None,
        start_quarter: StartQuarterParam = None,
        first_quarter_reduction: ReductionParam = False,
        pension: PensionParam = None,
        lang: LangParam = None,
    ) -> Response[SimulationOut]:
        return self._simulate(request, lang, year=year, category=category, income=income,
                              start_quarter=start_quarter, reduction=first_quarter_reduction,
                              pension=pension)  # fmt: skip

    @get(
        "/simulation/reference-income",
        name="contributions:api-simulation-reference",
        summary="Simulate the provisional contributions from the income of year N-3",
        description=(
            "`reference_income` is the income of year N-3, revalued with the year's "
            "coefficient; the years whose coefficient is published: "
            + ", ".join(str(y) for y in REFERENCE_YEARS)
            + ". Otherwise as `/simulation`."
        ),
        responses={422: PROBLEM_SPEC},
        sync_to_thread=False,
    )
    def simulation_from_reference(
        self,
        request: Request[Any, Any, Any],
        category: CategoryParam,
        reference_income: Annotated[str, _money_param("Income of year N-3 in euros")],
        year: ReferenceYearParam = None,
        start_quarter: StartQuarterParam = None,
        first_quarter_reduction: ReductionParam = False,
        pension: PensionParam = None,
        lang: LangParam = None,
    ) -> Response[SimulationOut]:
        chosen = int(year) if year is not None else max(REFERENCE_YEARS)
        return self._simulate(request, lang, year=chosen, category=category,
                              reference_income=reference_income, start_quarter=start_quarter,
                              reduction=first_quarter_reduction, pension=pension)  # fmt: skip

    @get(
        "/simulation/starter",
        name="contributions:api-simulation-starter",
        summary="A starter's first year without an estimate: the default starting amount",
        description=(
            "`start_quarter` is the quarter (1-4) the activity starts in; without an income "
            "the law's default starting amount applies (AR 38 art. 13bis). Otherwise as "
            "`/simulation`."
        ),
        responses={422: PROBLEM_SPEC},
        sync_to_thread=False,
    )
    def simulation_for_starter(
        self,
        request: Request[Any, Any, Any],
        category: CategoryParam,
        start_quarter: Annotated[int, Parameter(ge=1, le=4, description="The starting quarter")],
        year: YearParam = None,
        first_quarter_reduction: ReductionParam = False,
        pension: PensionParam = None,
        lang: LangParam = None,
    ) -> Response[SimulationOut]:
        return self._simulate(request, lang, year=year, category=category,
                              start_quarter=start_quarter, reduction=first_quarter_reduction,
                              pension=pension)  # fmt: skip

    def _simulate(
        self,
        request: Request[Any, Any, Any],
        lang: str | None,
        *,
        year: int | None,
        category: Category,
        income: str = "",
        reference_income: str = "",
        start_quarter: int | None,
        reduction: bool,
        pension: PensionSituation | None,
    ) -> Response[SimulationOut]:
        # Exactly one way to give the income per operation: the other one's parameter is a
        # client that meant another operation, told so rather than ignored.
        given = {name for name in ("income", "reference_income") if name in request.query_params}
        if len(given) > 1 or (given and not (income or reference_income)):
            language = negotiated_language(lang, request.headers.get("accept-language"))
            with i18n.language(language):
                both = texts.error_message("income.both")
            return field_problem(request, dict.fromkeys(sorted(given), both),  # type: ignore[return-value]
                                 language=language)  # fmt: skip
        inputs = SimulationInput(
            year=str(year) if year is not None else None,
            category=category.value,
            income=income,
            reference_income=reference_income,
            start_quarter=str(start_quarter) if start_quarter is not None else None,
            first_quarter_reduction="true" if reduction else None,
            pension=pension.value if pension is not None else None,
        )
        return self._answer(
            request,
            lang,
            lambda: queries.contribution_simulation(None, inputs),
            simulation_out,
        )

    @get(
        "/regularisation",
        name="contributions:api-regularisation",
        summary="Estimate the regularisation of a year from its definitive income",
        description=(
            "The fund recomputes the year on the real income (without revaluation) and "
            "compares it with the provisional contribution paid per quarter (`provisional`, "
            "net of the management fee, the same each quarter). `revision_date` (YYYY-MM-DD, "
            "2000 to 2100, default today) sets the supplement's due date. Bad parameters give "
            "a 422."
        ),
        responses={422: PROBLEM_SPEC},
        sync_to_thread=False,
    )
    def regularisation(
        self,
        request: Request[Any, Any, Any],
        category: CategoryParam,
        real_income: Annotated[str, _money_param("The year's definitive income in euros")],
        provisional: Annotated[str, _money_param("Provisional contribution paid per quarter")],
        year: YearParam = None,
        revision_date: Annotated[
            str | None,
            Parameter(pattern=REVISION_DATES, description="YYYY-MM-DD, 2000 to 2100"),
        ] = None,
        lang: LangParam = None,
    ) -> Response[RegularisationOut]:
        inputs = RegularisationInput(
            year=str(year) if year is not None else "",
            category=category.value,
            real_income=real_income,
            provisional=provisional,
            revision_date=revision_date or "",
        )
        return self._answer(
            request,
            lang,
            lambda: estimates.regularisation_estimate(inputs),
            regularisation_out,
        )

    @get(
        "/surcharge",
        name="contributions:api-surcharge",
        summary="Estimate the surcharges on a contribution paid late",
        description=(
            "3 % at each quarter end while unpaid and 7 % once on what is unpaid at 31 "
            "December; they stop at the quarter before the one in which the regularisation is "
            "communicated (`communicated_on`). `due_date` falls in a year with published "
            "figures; `paid_on` (not after today; absent: still unpaid today) and "
            "`communicated_on` are YYYY-MM-DD. Bad parameters give a 422."
        ),
        responses={422: PROBLEM_SPEC},
        sync_to_thread=False,
    )
    def surcharge(
        self,
        request: Request[Any, Any, Any],
        amount: Annotated[str, _money_param("The contribution paid late, in euros")],
        due_date: Annotated[
            str, Parameter(pattern=DUE_DATES, description="YYYY-MM-DD, in a year with figures")
        ],
        paid_on: Annotated[
            str | None, Parameter(pattern=PAID_DATES, description="YYYY-MM-DD, not after today")
        ] = None,
        communicated_on: Annotated[
            str | None, Parameter(pattern=REVISION_DATES, description="YYYY-MM-DD, 2000-2100")
        ] = None,
        lang: LangParam = None,
    ) -> Response[SurchargeOut]:
        inputs = SurchargeInput(
            amount=amount,
            due_date=due_date,
            paid_on=paid_on or "",
            communicated_on=communicated_on or "",
        )
        return self._answer(
            request,
            lang,
            lambda: estimates.surcharge_estimate(inputs),
            surcharge_out,
        )

    def _answer(
        self,
        request: Request[Any, Any, Any],
        lang: str | None,
        estimate: Callable[[], Any],
        to_body: Callable[[Any], Any],
    ) -> Any:
        """The API's answer in the negotiated language: the body, or a 422 problem (documented
        in `responses=`; the handlers' annotations name the 200 model)."""
        language = negotiated_language(lang, request.headers.get("accept-language"))
        with i18n.language(language):
            outcome = estimate()
            if not outcome.ok:
                return self._problem(request, outcome, language)
            body = to_body(outcome)
        return Response(body, headers={"content-language": language, "vary": "accept-language"})

    @staticmethod
    def _problem(
        request: Request[Any, Any, Any],
        outcome: SimulationOutcome | RegularisationOutcome | SurchargeOutcome,
        language: str,
    ) -> Response[ProblemOut]:
        return field_problem(request, outcome.errors, language=language)


# ------------------------------------------------------------------------------ HTML pages


def _category_options() -> list[tuple[str, str, str]]:
    return [
        (c.value, str(texts.CATEGORY_LABELS[c]), str(texts.CATEGORY_HINTS[c])) for c in Category
    ]


def _page_context(
    outcome: SimulationOutcome, form: dict[str, str], actor: audit.Actor | None
) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "form": form,
        "errors": outcome.errors,
        "years": queries.years(),
        "year_options": [(str(y), str(y)) for y in queries.years()],
        "category_options": _category_options(),
        "category_labels": {c.value: str(texts.CATEGORY_LABELS[c]) for c in Category},
        "is_affiliate": actor is not None and actor.kind == "affiliate",
        "logged_in": actor is not None and actor.kind in ("affiliate", "staff"),
        "pct": texts.rate,
        "pension_options": [(k, str(v)) for k, v in texts.PENSION_LABELS.items()],
        "quarter_options": [("", str(texts.NOT_STARTING))]
        + [(str(q), str(texts.quarter_label(q))) for q in (1, 2, 3, 4)],
    }


def _regularisation_year() -> int:
    """The year a regularisation is usually about now: two years back, if its figures exist."""
    target = queries.default_year(clock.today()) - 2
    known = queries.years()
    return max((y for y in known if y <= target), default=min(known))


def _plain_amount(value: Decimal) -> str:
    """25000.00 -> "25000"; 25000.50 -> "25000.50" (what a person would type)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.quantize(Decimal("0.01")), "f")


class SimulatorController(Controller):
    path = "/simulator"
    include_in_schema = False

    @get("/", name="contributions:simulator", opt=SAME_FOR_VISITORS)
    async def simulator(
        self,
        request: HTMXRequest,
        year: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        income: FromQuery[str | None] = None,
        start_quarter: FromQuery[str | None] = None,
        first_quarter_reduction: FromQuery[str | None] = None,
        pension: FromQuery[str | None] = None,
    ) -> Template:
        await current_actor(request)  # loads the session's actor for audit_actor
        actor = audit_actor(request)
        prefill = None
        if income is None and not htmx.is_partial(request):
            # Logged in: start from what the fund knows; explicit URL parameters always win.
            prefill = await queries.simulator_prefill(actor)
            if prefill is not None:
                if category is None:
                    category = prefill.category
                if prefill.income is not None:
                    income = _plain_amount(prefill.income)
        typed = income not in (None, "") or start_quarter not in (None, "")
        form = {
            "year": year or str(queries.default_year(clock.today())),
            "category": category if category is not None else Category.MAIN.value,
            "income": income or "",
            "start_quarter": start_quarter or "",
            "first_quarter_reduction": first_quarter_reduction or "",
            "pension": pension or "",
        }
        inputs = SimulationInput(
            year=form["year"],
            category=form["category"],
            income=income,
            start_quarter=start_quarter,
            first_quarter_reduction=first_quarter_reduction,
            pension=pension,
        )
        outcome = queries.contribution_simulation(actor, inputs)
        if not typed:
            # A first visit shows an empty form, not "enter your income" in red.
            outcome = SimulationOutcome(inputs, year=outcome.year, params=outcome.params)
        context = _page_context(outcome, form, actor)
        context["prefill"] = prefill
        context["htmx"] = htmx.is_partial(request)
        return htmx.page_or_partial(
            request,
            page="contributions/simulator.html",
            partial="contributions/_result.html",
            context=context,
        )

    @get("/regularisation", name="contributions:regularisation")
    async def regularisation(
        self,
        request: HTMXRequest,
        year: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        real_income: FromQuery[str | None] = None,
        provisional: FromQuery[str | None] = None,
        revision_date: FromQuery[str | None] = None,
    ) -> Template:
        inputs = RegularisationInput(
            year=year or str(_regularisation_year()),
            category=category or Category.MAIN.value,
            real_income=real_income or "",
            provisional=provisional or "",
            revision_date=revision_date or "",
        )
        typed = bool((real_income or "").strip() or (provisional or "").strip())
        outcome = (
            estimates.regularisation_estimate(inputs) if typed else RegularisationOutcome(inputs)
        )
        context = {
            "outcome": outcome,
            "form": inputs.as_form(),
            "errors": outcome.errors,
            "year_options": [(str(y), str(y)) for y in queries.years()],
            "category_options": _category_options(),
            "category_labels": {c.value: str(texts.CATEGORY_LABELS[c]) for c in Category},
            "htmx": htmx.is_partial(request),
        }
        return htmx.page_or_partial(
            request,
            page="contributions/regularisation.html",
            partial="contributions/_regularisation_result.html",
            context=context,
        )

    @get("/surcharge", name="contributions:surcharge")
    async def surcharge(
        self,
        request: HTMXRequest,
        amount: FromQuery[str | None] = None,
        due_date: FromQuery[str | None] = None,
        paid_on: FromQuery[str | None] = None,
        communicated_on: FromQuery[str | None] = None,
    ) -> Template:
        inputs = SurchargeInput(
            amount=amount or "",
            due_date=due_date or "",
            paid_on=paid_on or "",
            communicated_on=communicated_on or "",
        )
        typed = bool((amount or "").strip() or (due_date or "").strip())
        outcome = estimates.surcharge_estimate(inputs) if typed else SurchargeOutcome(inputs)
        context = {
            "outcome": outcome,
            "form": inputs.as_form(),
            "errors": outcome.errors,
            "htmx": htmx.is_partial(request),
            "pct": texts.rate,
        }
        return htmx.page_or_partial(
            request,
            page="contributions/surcharge.html",
            partial="contributions/_surcharge_result.html",
            context=context,
        )

    @get("/adjust", name="contributions:adjust", guards=[require_affiliate])
    async def adjust_form(
        self,
        request: HTMXRequest,
        year: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        income: FromQuery[str | None] = None,
        current_quarterly: FromQuery[str | None] = None,
        direction: FromQuery[str | None] = None,
    ) -> Template:
        await current_actor(request)
        actor = audit_actor(request)
        inputs = service.AdjustmentInput(
            year=year or str(queries.default_year(clock.today())),
            category=category or Category.MAIN.value,
            income=income or "",
            current_quarterly=current_quarterly or "",
            direction=direction or "",
        )
        facts = await service.adjustment_facts(actor, inputs.year)
        inputs = _with_facts(inputs, facts)
        check = service.check_adjustment(actor, inputs)
        context = _adjust_context(check, errors={}, idempotency_key=uuid.uuid4().hex)
        context["facts"] = facts
        context["already_open"] = await _open_adjustment(actor, check)
        return htmx.page_or_partial(
            request,
            page="contributions/adjust.html",
            partial="contributions/_adjust_preview.html",
            context=context,
        )

    @post("/adjust", name="contributions:adjust-submit", guards=[require_affiliate])
    async def adjust_submit(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)],
    ) -> Template | Redirect:
        def text(name: str) -> str:
            value = data.get(name)
            return value.strip() if isinstance(value, str) else ""

        inputs = service.AdjustmentInput(
            year=text("year"),
            category=text("category"),
            income=text("income"),
            current_quarterly=text("current_quarterly"),
            direction=text("direction"),
            justification=text("justification"),
        )
        attachments: list[NewAttachment] = []
        upload = data.get("attachment")
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read(MAX_UPLOAD)
            attachments.append(NewAttachment(filename=upload.filename, data=content))
        key = text("idempotency_key") or uuid.uuid4().hex
        actor = audit_actor(request)
        facts = await service.adjustment_facts(actor, inputs.year)
        inputs = _with_facts(inputs, facts)
        try:
            submitted = await service.request_provisional_adjustment(
                actor, inputs, idempotency_key=key, attachments=attachments
            )
        except service.AdjustmentInvalid as exc:
            context = _adjust_context(exc.check, errors=exc.check.errors, idempotency_key=key)
            context["facts"] = facts
            # A browser never sends a file back: say so next to the field (issue 12).
            context["dropped_file"] = attachments[0].filename if attachments else ""
            return Template("contributions/adjust.html", context=context, status_code=422)
        except service.AdjustmentAlreadyOpen as exc:
            check = service.check_adjustment(actor, inputs)
            context = _adjust_context(check, errors={}, idempotency_key=key)
            context["facts"] = facts
            context["already_open"] = exc
            return Template("contributions/adjust.html", context=context, status_code=409)
        request.session[SENT_KEY] = {"reference": submitted.reference, "id": str(submitted.id)}
        return Redirect(path="/simulator/adjust/sent", status_code=303)

    @get("/adjust/sent", name="contributions:adjust-sent", guards=[require_affiliate])
    async def adjust_sent(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        sent = request.session.get(SENT_KEY)
        if not isinstance(sent, dict):
            return Redirect(path="/simulator", status_code=303)
        return Template(
            "contributions/adjust_sent.html",
            context={"reference": sent.get("reference") or "", "request_id": sent.get("id")},
        )


def _with_facts(
    inputs: service.AdjustmentInput, facts: service.AdjustmentFacts
) -> service.AdjustmentInput:
    """What the fund knows replaces what the form would ask (shown as facts, not fields)."""
    return replace(
        inputs,
        category=facts.category or inputs.category,
        current_quarterly=(
            _plain_amount(facts.current_quarterly)
            if facts.current_quarterly is not None
            else inputs.current_quarterly
        ),
    )


async def _open_adjustment(
    actor: audit.Actor, check: service.AdjustmentCheck
) -> service.AdjustmentAlreadyOpen | None:
    year = check.outcome.year
    if year is None or actor.kind != "affiliate":
        return None
    for existing in await requests_queries.open_requests_of_kind(actor, service.KIND):
        if str(existing.answers.get("year")) == str(year):
            return service.AdjustmentAlreadyOpen(existing.id, existing.reference, year)
    return None


def _adjust_context(
    check: service.AdjustmentCheck, *, errors: dict[str, str], idempotency_key: str
) -> dict[str, Any]:
    outcome = check.outcome
    params = outcome.params
    this_year = clock.today().year
    adjustable = [y for y in queries.years() if y >= this_year] or [max(queries.years())]
    return {
        "check": check,
        "form": check.inputs.as_form(),
        "errors": errors,
        "outcome": outcome,
        "params": params,
        "year_options": [(str(y), str(y)) for y in adjustable],
        "category_options": _category_options(),
        "direction_options": [(k, str(v)) for k, v in texts.DIRECTION_LABELS.items()],
        "idempotency_key": idempotency_key,
        "pct": texts.rate,
        "facts": service.AdjustmentFacts(),
        "already_open": None,
        "dropped_file": "",
        "category_labels": {c.value: str(texts.CATEGORY_LABELS[c]) for c in Category},
    }


ROUTE_HANDLERS: list[Any] = [SimulatorController, SimulatorApiController]
