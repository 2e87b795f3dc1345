"""My account: its overview, an affiliate's contact details, and the passkeys."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.identity import queries, rules, schemas, service
from app.identity.guards import (
    AUTH_KEY,
    SessionActor,
    log_in,
    logged_in_actor,
    require_affiliate,
    require_login,
    require_step_up,
    step_up_fresh,
)
from app.identity.web import language_cookie
from app.kit import clock, i18n
from app.kit.errors import AffilioError
from app.kit.http import AnyRequest, Form
from app.kit.i18n import gettext as _


def _details_template(
    form: dict[str, str],
    errors: dict[str, str],
    *,
    done: str | None = None,
    status_code: int = 200,
) -> Template:
    return Template(
        template_name="identity/details.html",
        context={
            "form": form,
            "errors": errors,
            "done": done,
            "languages": list(i18n.LANGUAGE_NAMES.items()),
        },
        status_code=status_code,
    )


PENDING_CONTACT = "pending_contact"


async def _save_details(
    request: AnyRequest, actor: SessionActor, change: dict[str, str]
) -> Redirect:
    await service.update_contact_details(
        actor.audit_actor(request),
        service.ContactChange(
            email=change["email"],
            phone=change["phone"],
            language=change["language"],
            postcode=change.get("postcode", ""),
        ),
    )
    # The site follows the language chosen for letters at once.
    request.session["lang"] = change["language"]
    return Redirect(
        path="/account/details?done=saved",
        status_code=303,
        cookies=[language_cookie(change["language"])],
    )


async def _keep_this_session(request: AnyRequest, actor: SessionActor) -> None:
    """After a revoke moved the account's session epoch on, keep the revoker logged in.

    The session is renewed like a login (a new id, the old one deleted from the store, so a
    copied cookie of it is worth nothing) with the new epoch, but it is no new login: its
    start, its last user verification and the rest of its contents are carried over, so
    neither the absolute timeout nor the step-up window is extended.
    """
    account = await queries.account(actor.kind, actor.id)
    if account is None or not account.active:
        return
    old = dict(request.session)
    old_auth = old.pop(AUTH_KEY, None)
    await log_in(request, account)
    auth = dict(request.session[AUTH_KEY])
    if isinstance(old_auth, dict):
        for key in ("created", "step_up"):
            if key in old_auth:
                auth[key] = old_auth[key]
    request.session.update(old)
    request.session[AUTH_KEY] = auth


class AccountController(Controller):
    path = "/account"
    include_in_schema = False
    guards = [require_login]

    @get("/", name="identity.account")
    async def account_page(self, request: AnyRequest) -> Template:
        actor = await logged_in_actor(request)
        passkeys = await queries.passkeys_for_actor(actor.audit_actor(request))
        return Template(
            template_name="identity/account.html",
            context={"actor": actor, "passkey_count": len(passkeys)},
        )

    @get("/details", name="identity.details", guards=[require_affiliate])
    async def details_page(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        details = await queries.contact_details(
            (await logged_in_actor(request)).audit_actor(request)
        )
        form = {
            "email": details.email or "",
            "phone": rules.format_phone(details.phone),
            "postcode": details.postcode or "",
            "language": details.language,
        }
        return _details_template(form, {}, done=done)

    @post("/details", name="identity.details_submit", guards=[require_affiliate])
    async def details_submit(self, request: AnyRequest, data: Form) -> Response[Any]:
        actor = await logged_in_actor(request)
        parsed = schemas.parse_contact(data)
        form, contact = parsed.form, parsed.value
        if contact is None:
            return _details_template(form, parsed.errors, status_code=400)
        email = contact.email
        change = {
            "email": email,
            "phone": contact.phone,
            "postcode": contact.postcode,
            "language": contact.language,
        }
        current = await queries.contact_details(actor.audit_actor(request))
        if email != (current.email or "") and not rules.step_up_fresh(
            actor.step_up_at, clock.now()
        ):
            # The address receives recovery notices: changing it needs the passkey again.
            # What was typed waits in the session and is applied once the owner has confirmed.
            request.session[PENDING_CONTACT] = change
            return Redirect(path="/step-up?next=/account/details/confirm", status_code=303)
        return await _save_details(request, actor, change)

    # Where the step-up comes back to (a GET, so it changes nothing): it shows what waits and
    # its button posts the confirmation.
    @get(
        "/details/confirm",
        name="identity.details_confirm",
        guards=[require_affiliate, require_step_up],
    )
    async def details_confirm_page(self, request: AnyRequest) -> Template | Redirect:
        change = request.session.get(PENDING_CONTACT)
        if not isinstance(change, dict) or not change:
            return Redirect(path="/account/details", status_code=303)
        return Template(
            template_name="identity/details_confirm.html",
            context={
                "change": change,
                "language_name": i18n.LANGUAGE_NAMES.get(change.get("language", ""), ""),
                "phone": rules.format_phone(change.get("phone") or None),
            },
        )

    @post(
        "/details/confirm",
        name="identity.details_confirm_submit",
        guards=[require_affiliate, require_step_up],
    )
    async def details_confirm(self, request: AnyRequest) -> Response[Any]:
        change = request.session.pop(PENDING_CONTACT, None)
        if not isinstance(change, dict) or not change:
            return Redirect(path="/account/details", status_code=303)
        return await _save_details(request, await logged_in_actor(request), change)

    @get("/passkeys", name="identity.passkeys")
    async def passkeys_page(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        actor = await logged_in_actor(request)
        passkeys = await queries.passkeys_for_actor(actor.audit_actor(request))
        return Template(
            template_name="identity/passkeys.html",
            context={
                "passkeys": passkeys,
                "done": done,
                "errors": {},
                "rename": None,
                "fresh": step_up_fresh(actor),
            },
        )

    @post("/passkeys/{passkey_id:uuid}/rename", name="identity.passkey_rename")
    async def rename(
        self, request: AnyRequest, passkey_id: FromPath[uuid.UUID], data: Form
    ) -> Template | Redirect:
        actor = await logged_in_actor(request)
        try:
            await service.rename_passkey(
                actor.audit_actor(request), passkey_id, data.get("name") or ""
            )
        except AffilioError as exc:
            if exc.status_code == 404:
                raise
            passkeys = await queries.passkeys_for_actor(actor.audit_actor(request))
            return Template(
                template_name="identity/passkeys.html",
                context={
                    "passkeys": passkeys,
                    "done": None,
                    "errors": {f"name-{passkey_id}": exc.message},
                    "rename": str(passkey_id),
                    "fresh": step_up_fresh(actor),
                },
                status_code=400,
            )
        return Redirect(path="/account/passkeys?done=renamed", status_code=303)

    # Revoking needs a fresh passkey check: the page already asks for it, so the check comes
    # before the choice, and the POST checks again.
    @get(
        "/passkeys/{passkey_id:uuid}/revoke",
        name="identity.passkey_revoke_confirm",
        guards=[require_step_up],
    )
    async def revoke_confirm(
        self, request: AnyRequest, passkey_id: FromPath[uuid.UUID]
    ) -> Template:
        actor = await logged_in_actor(request)
        passkey = await queries.passkey_for_actor(actor.audit_actor(request), passkey_id)
        count = len(await queries.passkeys_for_actor(actor.audit_actor(request)))
        return Template(
            template_name="identity/revoke.html",
            context={"passkey": passkey, "last": count <= 1, "error": None},
        )

    @post(
        "/passkeys/{passkey_id:uuid}/revoke",
        name="identity.passkey_revoke",
        guards=[require_step_up],
    )
    async def revoke(
        self, request: AnyRequest, passkey_id: FromPath[uuid.UUID], data: Form
    ) -> Template | Redirect:
        actor = await logged_in_actor(request)
        passkey = await queries.passkey_for_actor(actor.audit_actor(request), passkey_id)
        last = len(await queries.passkeys_for_actor(actor.audit_actor(request))) <= 1
        if last and data.get("confirm_last") != "yes":
            return Template(
                template_name="identity/revoke.html",
                context={
                    "passkey": passkey,
                    "last": True,
                    "error": _(
                        "Tick the box to confirm that you understand you will no longer be "
                        "able to log in."
                    ),
                },
                status_code=400,
            )
        await service.revoke_passkey(actor.audit_actor(request), passkey_id)
        # The revoke ended every session of the account (see credentials.revoke_passkey),
        # those the revoked passkey opened among them; this one goes on, renewed.
        await _keep_this_session(request, actor)
        return Redirect(path="/account/passkeys?done=revoked", status_code=303)
