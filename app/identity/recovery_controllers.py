"""Asking to recover an account when every passkey is lost (staff decide, see app/staff)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from app.identity import rules, service
from app.identity.guards import audit_actor
from app.identity.web import niss_error
from app.kit.forms import AnyRequest, Form
from app.kit.i18n import gettext as _


class RecoveryController(Controller):
    path = "/recovery"
    include_in_schema = False

    @get("/", name="identity.recovery")
    async def recovery_page(self) -> Template:
        return Template(template_name="identity/recovery.html", context={"form": {}, "errors": {}})

    @post("/", name="identity.recovery_submit")
    async def recovery_submit(self, request: AnyRequest, data: Form) -> Template | Redirect:
        form = {k: (data.get(k) or "").strip() for k in ("niss", "email")}
        errors: dict[str, str] = {}
        niss, niss_message = niss_error(form["niss"])
        if niss_message:
            errors["niss"] = niss_message
        email = rules.normalise_email(form["email"])
        if email is None:
            errors["email"] = _("Enter a valid email address, like name@example.be.")
        if errors or niss is None or email is None:
            return Template(
                template_name="identity/recovery.html",
                context={"form": form, "errors": errors},
                status_code=400,
            )
        await service.request_recovery(
            niss, email, actor=audit_actor(request), redis=request.app.state.redis
        )
        return Redirect(path="/recovery/sent", status_code=303)

    @get("/sent", name="identity.recovery_sent")
    async def recovery_sent(self) -> Template:
        return Template(template_name="identity/recovery_sent.html", context={})
