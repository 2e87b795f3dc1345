"""Newcomers: their details, the code mailed to them, then the page that registers a passkey."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.response import Redirect, Template

from app.identity import schemas, service
from app.identity.guards import audit_actor
from app.kit import clock, i18n
from app.kit.errors import AffilioError
from app.kit.http import AnyRequest, Form
from app.kit.i18n import gettext as _


class SignupController(Controller):
    path = "/signup"
    include_in_schema = False

    @get("/", name="identity.signup")
    async def signup_page(self) -> Template:
        return Template(template_name="identity/signup.html", context={"form": {}, "errors": {}})

    @post("/", name="identity.signup_submit")
    async def signup_submit(self, request: AnyRequest, data: Form) -> Template | Redirect:
        parsed = schemas.parse_signup(data)
        form, errors, signup = parsed.form, dict(parsed.errors), parsed.value
        if signup is None:
            return Template(
                template_name="identity/signup.html",
                context={"form": form, "errors": errors},
                status_code=400,
            )
        email = signup.email
        code_id = await service.start_signup(
            service.Signup(
                national_number=signup.national_number,
                first_name=signup.first_name,
                last_name=signup.last_name,
                email=email,
                language=i18n.current_language(),
            ),
            actor=audit_actor(request),
            redis=request.app.state.redis,
        )
        if code_id is None:
            errors["email"] = _(
                "Too many codes were asked for. Please wait 15 minutes before trying again."
            )
            return Template(
                template_name="identity/signup.html",
                context={"form": form, "errors": errors},
                status_code=429,
            )
        request.session["signup"] = {"code": str(code_id), "email": email}
        return Redirect(path="/signup/code", status_code=303)

    @get("/code", name="identity.signup_code")
    async def code_page(self, request: AnyRequest) -> Template | Redirect:
        signup = request.session.get("signup")
        if not isinstance(signup, dict):
            return Redirect(path="/signup", status_code=303)
        return Template(
            template_name="identity/signup_code.html",
            context={"email": signup["email"], "errors": {}, "code": ""},
        )

    @post("/code", name="identity.signup_code_submit")
    async def code_submit(self, request: AnyRequest, data: Form) -> Template | Redirect:
        signup = request.session.get("signup")
        if not isinstance(signup, dict):
            return Redirect(path="/signup", status_code=303)
        code = (data.get("code") or "").strip()
        try:
            person_id = await service.verify_signup_code(
                uuid.UUID(signup["code"]), code, actor=audit_actor(request)
            )
        except AffilioError as exc:
            return Template(
                template_name="identity/signup_code.html",
                context={"email": signup["email"], "errors": {"code": exc.message}, "code": code},
                status_code=exc.status_code,
            )
        request.session.pop("signup", None)
        request.session["enrol"] = {"id": str(person_id), "at": clock.now().isoformat()}
        return Redirect(path="/signup/passkey", status_code=303)

    @get("/passkey", name="identity.signup_passkey")
    async def passkey_page(self, request: AnyRequest) -> Template | Redirect:
        if not isinstance(request.session.get("enrol"), dict):
            return Redirect(path="/signup", status_code=303)
        return Template(template_name="identity/signup_passkey.html", context={})
