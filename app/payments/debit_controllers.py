"""Direct debit pages: the affiliate's mandate, /account/direct-debit (signing needs a fresh
step-up: what was typed waits in the session while the person confirms with their passkey),
and the staff list of collection files, /staff/direct-debit."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import (
    require_affiliate,
    require_permission,
    require_step_up,
    step_up_fresh,
    who,
)
from app.identity.rules import Permission
from app.kit.errors import FormInvalid, NotFound
from app.payments import debit

PENDING = "pending_debit_mandate"
CONSENT_VALUE = "yes"
MAX_FIELD = 80
STATUS_LABELS_KEY = "debit_status"

AnyRequest = Request[Any, Any, Any]


def _typed(form: Any) -> dict[str, str]:
    return {
        "iban": str(form.get("iban") or "")[:MAX_FIELD],
        "holder": str(form.get("holder") or "")[:MAX_FIELD],
        "consent": CONSENT_VALUE if form.get("consent") == CONSENT_VALUE else "",
    }


class DebitController(Controller):
    path = "/account/direct-debit"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(
        self,
        request: AnyRequest,
        *,
        form: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        done: str = "",
        status_code: int = 200,
    ) -> Template:
        _me, actor = await who(request)
        assert actor.id is not None
        return Template(
            "payments/debit.html",
            context={
                "page": await debit.page(actor.id),
                "form": form or {},
                "errors": errors or {},
                "done": done,
            },
            status_code=status_code,
        )

    @get("/", name="payments:debit")
    async def show(self, request: AnyRequest, done: str = "") -> Template:
        return await self._page(request, done=done if done in ("signed", "revoked") else "")

    @post("/", name="payments:debit_sign")
    async def sign(self, request: AnyRequest) -> Template | Redirect:
        me, _actor = await who(request)
        typed = _typed(await request.form())
        errors = debit.form_errors(typed["iban"], typed["holder"], bool(typed["consent"]))
        if errors:
            return await self._page(request, form=typed, errors=errors, status_code=422)
        if not step_up_fresh(me):
            request.session[PENDING] = typed
            return Redirect(path="/step-up?next=/account/direct-debit/confirm", status_code=303)
        return await self._sign(request, typed)

    async def _sign(self, request: AnyRequest, typed: dict[str, str]) -> Template | Redirect:
        _me, actor = await who(request)
        assert actor.id is not None
        try:
            await debit.sign_mandate(
                actor,
                actor.id,
                iban=typed["iban"],
                holder=typed["holder"],
                consent=bool(typed["consent"]),
            )
        except FormInvalid as exc:
            return await self._page(request, form=typed, errors=dict(exc.errors), status_code=422)
        return Redirect(path="/account/direct-debit?done=signed", status_code=303)

    @get("/confirm", name="payments:debit_confirm", guards=[require_step_up])
    async def confirm_page(self, request: AnyRequest) -> Template | Redirect:
        typed = request.session.get(PENDING)
        if not isinstance(typed, dict) or not typed:
            return Redirect(path="/account/direct-debit", status_code=303)
        _me, actor = await who(request)
        assert actor.id is not None
        return Template(
            "payments/debit_confirm.html",
            context={"form": typed, "page": await debit.page(actor.id)},
        )

    @post("/confirm", name="payments:debit_confirm_submit", guards=[require_step_up])
    async def confirm(self, request: AnyRequest) -> Template | Redirect:
        typed = request.session.pop(PENDING, None)
        if not isinstance(typed, dict) or not typed:
            return Redirect(path="/account/direct-debit", status_code=303)
        return await self._sign(
            request, {k: str(typed.get(k) or "") for k in ("iban", "holder", "consent")}
        )

    @post("/revoke", name="payments:debit_revoke")
    async def revoke(self, request: AnyRequest) -> Redirect:
        _me, actor = await who(request)
        assert actor.id is not None
        await debit.revoke_mandate(actor, actor.id)
        return Redirect(path="/account/direct-debit?done=revoked", status_code=303)


class StaffDebitController(Controller):
    path = "/staff/direct-debit"
    guards = [require_permission(Permission.SUPERVISE_TEAMS)]
    include_in_schema = False

    @get("/", name="staff:debit_files")
    async def list_files(self) -> Template:
        return Template("payments/debit_files.html", context={"files": await debit.files()})

    @get("/{file_id:uuid}/pain008.xml", name="staff:debit_file")
    async def download(self, request: AnyRequest, file_id: FromPath[uuid.UUID]) -> Response[str]:
        _me, actor = await who(request)
        found = await debit.file_xml(actor, file_id)
        if found is None:
            raise NotFound()
        name, xml = found
        return Response(
            xml,
            media_type="application/xml",
            headers={"Content-Disposition": f'attachment; filename="{name}.xml"'},
        )
