"""The affiliate's payout account (/account/payout) and the staff's payment runs
(/staff/benefits/runs) with the confirmed figures.

Giving or changing the account needs a passkey check within 5 minutes: what was typed waits
in the session while the affiliate steps up, then the confirmation saves it (as the contact
details do). Approving a run needs the supervisor's permission and a fresh step-up."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.benefits import payouts, runs
from app.benefits.rules.payouts import HOLDER_MAX, IbanProblem, check_iban, printed
from app.identity.guards import (
    logged_in_actor,
    require_affiliate,
    require_permission,
    require_staff,
    require_step_up,
    step_up_fresh,
    who,
)
from app.identity.rules import Permission, role_allows
from app.kit import audit, clock
from app.kit.http import AnyRequest, Form
from app.kit.i18n import gettext as _
from app.kit.money import parse_amount

PENDING_PAYOUT = "pending_payout"
FIGURES = ("guides.bridging.monthly_single", "guides.bridging.monthly_family")


def _iban_error(problem: IbanProblem) -> str:
    return {
        IbanProblem.EMPTY: _("Give the IBAN of your account, for example BE71 0961 2345 6769"),
        IbanProblem.INVALID: _("This IBAN is not valid: check its digits"),
        IbanProblem.NOT_BELGIAN: _(
            "Benefits are paid to a Belgian account (an IBAN starting with BE)"
        ),
    }[problem]  # fmt: skip


def _parse(data: dict[str, str]) -> tuple[dict[str, str], dict[str, str], tuple[str, str] | None]:
    form = {"iban": (data.get("iban") or "")[:50], "holder": (data.get("holder") or "")[:100]}
    errors: dict[str, str] = {}
    iban, problem = check_iban(form["iban"])
    if problem is not None:
        errors["iban"] = _iban_error(problem)
    holder = " ".join(form["holder"].split())
    if not holder:
        errors["holder"] = _("Give the name of the account's holder")
    elif len(holder) > HOLDER_MAX:
        errors["holder"] = _("The holder's name has at most 70 characters")
    if errors or iban is None:
        return form, errors, None
    return form, errors, (iban, holder)


class PayoutAccountController(Controller):
    path = "/account/payout"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(self, request: AnyRequest, form: dict[str, str], errors: dict[str, str],
                    status_code: int = 200, done: bool = False) -> Template:  # fmt: skip
        _me, actor = await who(request)
        assert actor.id is not None
        accounts = await payouts.accounts_of(actor.id)
        return Template(
            "benefits/payout.html",
            context={"form": form, "errors": errors, "accounts": accounts, "done": done,
                     "printed": printed},
            status_code=status_code,
        )  # fmt: skip

    @get("/", name="benefits:payout")
    async def page(self, request: AnyRequest, saved: FromQuery[bool] = False) -> Template:
        return await self._page(request, {"iban": "", "holder": ""}, {}, done=saved)

    @post("/", name="benefits:payout_submit")
    async def submit(self, request: AnyRequest, data: Form) -> Response[Any]:
        actor = await logged_in_actor(request)
        form, errors, parsed = _parse(data)
        if parsed is None:
            return await self._page(request, form, errors, status_code=400)
        request.session[PENDING_PAYOUT] = {"iban": parsed[0], "holder": parsed[1]}
        if not step_up_fresh(actor):
            return Redirect(path="/step-up?next=/account/payout/confirm", status_code=303)
        return Redirect(path="/account/payout/confirm", status_code=303)

    @get("/confirm", name="benefits:payout_confirm", guards=[require_step_up])
    async def confirm_page(self, request: AnyRequest) -> Template | Redirect:
        change = request.session.get(PENDING_PAYOUT)
        if not isinstance(change, dict) or not change:
            return Redirect(path="/account/payout", status_code=303)
        return Template("benefits/payout_confirm.html",
                        context={"change": change, "printed": printed(change["iban"])})  # fmt: skip

    @post("/confirm", name="benefits:payout_confirm_submit", guards=[require_step_up])
    async def confirm(self, request: AnyRequest) -> Redirect:
        change = request.session.pop(PENDING_PAYOUT, None)
        if not isinstance(change, dict) or not change:
            return Redirect(path="/account/payout", status_code=303)
        _me, actor = await who(request)
        assert actor.id is not None
        await payouts.set_account(actor, actor.id, change["iban"], change["holder"])
        return Redirect(path="/account/payout?saved=true", status_code=303)


def _figure_form(data: dict[str, str]) -> tuple[dict[str, str], dict[str, str], Any]:
    form = {k: (data.get(k) or "").strip()[:300] for k in ("figure", "effective_from", "amount",
                                                          "source")}  # fmt: skip
    errors: dict[str, str] = {}
    if form["figure"] not in FIGURES:
        errors["figure"] = _("Choose the figure")
    day = None
    try:
        day = date.fromisoformat(form["effective_from"])
    except ValueError:
        errors["effective_from"] = _("Give the date from which it holds, as YYYY-MM-DD")
    amount: Decimal | None = None
    try:
        amount = parse_amount(form["amount"])
        if amount <= 0 or amount > Decimal("100000") or amount != amount.quantize(Decimal("0.01")):
            raise ValueError
    except ValueError:
        amount = None
        errors["amount"] = _(
            "Give the amount in euros with at most 2 decimals, for example 1712.35"
        )
    if len(form["source"]) < 5:
        errors["source"] = _("Name the public source (the INASTI circular, the Moniteur belge)")
    return form, errors, (form["figure"], day, amount, form["source"]) if not errors else None


class StaffBenefitRunsController(Controller):
    path = "/staff/benefits"
    guards = [require_staff]
    include_in_schema = False

    async def _index(self, form: dict[str, str], errors: dict[str, str],
                     status_code: int = 200) -> Template:  # fmt: skip
        return Template(
            "benefits/staff_runs.html",
            context={"runs": await runs.runs(), "figures": await payouts.figures(),
                     "figure_names": FIGURES, "form": form, "errors": errors},
            status_code=status_code,
        )  # fmt: skip

    @get("/runs", name="benefits:staff_runs")
    async def index(self) -> Template:
        return await self._index({}, {})

    @post("/runs/prepare", name="benefits:staff_run_prepare")
    async def prepare(self, request: AnyRequest) -> Redirect:
        _me, actor = await who(request)
        run_id = await runs.prepare_run(actor, clock.today())
        return Redirect(path=f"/staff/benefits/runs/{run_id}" if run_id
                        else "/staff/benefits/runs?nothing=true", status_code=303)  # fmt: skip

    @get("/runs/{run_id:uuid}", name="benefits:staff_run")
    async def detail(self, request: AnyRequest, run_id: FromPath[uuid.UUID]) -> Template:
        me, _actor = await who(request)
        view = await runs.run(run_id)
        return Template("benefits/staff_run.html", context={
            "run": view,
            "may_approve": me.role is not None and role_allows(me.role, Permission.SUPERVISE_TEAMS),
            "fresh": step_up_fresh(me)})  # fmt: skip

    @post(
        "/runs/{run_id:uuid}/approve",
        name="benefits:staff_run_approve",
        guards=[require_permission(Permission.SUPERVISE_TEAMS), require_step_up],
    )
    async def approve(self, request: AnyRequest, run_id: FromPath[uuid.UUID]) -> Redirect:
        _me, actor = await who(request)
        await runs.run(run_id)
        await runs.approve_run(actor, run_id)
        return Redirect(path=f"/staff/benefits/runs/{run_id}", status_code=303)

    @get("/runs/{run_id:uuid}/pain001.xml", name="benefits:staff_run_file")
    async def file(self, request: AnyRequest, run_id: FromPath[uuid.UUID]) -> Response[bytes]:
        _me, actor = await who(request)
        content = await runs.run_file(run_id)
        await audit.record(actor, "benefits.run_file_downloaded", subject=("payment_run", run_id))
        return Response(content, media_type="application/xml", headers={
            "content-disposition": f'attachment; filename="pain001-{run_id}.xml"'})  # fmt: skip

    @post("/figures", name="benefits:staff_figure",
          guards=[require_permission(Permission.SUPERVISE_TEAMS)])  # fmt: skip
    async def figure(self, request: AnyRequest, data: Form) -> Template | Redirect:
        _me, actor = await who(request)
        form, errors, parsed = _figure_form(data)
        if parsed is None:
            return await self._index(form, errors, status_code=400)
        await payouts.record_figure(actor, *parsed)
        return Redirect(path="/staff/benefits/runs", status_code=303)
