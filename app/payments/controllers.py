"""The affiliate's contribution account: /account/contributions, its notices, its statement;
and the account of each company they direct, /account/companies/{id}."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.contributions.queries import CATEGORY_LABELS
from app.identity.guards import require_affiliate, who
from app.kit.i18n import gettext as _
from app.payments import queries, service
from app.payments.messages import (
    QUARTER_STATUS,
    QUARTER_STATUS_CLASS,
    STEP_DONE,
    STEP_DONE_COMPANY,
    STEP_NEXT,
    STEP_NEXT_COMPANY,
)

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
