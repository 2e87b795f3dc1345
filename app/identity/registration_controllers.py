"""Registering a passkey: from an activation link, as a newcomer, or an extra one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.response import Template

from app.identity import errors, queries, service
from app.identity.guards import audit_actor, current_actor, step_up_fresh
from app.identity.passkeys import registration_options, rp_from_base_url
from app.identity.web import (
    credential_json,
    logged_in_response,
    options_response,
    start_ceremony,
    take_ceremony,
)
from app.kit import clock
from app.kit.errors import Forbidden
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.kit.settings import get_settings

ENROL_TTL_SECONDS = 30 * 60

# How the browser came to register a passkey: an activation link (invitation, recovery), a
# newcomer's sign-up, or a logged-in account adding one more. Only the last one changes an
# account that can already log in: it needs a fresh step-up and tells the account's address.
VIA_LINK, VIA_ENROL, VIA_ACCOUNT = "link", "enrol", "account"


class StepUpNeeded(Forbidden):
    """A logged-in account adds a passkey without a recent passkey check (a JSON answer, read
    out by static/js/passkeys.js: the page itself offers the check first)."""


def step_up_needed() -> StepUpNeeded:
    return StepUpNeeded(
        _("For your security, confirm it is you with your passkey first: reload this page.")
    )


@dataclass(frozen=True, slots=True)
class _Target:
    """The account getting a passkey, and how the browser came to register it."""

    kind: str
    account_id: uuid.UUID
    user_name: str
    display_name: str
    token: str | None
    via: str


async def _registration_target(request: AnyRequest, token: str | None) -> _Target:
    if token:
        target = await queries.activation_link(token)
        if target is None:
            raise errors.link_invalid()
        name = target.email or target.display_name
        return _Target(target.kind, target.account_id, name, target.display_name, token, VIA_LINK)
    actor = await current_actor(request)
    if actor is not None:
        if not step_up_fresh(actor):
            raise step_up_needed()
        account = await queries.account(actor.kind, actor.id)
        assert account is not None
        name = account.email or actor.display_name
        return _Target(actor.kind, actor.id, name, actor.display_name, None, VIA_ACCOUNT)
    enrol = request.session.get("enrol")
    if isinstance(enrol, dict):
        at = datetime.fromisoformat(enrol["at"])
        if (clock.now() - at).total_seconds() < ENROL_TTL_SECONDS:
            account = await queries.account("affiliate", uuid.UUID(enrol["id"]))
            if account is not None:
                name = account.email or account.display_name
                return _Target("affiliate", account.id, name, account.display_name, None, VIA_ENROL)
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
        target = await _registration_target(request, token)
        rp = rp_from_base_url(get_settings().base_url)
        options_json, challenge = registration_options(
            rp,
            target.account_id.bytes,
            target.user_name,
            target.display_name,
            exclude_credential_ids=await queries.credential_ids(target.kind, target.account_id),
        )
        ceremony_id = start_ceremony(
            request,
            "register",
            challenge,
            kind=target.kind,
            id=str(target.account_id),
            token=target.token,
            via=target.via,
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
        mine = actor is not None and (actor.kind, actor.id) == (kind, account_id)
        # A ceremony begun before "via" was recorded (minutes around a deploy) counts as before.
        legacy = "via" not in entry and not entry.get("token") and mine
        adding = entry.get("via") == VIA_ACCOUNT or legacy
        if adding:
            # Checked again here, where the account changes: the login may have ended, or the
            # step-up gone stale, since the options were given.
            if actor is None or not mine:
                raise errors.expired_attempt()
            if not step_up_fresh(actor):
                raise step_up_needed()
        audit = actor.audit_actor(request) if actor else audit_actor(request)
        await service.register_passkey(
            kind,
            account_id,
            credential_json=credential_json(data),
            ceremony=ceremony,
            name=str(data.get("name") or "") or _default_name(request),
            link_token=entry.get("token"),
            notify=adding,
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
