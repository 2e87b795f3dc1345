"""Asking to recover an account when every passkey is lost (staff decide, see app/staff)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from app.identity import schemas, service
from app.identity.guards import audit_actor
from app.kit.http import AnyRequest, Form


class RecoveryController(Controller):
    path = "/recovery"
    include_in_schema = False

    @get("/", name="identity.recovery")
    async def recovery_page(self) -> Template:
        return Template(template_name="identity/recovery.html", context={"form": {}, "errors": {}})

    @post("/", name="identity.recovery_submit")
    async def recovery_submit(self, request: AnyRequest, data: Form) -> Template | Redirect:
        parsed = schemas.parse_recovery(data)
        if parsed.value is None:
            return Template(
                template_name="identity/recovery.html",
                context={"form": parsed.form, "errors": parsed.errors},
                status_code=400,
            )
        await service.request_recovery(
            parsed.value.national_number,
            parsed.value.email,
            actor=audit_actor(request),
            redis=request.app.state.redis,
        )
        return Redirect(path="/recovery/sent", status_code=303)

    @get("/sent", name="identity.recovery_sent")
    async def recovery_sent(self) -> Template:
        return Template(template_name="identity/recovery_sent.html", context={})
