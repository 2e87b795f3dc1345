"""Logging in and out, and the step-up check: a passkey again before a sensitive action.

The passkey ceremonies are JSON endpoints driven by static/js/passkeys.js.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromQuery, JSONBody
from litestar.response import Redirect, Template

from app.identity import errors, federal, rules, service
from app.identity.guards import (
    audit_actor,
    client_ip,
    current_actor,
    log_out,
    mark_stepped_up,
    require_login,
)
from app.identity.passkeys import authentication_options, rp_from_base_url
from app.identity.rules import safe_next
from app.identity.web import (
    credential_json,
    logged_in_response,
    options_response,
    start_ceremony,
    take_ceremony,
)
from app.kit import throttle
from app.kit.http import WIZARD_DRAFT_COOKIE, AnyRequest, expired_cookie
from app.kit.settings import get_settings

HOME = "/account"


class LoginController(Controller):
    path = ""
    include_in_schema = False

    @get("/login", name="identity.login")
    async def login_page(self, request: AnyRequest, next: FromQuery[str | None] = None) -> Template:
        already = await current_actor(request) is not None
        return Template(
            template_name="identity/login.html",
            context={
                "next": safe_next(next),
                "already": already,
                "federal_login": federal.enabled(get_settings()),
            },
        )

    @post("/passkeys/login/options", name="identity.login_options")
    async def login_options(self, request: AnyRequest) -> Response[Any]:
        # A session read from the store, not merely a cookie: a made-up id would otherwise
        # lift the limit and store one ceremony per invented id.
        if not request.session and not await throttle.allow(
            request.app.state.redis,
            "ceremony-ip",
            client_ip(request),
            rules.ANONYMOUS_CEREMONIES_PER_IP,
        ):
            raise errors.throttled()  # each call without a session would store a new one
        rp = rp_from_base_url(get_settings().base_url)
        options_json, challenge = authentication_options(rp)
        return options_response(start_ceremony(request, "login", challenge), options_json)

    @post("/passkeys/login", name="identity.login_verify")
    async def login_verify(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        ceremony, _entry = take_ceremony(request, "login", data.get("ceremony"))
        account = await service.authenticate_passkey(
            credential_json=credential_json(data),
            ceremony=ceremony,
            actor=audit_actor(request),
            redis=request.app.state.redis,
        )
        target = safe_next(str(data.get("next") or "")) or "/"
        if target == "/":
            target = HOME  # affiliates and staff alike
        return await logged_in_response(request, account, target)

    @post("/logout", name="identity.logout")
    async def logout(self, request: AnyRequest) -> Redirect:
        await log_out(request)
        return Redirect(
            path="/login?bye=1", status_code=303, cookies=[expired_cookie(WIZARD_DRAFT_COOKIE)]
        )

    @post("/logout/everywhere", name="identity.logout_everywhere", guards=[require_login])
    async def logout_everywhere(self, request: AnyRequest) -> Redirect:
        actor = await current_actor(request)
        assert actor is not None
        await service.log_out_everywhere(actor.audit_actor(request))
        await log_out(request)
        return Redirect(
            path="/login?bye=all", status_code=303, cookies=[expired_cookie(WIZARD_DRAFT_COOKIE)]
        )

    @get("/step-up", name="identity.step_up", guards=[require_login])
    async def step_up_page(
        self, request: AnyRequest, next: FromQuery[str | None] = None
    ) -> Template:
        return Template(template_name="identity/step_up.html", context={"next": safe_next(next)})

    @post("/passkeys/step-up/options", name="identity.step_up_options", guards=[require_login])
    async def step_up_options(self, request: AnyRequest) -> Response[Any]:
        rp = rp_from_base_url(get_settings().base_url)
        options_json, challenge = authentication_options(rp)
        return options_response(start_ceremony(request, "step_up", challenge), options_json)

    @post("/passkeys/step-up", name="identity.step_up_verify", guards=[require_login])
    async def step_up_verify(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        actor = await current_actor(request)
        assert actor is not None
        ceremony, _entry = take_ceremony(request, "step_up", data.get("ceremony"))
        await service.authenticate_passkey(
            credential_json=credential_json(data),
            ceremony=ceremony,
            actor=actor.audit_actor(request),
            redis=request.app.state.redis,
            expected=(actor.kind, actor.id),
        )
        mark_stepped_up(request)
        return Response(content={"redirect": safe_next(str(data.get("next") or ""))})
