"""The affiliate's contribution account: /account/contributions, its notices, its statement;
and the account of each company they direct, /account/companies/{id}."""

from __future__ import annotations

import csv
import io
import uuid
from contextlib import suppress
from decimal import Decimal
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, Parameter
from litestar.response import Redirect, Template

from app.contributions.queries import CATEGORY_LABELS
from app.documents.uploads import MAX_BODY, read_uploads
from app.identity.guards import require_affiliate, who
from app.kit import clock, forms
from app.kit.api_params import MONEY_PATTERN
from app.kit.api_problems import (
    BAD_REQUEST,
    PROBLEM_SPEC,
    SESSION,
    SIGNED_IN_PROBLEMS,
    field_problem,
    validation_codes,
)
from app.kit.errors import FormInvalid
from app.kit.http import download
from app.kit.i18n import current_language
from app.kit.i18n import gettext as _
from app.kit.money import to_json
from app.payments import queries, service
from app.payments.court_controllers import court_context
from app.payments.messages import (
    EXEMPTION_REFUSAL,
    QUARTER_STATUS,
    QUARTER_STATUS_CLASS,
    STEP_DONE,
    STEP_DONE_COMPANY,
    STEP_NEXT,
    STEP_NEXT_COMPANY,
)
from app.payments.rules import plans as plan_rules
from app.payments.rules.ledger import QuarterPosition
from app.payments.schemas import (
    EXEMPTION_CAUSES,
    MAX_INSTALMENTS_ASKED,
    AccountOut,
    AccountQuarterOut,
    NoticeOut,
    PlanBreachOut,
    PlanLineOut,
    PlanPolicyOut,
    PlanPreviewOut,
    parse_exemption,
    parse_plan_terms,
)
from app.requests.kinds import choice_label

MAX_REASON = 5000


def _labels() -> dict[str, Any]:
    return {
        "quarter_status": QUARTER_STATUS,
        "quarter_status_class": QUARTER_STATUS_CLASS,
        "step_done": STEP_DONE,
        "step_next": STEP_NEXT,
    }


class AccountController(Controller):
    path = "/account/contributions"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(
        self, request: Request[Any, Any, Any], *, reason: str = "",
        errors: dict[str, str] | None = None, status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        view = await queries.account_for(actor)
        companies = await queries.companies_for(actor)
        waivers = await queries.waivers_for(actor)
        return Template(
            "payments/account.html",
            context={
                "account": view,
                **await court_context(actor),
                "companies": companies,
                "waivers": waivers,
                "reason": reason,
                "errors": errors or {},
                **_labels(),
            },
            status_code=status_code,
        )

    @get("/", name="payments:account")
    async def account(self, request: Request[Any, Any, Any]) -> Template:
        return await self._page(request)

    @post("/surcharge-waiver", name="payments:waiver")
    async def waiver(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """Ask, in one step, that the surcharges of the quarters now paid be waived."""
        _me, actor = await who(request)
        reason = str((await request.form()).get("reason") or "").strip()
        if not reason or len(reason) > MAX_REASON:
            message = (_("Tell us what kept you from paying on time") if not reason
                       else _("Keep it under 5 000 characters"))  # fmt: skip
            return await self._page(request, reason=reason[:MAX_REASON * 2],
                                    errors={"reason": message}, status_code=422)  # fmt: skip
        try:
            request_id = await service.request_waiver(actor, reason)
        except LookupError:
            return Redirect(path="/account/contributions", status_code=303)
        return Redirect(path=f"/requests/{request_id}", status_code=303)

    @get("/notices/{notice_id:uuid}", name="payments:notice")
    async def notice(
        self, request: Request[Any, Any, Any], notice_id: FromPath[uuid.UUID]
    ) -> Template:
        _me, actor = await who(request)
        detail = await queries.notice_for(actor, notice_id)
        return Template(
            "payments/notice.html",
            context={"detail": detail, "category_labels": CATEGORY_LABELS, **_labels()},
        )

    @post("/notices/{notice_id:uuid}/pdf", name="payments:notice_pdf")
    async def notice_pdf(
        self, request: Request[Any, Any, Any], notice_id: FromPath[uuid.UUID]
    ) -> Redirect:
        """The notice as a PDF, made by a worker; it appears in "My documents"."""
        _me, actor = await who(request)
        await service.attestations.request_notice_pdf(actor, notice_id)
        return Redirect(path="/documents?asked=notice", status_code=303)

    @get("/notices/{notice_id:uuid}/ubl", name="payments:notice_ubl")
    async def notice_ubl(
        self, request: Request[Any, Any, Any], notice_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        """The notice as a UBL 2.1 document (Peppol BIS Billing 3.0 shape) for bookkeeping
        software: downloaded only, never sent over Peppol (see app/payments/peppol.py)."""
        from app.payments.ubl_notices import notice_ubl

        _me, actor = await who(request)
        filename, body = await notice_ubl(actor, notice_id)
        return download(body, filename=filename, media_type="application/xml")

    @post("/statement/pdf", name="payments:statement_pdf")
    async def statement_pdf(self, request: Request[Any, Any, Any]) -> Redirect:
        """Today's account statement as a PDF, made by a worker; it appears in "My documents"."""
        _me, actor = await who(request)
        await service.letters.request_statement(actor)
        return Redirect(path="/documents?asked=statement", status_code=303)

    @get("/statement.csv", name="payments:statement")
    async def statement(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        """The account's history as a spreadsheet: amounts with a decimal point (what every
        spreadsheet reads), labels in the person's language."""
        _me, actor = await who(request)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow([_("Date"), _("Description"), _("Quarter"), _("Amount (EUR)"),
                         _("Balance (EUR)")])  # fmt: skip
        for line in await queries.statement_rows(actor):
            period = f"{line.year}-Q{line.quarter}" if line.year and line.quarter else ""
            label = _(line.label) if line.label else ""
            amounts = (f"{line.amount:.2f}", f"{line.running_balance:.2f}")
            writer.writerow([line.booked_on.isoformat(), label, period, *amounts])
        return Response(
            ("\ufeff" + out.getvalue()).encode("utf-8"),  # the BOM: Excel reads UTF-8 then
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": 'attachment; filename="affilio-account.csv"',
                "cache-control": "no-store",
            },
        )


class PlanController(Controller):
    """The payment-plan builder: what is owed, a proposal, its schedule at once, then filed."""

    path = "/account/contributions/plan"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(
        self, request: Request[Any, Any, Any], typed: dict[str, str], errors: dict[str, str],
        advance: Decimal | None, count: int | None, *, status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        today = clock.today()
        debt = await queries.plan_debt(actor, today)
        preview = None
        if debt.debt > 0 and advance is not None and count is not None:
            preview = queries.plan_preview(debt, advance, count, today)
            for field, text in service.plan_errors(preview).items():
                errors.setdefault(field, text)
        if not typed.get("advance") and debt.debt > 0 and "advance" not in errors:
            # A first visit: the policy's minimum advance over six months, or over the
            # months the payment-difficulty guide worked out (?instalments=), as a start.
            least = plan_rules.minimum_advance(plan_rules.load_policy(), debt.debt,
                                               debt.broken_plans)  # fmt: skip
            months = count if count is not None and typed.get("instalments") else 6
            typed = {**typed, "advance": f"{least}".replace(".", ","),
                     "instalments": str(months)}  # fmt: skip
            preview = queries.plan_preview(debt, least, months, today)
        running = await queries.running_plan_for(actor, today) if debt.open_plan else None
        offer = None
        if debt.open_plan is not None and debt.open_plan.offered:
            # The fund's terms on what is owed today: the schedule if accepted now.
            offer = queries.plan_preview(debt, debt.open_plan.advance, debt.open_plan.instalments,
                                         today)  # fmt: skip
        return Template(
            "payments/plan.html",
            context={
                "running": running,
                "offer": offer,
                "debt": debt,
                "preview": preview,
                "form": typed,
                "errors": errors,
                "messages": {
                    b.code.value: service.plan_message(b)
                    for b in (preview.breaches if preview else ())
                },
                **_labels(),
            },
            status_code=status_code,
        )

    @get("/payments/{number:int}/ubl", name="payments:plan_payment_ubl")
    async def payment_ubl(
        self, request: Request[Any, Any, Any], number: FromPath[int]
    ) -> Response[bytes]:
        """One payment of the running plan (0 the advance) as a UBL 2.1 document for
        bookkeeping software, like a due notice's."""
        from app.payments.ubl_notices import instalment_ubl

        _me, actor = await who(request)
        filename, body = await instalment_ubl(actor, number)
        return download(body, filename=filename, media_type="application/xml")

    @get("/", name="payments:plan")
    async def builder(self, request: Request[Any, Any, Any]) -> Template:
        """GET with advance and instalments: the preview (htmx swaps #plan-preview only)."""
        typed, errors, advance, count = parse_plan_terms(request.query_params)
        if not typed["advance"]:
            # A first visit (perhaps from the guide, with its months): no error shown, the
            # minimum advance is proposed over those months if they can be asked, else six.
            if "instalments" in errors:
                typed["instalments"] = ""
            errors = {}
        return await self._page(request, typed, errors, advance, count)

    @post("/", name="payments:plan_propose")
    async def propose(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        _me, actor = await who(request)
        typed, errors, advance, count = parse_plan_terms(await request.form())
        reason = typed["reason"].strip()
        if not reason or len(reason) > MAX_REASON:
            errors["reason"] = (_("Tell us why paying at once is difficult") if not reason
                                else _("Keep it under 5 000 characters"))  # fmt: skip
        if errors or advance is None or count is None:
            return await self._page(request, typed, errors, advance, count, status_code=422)
        try:
            request_id = await service.propose_plan(actor, advance=advance, instalments=count,
                                                    reason=reason)  # fmt: skip
        except FormInvalid as exc:
            return await self._page(request, typed, dict(exc.errors), advance, count,
                                    status_code=422)  # fmt: skip
        return Redirect(path=f"/requests/{request_id}", status_code=303)

    @post("/accept", name="payments:plan_accept")
    async def accept(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        """The fund's counter-proposal accepted in one step: the plan runs from today."""
        _me, actor = await who(request)
        try:
            await service.accept_offer(actor)
        except LookupError:
            pass  # nothing on offer (already answered, or expired overnight): the page says so
        except FormInvalid as exc:
            return await self._page(request, {}, dict(exc.errors), None, None, status_code=422)
        return Redirect(path="/account/contributions/plan", status_code=303)

    @post("/decline", name="payments:plan_decline")
    async def decline(self, request: Request[Any, Any, Any]) -> Redirect:
        _me, actor = await who(request)
        with suppress(LookupError):
            await service.decline_offer(actor)
        return Redirect(path="/account/contributions/plan", status_code=303)


class ExemptionController(Controller):
    """The exemption (dispense) request INASTI decides: the quarters that may still be asked,
    the situation, the documents; filed as a request the fund checks and forwards."""

    path = "/account/contributions/exemption"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(
        self, request: Request[Any, Any, Any], typed: dict[str, Any], errors: dict[str, str],
        *, status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        options = await queries.exemption_options(actor)
        return Template(
            "payments/exemption.html",
            context={
                "options": options,
                "form": {"quarters": [], "key": uuid.uuid4().hex, **typed},
                "errors": errors,
                "causes": [(c, choice_label(c)) for c in EXEMPTION_CAUSES],
                "refusals": EXEMPTION_REFUSAL,
            },
            status_code=status_code,
        )

    @get("/", name="payments:exemption")
    async def form(self, request: Request[Any, Any, Any], cause: FromQuery[str] = "") -> Template:
        """?cause= comes from the payment-difficulty guide's answer: chosen, still changeable."""
        return await self._page(request, {"cause": cause} if cause in EXEMPTION_CAUSES else {}, {})

    @post("/", name="payments:exemption_submit", request_max_body_size=MAX_BODY)
    async def submit(self, request: Request[Any, Any, Any]) -> Template | Redirect:
        _me, actor = await who(request)
        typed, errors, situation = parse_exemption(await request.form())
        if errors or situation is None:
            return await self._page(request, typed, errors, status_code=422)
        reason = situation.pop("reason")
        try:
            request_id = await service.request_exemption(
                actor, quarters=typed["quarters"], reason=reason, situation=situation,
                attachments=await read_uploads(request), key=typed["key"] or uuid.uuid4().hex,
            )  # fmt: skip
        except FormInvalid as exc:
            return await self._page(request, typed, dict(exc.errors), status_code=422)
        return Redirect(path=f"/requests/{request_id}?sent=1", status_code=303)


def _plan_messages(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    """Terms the schema refused: one message per field, in the plan builder's words."""
    raw = {k: str(request.query_params.get(k) or "")[:30] for k in ("advance", "instalments")}
    _typed, known, _amount, _count = parse_plan_terms(raw, ())
    words = {
        **known,
        "debt": _("Enter what you owe in euros, for example 944,29"),
        "broken_plans": _("Enter a number of broken plans between 0 and 99"),
        "advance": known.get("advance") or _("Enter the advance in euros, for example 400,00"),
        "instalments": known.get("instalments")
        or _("Enter a number of monthly instalments between 0 and 120"),
    }
    fields = validation_codes(exc)
    return field_problem(request, {f: words.get(f, words["debt"]) for f in fields})


class PaymentsApiController(Controller):
    """The account's JSON API. Stateless like the rest of /api (no session): the caller says
    what the plan would cover; the signed-in builder page computes the same from the ledger."""

    path = "/api/v1/payments"
    tags = ["payments"]
    exception_handlers = {ValidationException: _plan_messages}

    @get(
        "/plan-preview",
        name="payments:api-plan-preview",
        summary="Preview a payment plan under the fund's policy",
        description=(
            "`debt` is what the plan covers and `advance` the first payment, in euros "
            "(decimal strings, e.g. 944.29 and 200.00); `instalments` the number of monthly "
            "instalments after it (0 to 120); `broken_plans` how many plans the affiliate "
            "broke before (0 to 99, default 0: from two, the policy asks a larger advance). "
            "The answer checks the proposal against the fund's policy (breaches, and who may "
            "approve it) and lays out its schedule as if approved today. Bad parameters give "
            "a 422 problem-details body with one message per field."
        ),
        responses={400: BAD_REQUEST, 422: PROBLEM_SPEC},
    )
    async def plan_preview(
        self,
        request: Request[Any, Any, Any],
        debt: Annotated[str, Parameter(pattern=MONEY_PATTERN, description="What the plan covers")],
        advance: Annotated[str, Parameter(pattern=MONEY_PATTERN, description="First payment")],
        instalments: Annotated[
            int, Parameter(ge=0, le=MAX_INSTALMENTS_ASKED, description="Monthly instalments")
        ],
        broken_plans: Annotated[int, Parameter(ge=0, le=99, description="Plans broken before")] = 0,
    ) -> Response[PlanPreviewOut]:
        # The schema bounds every parameter (Litestar checks them first); the pages' parser
        # then reads the amounts as the builder does.
        terms = {"advance": advance, "instalments": str(instalments)}
        _typed, errors, amount, count = parse_plan_terms(terms, ())
        owed: Decimal | None = None
        try:
            owed = forms.money(debt)
        except forms.FieldError as exc:
            errors["debt"] = exc.message or _("Enter what you owe in euros, for example 944,29")
        broken = broken_plans
        if errors or amount is None or count is None or owed is None:
            return field_problem(request, errors)  # type: ignore[return-value]
        owing = queries.PlanDebt(owed, (), broken, None)
        preview = queries.plan_preview(owing, amount, count, clock.today())
        return Response(_preview_out(preview), headers={"content-language": current_language()})


def _preview_out(preview: queries.PlanPreview) -> PlanPreviewOut:
    lines = preview.schedule.lines if preview.schedule else ()
    return PlanPreviewOut(
        debt=f"{preview.debt.debt:.2f}",
        quarters=[f"{q.year}-Q{q.quarter}" for q in preview.debt.quarters],
        minimum_advance=f"{preview.minimum_advance:.2f}",
        approver=preview.approver.value if preview.approver else None,
        breaches=[PlanBreachOut(code=b.code.value, blocking=b.blocking,
                                message=service.plan_message(b)) for b in preview.breaches],
        lines=[PlanLineOut(number=line.number, due_on=line.due_on.isoformat(),
                           amount=f"{line.amount:.2f}") for line in lines],
        total=f"{preview.schedule.total:.2f}" if preview.schedule else None,
        policy=PlanPolicyOut(max_instalments=preview.policy.max_instalments,
                             min_instalment=f"{preview.policy.min_instalment:.2f}",
                             source=preview.policy.source, confirmed=preview.policy.confirmed),
    )  # fmt: skip


class CompanyAccountController(Controller):
    """A company's account, for its directors in office only (404 for anyone else)."""

    path = "/account/companies"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/{company_id:uuid}", name="payments:company")
    async def company(
        self, request: Request[Any, Any, Any], company_id: FromPath[uuid.UUID]
    ) -> Template:
        _me, actor = await who(request)
        data = await queries.company_account_for(actor, company_id)
        labels = {**_labels(), "step_done": STEP_DONE_COMPANY, "step_next": STEP_NEXT_COMPANY}
        return Template("payments/company.html", context={"data": data, **labels})


def _quarter_out(position: QuarterPosition) -> AccountQuarterOut:
    return AccountQuarterOut(
        year=position.year,
        quarter=position.quarter,
        due_on=position.due_on,
        charged=to_json(position.charged),
        settled=to_json(position.settled),
        outstanding=to_json(position.outstanding),
        status=position.status,
    )


class AccountApiController(Controller):
    """The affiliate's contribution account as JSON (the offline sync's copy): the balance per
    quarter and the due notices, the same reads as the account page."""

    path = "/api/v1/account"
    tags = ["account"]
    guards = [require_affiliate]

    @get(
        "/",
        name="payments:api-account",
        summary="The balance of the signed-in affiliate's account, per quarter",
        security=SESSION,
        responses={**SIGNED_IN_PROBLEMS},
    )
    async def account(self, request: Request[Any, Any, Any]) -> AccountOut:
        _me, actor = await who(request)
        view = await queries.account_for(actor, shown=0)
        return AccountOut(
            balance=to_json(view.balance),
            next_due=_quarter_out(view.next_due) if view.next_due else None,
            quarters=[_quarter_out(q) for q in view.quarters],
        )

    @get(
        "/notices",
        name="payments:api-notices",
        summary="The due notices of the signed-in affiliate's account, the latest first",
        security=SESSION,
        responses={**SIGNED_IN_PROBLEMS},
    )
    async def notices(self, request: Request[Any, Any, Any]) -> list[NoticeOut]:
        _me, actor = await who(request)
        view = await queries.account_for(actor, shown=0)
        return [
            NoticeOut(
                id=n.id,
                year=n.year,
                quarter=n.quarter,
                amount=to_json(n.amount),
                due_on=n.due_on,
                issued_on=n.issued_on,
                communication=n.communication,
                url=f"/account/contributions/notices/{n.id}",
            )
            for n in view.notices
        ]
