"""HTTP for contributions: the simulator page (htmx live), its JSON API, the adjustment request."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromQuery, Parameter
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.contributions import queries, service, texts
from app.contributions.queries import SimulationInput, SimulationOutcome
from app.contributions.rules.categories import Category
from app.contributions.schemas import (
    ExplanationLineOut,
    FieldErrorOut,
    ProblemOut,
    QuarterOut,
    SimulationOut,
    UnconfirmedOut,
)
from app.documents.uploads import NewAttachment
from app.identity.guards import audit_actor, current_actor, require_affiliate
from app.kit import audit, clock, htmx, i18n
from app.kit.money import to_json
from app.kit.problems import PROBLEM_JSON, TITLES

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


PROBLEM_SPEC = ResponseSpec(
    data_container=ProblemOut,
    media_type=PROBLEM_JSON,
    description="Invalid parameters: one message per field, in the request's language.",
)


class SimulatorApiController(Controller):
    path = "/api/v1/contributions"
    tags = ["contributions"]

    @get(
        "/simulation",
        name="contributions:api-simulation",
        summary="Simulate the provisional social contributions of a year",
        description=(
            "Exactly one of `income` (estimated annual net taxable professional income) or "
            "`reference_income` (income of year N-3, revalued with the year's coefficient). "
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
        year: Annotated[
            str | None,
            Parameter(description="Contribution year (default: this year). E.g. 2025"),
        ] = None,
        category: Annotated[
            str | None,
            Parameter(description="One of: " + ", ".join(c.value for c in Category)),
        ] = None,
        income: Annotated[
            str | None, Parameter(description="Estimated annual income in euros, e.g. 25000")
        ] = None,
        reference_income: Annotated[
            str | None, Parameter(description="Income of year N-3 in euros (to be revalued)")
        ] = None,
        lang: Annotated[str | None, Parameter(description="fr, nl or en")] = None,
    ) -> Response[SimulationOut]:
        language = negotiated_language(lang, request.headers.get("accept-language"))
        with i18n.language(language):
            outcome = queries.contribution_simulation(
                None,
                SimulationInput(
                    year=year, category=category, income=income, reference_income=reference_income
                ),
            )
            if not outcome.ok:
                # The 422 body is documented in `responses=`; the annotation names the 200 model.
                return self._problem(request, outcome, language)  # type: ignore[return-value]
            body = simulation_out(outcome)
        return Response(body, headers={"content-language": language, "vary": "accept-language"})

    @staticmethod
    def _problem(
        request: Request[Any, Any, Any], outcome: SimulationOutcome, language: str
    ) -> Response[ProblemOut]:
        errors = [FieldErrorOut(field=k, message=v) for k, v in outcome.errors.items()]
        problem = ProblemOut(
            type="about:blank",
            title=TITLES[422],
            status=422,
            detail="; ".join(f"{e.field}: {e.message}" for e in errors),
            instance=request.url.path,
            errors=errors,
            request_id=request.scope.get("state", {}).get("request_id"),
        )
        return Response(
            problem,
            status_code=422,
            media_type=PROBLEM_JSON,
            headers={"content-language": language},
        )


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
    }


def _plain_amount(value: Decimal) -> str:
    """25000.00 -> "25000"; 25000.50 -> "25000.50" (what a person would type)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.quantize(Decimal("0.01")), "f")


class SimulatorController(Controller):
    path = "/simulator"
    include_in_schema = False

    @get("/", name="contributions:simulator")
    async def simulator(
        self,
        request: HTMXRequest,
        year: FromQuery[str | None] = None,
        category: FromQuery[str | None] = None,
        income: FromQuery[str | None] = None,
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
        typed = income not in (None, "")
        form = {
            "year": year or str(queries.default_year(clock.today())),
            "category": category if category is not None else Category.MAIN.value,
            "income": income or "",
        }
        inputs = SimulationInput(year=form["year"], category=form["category"], income=income)
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
        check = service.check_adjustment(actor, inputs)
        context = _adjust_context(check, errors={}, idempotency_key=uuid.uuid4().hex)
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
        try:
            submitted = await service.request_provisional_adjustment(
                audit_actor(request), inputs, idempotency_key=key, attachments=attachments
            )
        except service.AdjustmentInvalid as exc:
            context = _adjust_context(exc.check, errors=exc.check.errors, idempotency_key=key)
            return Template("contributions/adjust.html", context=context, status_code=422)
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
    }


ROUTE_HANDLERS: list[Any] = [SimulatorController, SimulatorApiController]
