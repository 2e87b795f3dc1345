"""Registering a passkey: from an activation link, as a newcomer, or an extra one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Template

from app.identity import errors, queries, service
from app.identity.guards import audit_actor, current_actor
from app.identity.passkeys import registration_options, rp_from_base_url
from app.identity.web import (
    credential_json,
    logged_in_response,
    options_response,
    start_ceremony,
    take_ceremony,
)
from app.kit import clock
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.kit.settings import get_settings

ENROL_TTL_SECONDS = 30 * 60


async def _registration_target(
    request: AnyRequest, token: str | None
) -> tuple[str, uuid.UUID, str, str, str | None]:
    """(kind, id, user name, display name, link token) of the account getting a passkey."""
    if token:
        target = await queries.activation_link(token)
        if target is None:
            raise errors.link_invalid()
        return (
            target.kind,
            target.account_id,
            target.email or target.display_name,
            target.display_name,
            token,
        )
    actor = await current_actor(request)
    if actor is not None:
        account = await queries.account(actor.kind, actor.id)
        assert account is not None
        return actor.kind, actor.id, account.email or actor.display_name, actor.display_name, None
    enrol = request.session.get("enrol")
    if isinstance(enrol, dict):
        at = datetime.fromisoformat(enrol["at"])
        if (clock.now() - at).total_seconds() < ENROL_TTL_SECONDS:
            account = await queries.account("affiliate", uuid.UUID(enrol["id"]))
            if account is not None:
                name = account.email or account.display_name
                return "affiliate", account.id, name, account.display_name, None
    raise errors.LinkInvalid(_("Your session has expired. Please start again."))


class RegistrationController(Controller):
    path = ""
    include_in_schema = False

    @get("/activate/{token:str}", name="identity.activate")
    async def activate_page(self, request: AnyRequest, token: FromPath[str]) -> Template:
        target = await queries.activation_link(token)
        if target is None:
            await service.note_refused_link(actor=audit_actor(request))
            return Template(template_name="identity/link_invalid.html", context={}, status_code=410)
        return Template(
            template_name="identity/activate.html",
            context={"token": token, "target": target},
        )

    @post("/passkeys/register/options", name="identity.register_options")
    async def register_options(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        token = str(data.get("token") or "") or None
        kind, account_id, user_name, display_name, link = await _registration_target(request, token)
        rp = rp_from_base_url(get_settings().base_url)
        options_json, challenge = registration_options(
            rp,
            account_id.bytes,
            user_name,
            display_name,
            exclude_credential_ids=await queries.credential_ids(kind, account_id),
        )
        ceremony_id = start_ceremony(
            request, "register", challenge, kind=kind, id=str(account_id), token=link
        )
        return options_response(ceremony_id, options_json)

    @post("/passkeys/register", name="identity.register_verify")
    async def register_verify(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        ceremony, entry = take_ceremony(request, "register", data.get("ceremony"))
        if ceremony is None:
            raise errors.expired_attempt()
        kind, account_id = entry["kind"], uuid.UUID(entry["id"])
        actor = await current_actor(request)
        adding = actor is not None and (actor.kind, actor.id) == (kind, account_id)
        audit = actor.audit_actor(request) if actor else audit_actor(request)
        await service.register_passkey(
            kind,
            account_id,
            credential_json=credential_json(data),
            ceremony=ceremony,
            name=str(data.get("name") or "") or _default_name(request),
            link_token=entry.get("token"),
            actor=audit,
        )
        if adding:
            return Response(content={"redirect": "/account/passkeys?done=added"})
        request.session.pop("enrol", None)
        account = await queries.account(kind, account_id)
        assert account is not None
        return await logged_in_response(request, account, "/account/passkeys?done=welcome")


def _default_name(request: AnyRequest) -> str:
    """A recognisable default name from the browser's platform."""
    agent = request.headers.get("user-agent", "")
    for needle, label in (
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Mac OS", "Mac"),
        ("Windows", "Windows"),
        ("Linux", "Linux"),
    ):
        if needle in agent:
            return _("Passkey on %(device)s", device=label)
    return _("Passkey")
