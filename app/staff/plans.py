"""The fund's counter-proposal on a payment plan: other terms (advance, instalments) with the
reasons; the request is then partly granted and the affiliate accepts the terms in one step
(app.payments.service.counter_plan).

Like a decision, it needs a fresh user verification, and terms outside the fund's policy need a
supervisor (the service checks the role against the terms).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import require_staff, require_step_up, step_up_fresh, who
from app.kit import clock
from app.kit.errors import FormInvalid
from app.kit.http import AnyRequest
from app.payments import queries as payments
from app.payments import service as payment_service
from app.payments.schemas import parse_plan_terms
from app.requests.messages import appeal_paragraph, message
from app.staff import queue
from app.staff.wording import motivation_error, staff_labels


class CounterProposalController(Controller):
    path = "/staff/requests/{request_id:uuid}/counter-proposal"
    guards = [require_staff]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, request_id: uuid.UUID, typed: dict[str, str],
        errors: dict[str, str], advance: Decimal | None, count: int | None,
        *, status_code: int = 200,
    ) -> Template | Redirect:  # fmt: skip
        _me, actor = await who(request)
        item = await queue.request_for_staff(actor, request_id)  # NotFound outside their team
        plan = await payments.plan_of_request(request_id)
        if item.kind != "payment_plan" or plan is None:
            # No plan behind this request (filed by hand): its own page has the decision.
            return Redirect(path=f"/staff/requests/{request_id}", status_code=303)
        today = clock.today()
        if not typed.get("advance") and not typed.get("instalments"):
            typed = {**typed, "advance": f"{plan.plan.advance}".replace(".", ","),
                     "instalments": str(plan.plan.instalments)}  # fmt: skip
            advance, count = plan.plan.advance, plan.plan.instalments
        preview = None
        if advance is not None and count is not None:
            preview = payments.plan_preview(plan.preview.debt, advance, count, today)
            for field, text in payment_service.plan_errors(preview).items():
                errors.setdefault(field, text)
        return Template(
            "staff/counter_proposal.html",
            context={
                "item": item,
                "plan": plan,
                "preview": preview,
                "form": {"motivation": "", **typed},
                "errors": errors,
                "messages": {
                    b.code.value: payment_service.plan_message(b)
                    for b in (preview.breaches if preview else ())
                },
                "appeal_text": appeal_paragraph(),
                **staff_labels(),
            },
            status_code=status_code,
        )

    @get("/", name="staff:counter_proposal", guards=[require_step_up])
    async def form(
        self, request: AnyRequest, request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        """With advance and instalments in the query: those terms' schedule and policy check."""
        typed, errors, advance, count = parse_plan_terms(request.query_params, ("motivation",))
        if not typed["advance"] and not typed["instalments"]:
            errors = {}
        return await self._page(request, request_id, typed, errors, advance, count)

    @post("/", name="staff:counter_proposal_send")
    async def send(
        self, request: AnyRequest, request_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        session_actor, actor = await who(request)
        typed, errors, advance, count = parse_plan_terms(await request.form(), ("motivation",))
        motivation = typed["motivation"].strip()
        if (wrong := motivation_error(motivation)) is not None:
            errors["motivation"] = wrong
        if not step_up_fresh(session_actor):
            # Keep what was written: the verification expired while the reasons were typed.
            errors["step_up"] = str(message("step_up_required"))
            return await self._page(request, request_id, typed, errors, advance, count,
                                    status_code=403)  # fmt: skip
        if errors or advance is None or count is None:
            return await self._page(request, request_id, typed, errors, advance, count,
                                    status_code=422)  # fmt: skip
        try:
            await payment_service.counter_plan(
                actor, request_id, advance=advance, instalments=count, motivation=motivation
            )
        except FormInvalid as exc:
            return await self._page(request, request_id, typed, {**errors, **exc.errors},
                                    advance, count, status_code=422)  # fmt: skip
        return Redirect(path=f"/staff/requests/{request_id}", status_code=303)


async def plan_panel(item: queue.StaffRequestDetail) -> payments.RequestPlan | None:
    """The plan a payment_plan request carries, for the request and decision pages."""
    if item.kind != "payment_plan":
        return None
    return await payments.plan_of_request(item.id)
