"""The mandatary's portal (/clients): the clients whose mandate they accepted, and what they
may do for each, within the mandate's scope and dates, never beyond.

Every client page is an explicit route under /clients/{client_id}/… that first asks
`mandates.queries.acting_for` for the active mandate with the scope the page needs. Without
one (no mandate, not accepted, not started, ended, revoked, or another scope) the answer is
404, the same as for a person who does not exist: a page never confirms what it does not
open. What the page then reads or files goes through the usual queries and services with the
actor `acting_for` returns: scoped to the client, recorded with the mandatary as actor. The
affiliate's own routes (/account, /requests, /simulator/adjust…) never act for anyone else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.contributions import queries as contribution_queries
from app.contributions import service as contributions
from app.contributions.queries import CATEGORY_LABELS
from app.contributions.rules.categories import Category
from app.home import dashboard, delegated
from app.identity.guards import require_affiliate, who
from app.kit import audit, clock
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import raw
from app.kit.http import AnyRequest, download
from app.kit.i18n import gettext
from app.kit.i18n import lazy_gettext as _
from app.mandates import queries as mandates
from app.mandates import rules as mandate_rules
from app.mandates import service as mandate_service
from app.mandates.rules import Scope, State
from app.messaging import queries as messaging
from app.payments import queries as payments
from app.payments import service as payment_service
from app.payments.messages import QUARTER_STATUS, QUARTER_STATUS_CLASS
from app.requests import queries as requests
from app.requests import schemas as request_schemas
from app.requests.service import SubmittedRequest
from app.requests.states import OPEN

# The mandatary asks for the client: the choice is worded for them.
DIRECTION_LABELS = {
    "lower": _("Lower my client's provisional contributions"),
    "raise": _("Raise my client's provisional contributions"),
}
ADJUST_FIELDS = ("year", "category", "income", "current_quarterly", "direction", "justification")


@dataclass(frozen=True, slots=True)
class ClientLine:
    mandate: mandates.MandateView
    balance: Any  # Decimal, or None without the read scope or outside the mandate's dates
    actions: tuple[dashboard.Action, ...]
    open_requests: int


async def _client_line(me: audit.Actor, mandate: mandates.MandateView) -> ClientLine:
    if not mandate_rules.allows(mandate.state, mandate.scopes, Scope.READ_ACCOUNT):
        return ClientLine(mandate, None, (), 0)
    today = clock.today()
    if mandate.company_id is not None:
        acting = await mandates.acting_for(
            me, mandate.client_id, Scope.READ_ACCOUNT, mandate.company_id
        )
        try:  # through the director, who must still be in office
            company = await payments.company_account_for(acting, mandate.company_id, today)
        except NotFound:
            return ClientLine(mandate, None, (), 0)
        await mandate_service.record_delegated(
            acting, "mandate.company_account_read", details={"company_id": mandate.company_id}
        )
        return ClientLine(mandate, company.view.balance, (), 0)
    acting = await mandates.acting_for(me, mandate.client_id, Scope.READ_ACCOUNT)
    account = await payments.account_for(acting, today)
    rows = [r for r in await requests.requests_for_affiliate(acting) if r.status in OPEN]
    actions = [
        *await dashboard.actions_for(acting, rows),
        *dashboard.payment_actions(account, today),
    ]
    await mandate_service.record_delegated(acting, "mandate.account_read")
    return ClientLine(mandate, account.balance, tuple(actions), len(rows))


class ClientsController(Controller):
    path = "/clients"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="clients:index")
    async def index(self, request: AnyRequest) -> Template:
        _me, actor = await who(request)
        held = await mandates.mandates_held(actor)
        live = [m for m in held if m.live]
        lines = [await _client_line(actor, m) for m in live]
        return Template(
            "home/clients.html",
            context={
                "lines": lines,
                "past": [m for m in held if not m.live],
                "done": request.query_params.get("done", ""),
                **mandate_rules.labels(),
            },
        )

    @get("/{client_id:uuid}/account", name="clients:account")
    async def account(self, request: AnyRequest, client_id: FromPath[uuid.UUID]) -> Template:
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.READ_ACCOUNT)
        mandate = await mandates.mandate_for_client(actor, client_id)
        today = clock.today()
        account = await payments.account_for(acting, today)
        rows = await requests.requests_for_affiliate(acting)
        await mandate_service.record_delegated(acting, "mandate.account_read")
        return Template(
            "home/client_account.html",
            context={
                "mandate": mandate,
                "a": account,
                "requests": rows,
                "open_statuses": [s.value for s in OPEN],
                "quarter_status": QUARTER_STATUS,
                "quarter_status_class": QUARTER_STATUS_CLASS,
                "can_file": Scope.FILE_REQUESTS in mandate.scopes,
                **mandate_rules.labels(),
            },
        )

    @get("/{client_id:uuid}/notices/{notice_id:uuid}/ubl", name="clients:notice_ubl")
    async def notice_ubl(
        self, request: AnyRequest, client_id: FromPath[uuid.UUID], notice_id: FromPath[uuid.UUID]
    ) -> Response[bytes]:
        """A client's due notice as UBL 2.1 for the accountant's bookkeeping software, under a
        mandate that lets them read the account (the client sees that they did)."""
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.READ_ACCOUNT)
        filename, body = await payment_service.ubl_notices.notice_ubl(acting, notice_id)
        await mandate_service.record_delegated(
            acting, "mandate.notice_ubl_read", details={"notice_id": str(notice_id)}
        )
        return download(body, filename=filename, media_type="application/xml")

    @get("/{client_id:uuid}/companies/{company_id:uuid}", name="clients:company")
    async def company(
        self,
        request: AnyRequest,
        client_id: FromPath[uuid.UUID],
        company_id: FromPath[uuid.UUID],
    ) -> Template:
        """A company's account under its director's mandate (the director still in office)."""
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.READ_ACCOUNT, company_id)
        mandate = await mandates.mandate_for_client(actor, client_id, company_id)
        data = await payments.company_account_for(acting, company_id, clock.today())
        await mandate_service.record_delegated(
            acting, "mandate.company_account_read", details={"company_id": company_id}
        )
        return Template(
            "home/client_company.html",
            context={
                "mandate": mandate,
                "data": data,
                "a": data.view,
                "yearly": True,
                "quarter_status": QUARTER_STATUS,
                "quarter_status_class": QUARTER_STATUS_CLASS,
            },
        )

    @get("/{client_id:uuid}/notices", name="clients:notices")
    async def notices(self, request: AnyRequest, client_id: FromPath[uuid.UUID]) -> Template:
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.RECEIVE_NOTICES)
        mandate = await mandates.mandate_for_client(actor, client_id)
        items = await messaging.inbox_for_person(client_id)
        await mandate_service.record_delegated(acting, "mandate.notices_read")
        return Template("home/client_notices.html", context={"mandate": mandate, "items": items})

    @get("/{client_id:uuid}/adjust", name="clients:adjust")
    async def adjust_form(self, request: AnyRequest, client_id: FromPath[uuid.UUID]) -> Template:
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.FILE_REQUESTS)
        inputs = contributions.AdjustmentInput(
            year=str(contribution_queries.default_year(clock.today())),
            category=Category.MAIN.value,
        )
        return await _adjust_page(actor, acting, client_id, inputs, uuid.uuid4().hex, {})

    @post("/{client_id:uuid}/adjust", name="clients:adjust_submit")
    async def adjust_submit(
        self, request: AnyRequest, client_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.FILE_REQUESTS)
        data = await request.form()
        form = {name: raw(data, name)[:6000] for name in ADJUST_FIELDS}
        key = (raw(data, "idempotency_key") or uuid.uuid4().hex)[:64]
        inputs = contributions.AdjustmentInput(**form)
        facts = await contributions.adjustment_facts(acting, inputs.year)
        inputs = _with_facts(inputs, facts)
        try:
            submitted = await delegated.file_adjustment_for_client(
                acting, inputs, idempotency_key=key
            )
        except contributions.AdjustmentInvalid as exc:
            return await _adjust_page(
                actor, acting, client_id, inputs, key, exc.check.errors, status_code=422
            )
        except contributions.AdjustmentAlreadyOpen as exc:
            errors = {"year": _already_open(exc)}
            return await _adjust_page(
                actor, acting, client_id, inputs, key, errors, status_code=409
            )
        return _sent(client_id, submitted)

    @get("/{client_id:uuid}/ask", name="clients:ask")
    async def ask_form(self, request: AnyRequest, client_id: FromPath[uuid.UUID]) -> Template:
        """A question to the fund for the client (a general question request)."""
        _me, actor = await who(request)
        await mandates.acting_for(actor, client_id, Scope.FILE_REQUESTS)
        mandate = await mandates.mandate_for_client(actor, client_id)
        form = {"key": uuid.uuid4().hex, "subject": "", "question": ""}
        return Template("home/client_ask.html", context={"mandate": mandate, "form": form,
                                                          "errors": {}})  # fmt: skip

    @post("/{client_id:uuid}/ask", name="clients:ask_submit")
    async def ask_submit(
        self, request: AnyRequest, client_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        acting = await mandates.acting_for(actor, client_id, Scope.FILE_REQUESTS)
        parsed = request_schemas.parse_ask(await request.form(), new_key=uuid.uuid4().hex)
        try:
            if parsed.value is None:
                raise FormInvalid(parsed.errors)
            submitted = await delegated.file_question_for_client(
                acting, parsed.value.subject, parsed.value.question,
                idempotency_key=parsed.value.key,
            )  # fmt: skip
        except FormInvalid as exc:
            mandate = await mandates.mandate_for_client(actor, client_id)
            return Template(
                "home/client_ask.html",
                context={"mandate": mandate, "form": parsed.form, "errors": exc.errors},
                status_code=422,
            )
        return _sent(client_id, submitted)

    @get("/{client_id:uuid}/sent", name="clients:sent")
    async def sent(self, request: AnyRequest, client_id: FromPath[uuid.UUID]) -> Template:
        """A request filed for the client (an adjustment or a question)."""
        _me, actor = await who(request)
        await mandates.acting_for(actor, client_id, Scope.FILE_REQUESTS)
        mandate = await mandates.mandate_for_client(actor, client_id)
        reference = request.query_params.get("reference", "")[:20]
        return Template(
            "home/client_sent.html",
            context={"mandate": mandate, "reference": reference},
        )


def _sent(client_id: uuid.UUID, submitted: SubmittedRequest) -> Redirect:
    """After a filing for the client: the page that says it is filed, with its reference."""
    return Redirect(
        path=f"/clients/{client_id}/sent?reference={submitted.reference or ''}", status_code=303
    )


def _already_open(exc: contributions.AdjustmentAlreadyOpen) -> str:
    return gettext(
        "Your client already has an open adjustment request for %(year)s (%(reference)s): "
        "a second one is not needed.",
        year=exc.year,
        reference=exc.reference or "",
    )


def _with_facts(
    inputs: contributions.AdjustmentInput, facts: contributions.AdjustmentFacts
) -> contributions.AdjustmentInput:
    """What the fund knows of the client replaces what the form would ask."""
    return replace(
        inputs,
        category=facts.category or inputs.category,
        current_quarterly=(
            format(facts.current_quarterly, "f")
            if facts.current_quarterly is not None
            else inputs.current_quarterly
        ),
    )


async def _adjust_page(
    me: audit.Actor,
    acting: audit.Actor,
    client_id: uuid.UUID,
    inputs: contributions.AdjustmentInput,
    key: str,
    errors: dict[str, str],
    *,
    status_code: int = 200,
) -> Template:
    mandate = await mandates.mandate_for_client(me, client_id)
    facts = await contributions.adjustment_facts(acting, inputs.year)
    inputs = _with_facts(inputs, facts)
    this_year = clock.today().year
    years = [y for y in contribution_queries.years() if y >= this_year] or [
        max(contribution_queries.years())
    ]
    return Template(
        "home/client_adjust.html",
        context={
            "mandate": mandate,
            "form": inputs.as_form(),
            "errors": errors,
            "facts": facts,
            "idempotency_key": key,
            "year_options": [(str(y), str(y)) for y in years],
            "category_options": [(c.value, str(CATEGORY_LABELS[c])) for c in Category],
            "category_labels": {c.value: str(CATEGORY_LABELS[c]) for c in Category},
            "direction_options": [(k, str(v)) for k, v in DIRECTION_LABELS.items()],
            "active": mandate.state is State.ACTIVE,
        },
        status_code=status_code,
    )
