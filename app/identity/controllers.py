"""Getting in and managing one's account: passkey login, activation, sign-up, recovery, staff.

Passkey ceremonies are JSON endpoints driven by static/js/passkeys.js; every other page is a
plain form that works without JavaScript.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from datetime import datetime
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from app.identity import queries, rules, service
from app.identity.guards import (
    SessionActor,
    audit_actor,
    current_actor,
    log_in,
    log_out,
    mark_stepped_up,
    require_affiliate,
    require_login,
    require_role,
    require_staff,
    require_step_up,
)
from app.identity.passkeys import authentication_options, registration_options, rp_from_base_url
from app.identity.rules import IdentifierError, IdentifierErrorCode, StaffRole, safe_next
from app.kit import clock, i18n
from app.kit.errors import AffilioError
from app.kit.i18n import gettext as _
from app.kit.middleware import LANGUAGE_COOKIE
from app.kit.settings import get_settings

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]
ONE_YEAR = 365 * 24 * 3600
CEREMONIES = "ceremonies"
MAX_CEREMONIES = 4  # a few tabs or an autofill + a button at once
ENROL_TTL_SECONDS = 30 * 60


# --- Ceremony state in the session ---------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _start_ceremony(request: AnyRequest, purpose: str, challenge: bytes, **extra: Any) -> str:
    """Keep the challenge server-side (as text: session values go through JSON)."""
    ceremonies = dict(request.session.get(CEREMONIES) or {})
    if len(ceremonies) >= MAX_CEREMONIES:
        oldest = sorted(ceremonies.items(), key=lambda item: item[1].get("at", ""))
        for key, _value in oldest[: len(ceremonies) - MAX_CEREMONIES + 1]:
            ceremonies.pop(key)
    ceremony_id = secrets.token_urlsafe(12)
    ceremonies[ceremony_id] = {
        "purpose": purpose,
        "challenge": _b64(challenge),
        "at": clock.now().isoformat(),
        **extra,
    }
    request.session[CEREMONIES] = ceremonies
    return ceremony_id


def _take_ceremony(
    request: AnyRequest, purpose: str, ceremony_id: Any
) -> tuple[service.Ceremony | None, dict[str, Any]]:
    """Single use: the challenge leaves the session whatever the outcome."""
    ceremonies = dict(request.session.get(CEREMONIES) or {})
    entry = ceremonies.pop(str(ceremony_id), None) if ceremony_id else None
    request.session[CEREMONIES] = ceremonies
    if not isinstance(entry, dict) or entry.get("purpose") != purpose:
        return None, {}
    ceremony = service.Ceremony(
        challenge=base64.urlsafe_b64decode(entry["challenge"]),
        issued_at=datetime.fromisoformat(entry["at"]),
    )
    return ceremony, entry


def _credential_json(data: dict[str, Any]) -> str:
    credential = data.get("credential")
    return json.dumps(credential) if isinstance(credential, dict) else ""


def _options_response(ceremony_id: str, options_json: str) -> Response[Any]:
    return Response(content={"ceremony": ceremony_id, "publicKey": json.loads(options_json)})


def _language_cookie(language: str) -> Cookie:
    return Cookie(
        key=LANGUAGE_COOKIE,
        value=language,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="lax",
        secure=get_settings().https,
    )


async def _logged_in_response(
    request: AnyRequest, account: queries.Account, target: str
) -> Response[Any]:
    await log_in(request, account)
    language = i18n.normalise(account.language) or i18n.DEFAULT_LANGUAGE
    return Response(content={"redirect": target}, cookies=[_language_cookie(language)])


def _home_for(account_kind: str) -> str:
    return "/account"


# --- Login, logout, step-up ------------------------------------------------------------------


class LoginController(Controller):
    path = ""
    include_in_schema = False

    @get("/login", name="identity.login")
    async def login_page(self, request: AnyRequest, next: FromQuery[str | None] = None) -> Template:
        if await current_actor(request) is not None:
            return Template(
                template_name="identity/login.html",
                context={"next": safe_next(next), "already": True},
            )
        return Template(
            template_name="identity/login.html",
            context={"next": safe_next(next), "already": False},
        )

    @post("/passkeys/login/options", name="identity.login_options")
    async def login_options(self, request: AnyRequest) -> Response[Any]:
        rp = rp_from_base_url(get_settings().base_url)
        options_json, challenge = authentication_options(rp)
        return _options_response(_start_ceremony(request, "login", challenge), options_json)

    @post("/passkeys/login", name="identity.login_verify")
    async def login_verify(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        ceremony, _entry = _take_ceremony(request, "login", data.get("ceremony"))
        account = await service.authenticate_passkey(
            credential_json=_credential_json(data),
            ceremony=ceremony,
            actor=audit_actor(request),
            redis=request.app.state.redis,
        )
        target = safe_next(str(data.get("next") or "")) or "/"
        if target == "/":
            target = _home_for(account.kind)
        return await _logged_in_response(request, account, target)

    @post("/logout", name="identity.logout")
    async def logout(self, request: AnyRequest) -> Redirect:
        await log_out(request)
        return Redirect(path="/login?bye=1", status_code=303)

    @post("/logout/everywhere", name="identity.logout_everywhere", guards=[require_login])
    async def logout_everywhere(self, request: AnyRequest) -> Redirect:
        actor = await current_actor(request)
        assert actor is not None
        await service.log_out_everywhere(actor.audit_actor(request))
        await log_out(request)
        return Redirect(path="/login?bye=all", status_code=303)

    @get("/step-up", name="identity.step_up", guards=[require_login])
    async def step_up_page(
        self, request: AnyRequest, next: FromQuery[str | None] = None
    ) -> Template:
        return Template(template_name="identity/step_up.html", context={"next": safe_next(next)})

    @post("/passkeys/step-up/options", name="identity.step_up_options", guards=[require_login])
    async def step_up_options(self, request: AnyRequest) -> Response[Any]:
        rp = rp_from_base_url(get_settings().base_url)
        options_json, challenge = authentication_options(rp)
        return _options_response(_start_ceremony(request, "step_up", challenge), options_json)

    @post("/passkeys/step-up", name="identity.step_up_verify", guards=[require_login])
    async def step_up_verify(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        actor = await current_actor(request)
        assert actor is not None
        ceremony, _entry = _take_ceremony(request, "step_up", data.get("ceremony"))
        await service.authenticate_passkey(
            credential_json=_credential_json(data),
            ceremony=ceremony,
            actor=actor.audit_actor(request),
            redis=request.app.state.redis,
            expected=(actor.kind, actor.id),
        )
        mark_stepped_up(request)
        return Response(content={"redirect": safe_next(str(data.get("next") or ""))})


# --- Registration (activation link, newcomer, or an extra passkey) -----------------------------


async def _registration_target(
    request: AnyRequest, token: str | None
) -> tuple[str, uuid.UUID, str, str, str | None]:
    """(kind, id, user name, display name, link token) of the account getting a passkey."""
    if token:
        target = await queries.activation_link(token)
        if target is None:
            raise service.LinkInvalid(
                _(
                    "This link is no longer valid: it has expired or has already been used. "
                    "Ask for a new one."
                )
            )
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
    raise service.LinkInvalid(_("Your session has expired. Please start again."))


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
        ceremony_id = _start_ceremony(
            request, "register", challenge, kind=kind, id=str(account_id), token=link
        )
        return _options_response(ceremony_id, options_json)

    @post("/passkeys/register", name="identity.register_verify")
    async def register_verify(
        self, request: AnyRequest, data: JSONBody[dict[str, Any]]
    ) -> Response[Any]:
        ceremony, entry = _take_ceremony(request, "register", data.get("ceremony"))
        if ceremony is None:
            raise service.PasskeyRefused(_("This attempt has expired. Please try again."))
        kind, account_id = entry["kind"], uuid.UUID(entry["id"])
        actor = await current_actor(request)
        adding = actor is not None and (actor.kind, actor.id) == (kind, account_id)
        audit = actor.audit_actor(request) if actor else audit_actor(request)
        await service.register_passkey(
            kind,
            account_id,
            credential_json=_credential_json(data),
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
        return await _logged_in_response(request, account, "/account/passkeys?done=welcome")


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


# --- Newcomers ---------------------------------------------------------------------------------


def N_(message: str) -> str:
    """Marks a text for the catalogue; it is translated where it is shown."""
    return message


NISS_MESSAGES = {
    IdentifierErrorCode.EMPTY: N_("Enter your national register number."),
    IdentifierErrorCode.NOT_DIGITS: N_(
        "Your national register number may only contain digits (dots and dashes are allowed)."
    ),
    IdentifierErrorCode.BAD_LENGTH: N_("Your national register number must have 11 digits."),
    IdentifierErrorCode.BAD_CHECKSUM: N_(
        "This national register number is not valid: check the last two digits (the check number)."
    ),
    IdentifierErrorCode.BAD_DATE: N_(
        "This national register number is not valid: the first six digits must be a birth "
        "date (YY.MM.DD)."
    ),
    IdentifierErrorCode.BAD_PREFIX: N_("This national register number is not valid."),
}


def niss_error(raw: str) -> tuple[str | None, str | None]:
    """(11-digit number, None) or (None, translated message naming what is wrong)."""
    try:
        return rules.validate_niss(raw, today=clock.today()).number, None
    except IdentifierError as exc:
        return None, _(NISS_MESSAGES[exc.code])


class SignupController(Controller):
    path = "/signup"
    include_in_schema = False

    @get("/", name="identity.signup")
    async def signup_page(self) -> Template:
        return Template(template_name="identity/signup.html", context={"form": {}, "errors": {}})

    @post("/", name="identity.signup_submit")
    async def signup_submit(self, request: AnyRequest, data: Form) -> Template | Redirect:
        form = {
            k: (data.get(k) or "").strip() for k in ("niss", "first_name", "last_name", "email")
        }
        errors: dict[str, str] = {}
        niss, niss_message = niss_error(form["niss"])
        if niss_message:
            errors["niss"] = niss_message
        if not form["first_name"]:
            errors["first_name"] = _("Enter your first name.")
        if not form["last_name"]:
            errors["last_name"] = _("Enter your last name.")
        email = rules.normalise_email(form["email"])
        if email is None:
            errors["email"] = _("Enter a valid email address, like name@example.be.")
        if errors or niss is None or email is None:
            return Template(
                template_name="identity/signup.html",
                context={"form": form, "errors": errors},
                status_code=400,
            )
        code_id = await service.start_signup(
            service.Signup(
                national_number=niss,
                first_name=form["first_name"][:100],
                last_name=form["last_name"][:100],
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


PHONE_MESSAGES = {
    rules.PhoneError.NOT_DIGITS: N_(
        "A phone number may only contain digits, spaces and a leading +, like 0470 12 34 56."
    ),
    rules.PhoneError.BAD_LENGTH: N_(
        "Enter a Belgian number of 9 or 10 digits starting with 0 (like 0470 12 34 56 or "
        "02 123 45 67), or a foreign number starting with +."
    ),
}


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


# --- My account --------------------------------------------------------------------------------

PENDING_CONTACT = "pending_contact"


async def _save_details(
    request: AnyRequest, actor: SessionActor, change: dict[str, str]
) -> Redirect:
    await service.update_contact_details(
        actor.audit_actor(request),
        service.ContactChange(
            email=change["email"], phone=change["phone"], language=change["language"]
        ),
    )
    # The site follows the language chosen for letters at once.
    request.session["lang"] = change["language"]
    return Redirect(
        path="/account/details?done=saved",
        status_code=303,
        cookies=[_language_cookie(change["language"])],
    )


async def _actor(request: AnyRequest) -> SessionActor:
    actor = await current_actor(request)
    assert actor is not None  # behind require_login
    return actor


class AccountController(Controller):
    path = "/account"
    include_in_schema = False
    guards = [require_login]

    @get("/", name="identity.account")
    async def account_page(self, request: AnyRequest) -> Template:
        actor = await _actor(request)
        passkeys = await queries.passkeys_for_actor(actor)
        return Template(
            template_name="identity/account.html",
            context={"actor": actor, "passkey_count": len(passkeys)},
        )

    @get("/details", name="identity.details", guards=[require_affiliate])
    async def details_page(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        details = await queries.contact_details(await _actor(request))
        form = {
            "email": details.email or "",
            "phone": rules.format_phone(details.phone),
            "language": details.language,
        }
        return _details_template(form, {}, done=done)

    @post("/details", name="identity.details_submit", guards=[require_affiliate])
    async def details_submit(self, request: AnyRequest, data: Form) -> Response[Any]:
        actor = await _actor(request)
        form = {k: (data.get(k) or "").strip() for k in ("email", "phone", "language")}
        errors: dict[str, str] = {}
        email = rules.normalise_email(form["email"])
        if email is None:
            errors["email"] = _("Enter a valid email address, like name@example.be.")
        phone = ""
        try:
            phone = rules.normalise_phone(form["phone"])
        except ValueError as exc:
            errors["phone"] = _(PHONE_MESSAGES[rules.PhoneError(str(exc))])
        language = i18n.normalise(form["language"])
        if language is None:
            errors["language"] = _("Choose the language of your letters and emails.")
        if errors or email is None or language is None:
            return _details_template(form, errors, status_code=400)
        change = {"email": email, "phone": phone, "language": language}
        current = await queries.contact_details(actor)
        if email != (current.email or "") and not rules.step_up_fresh(
            actor.step_up_at, clock.now()
        ):
            # The address receives recovery notices: changing it needs the passkey again.
            # What was typed waits in the session and is applied once the owner has confirmed.
            request.session[PENDING_CONTACT] = change
            return Redirect(path="/step-up?next=/account/details/confirm", status_code=303)
        return await _save_details(request, actor, change)

    @get(
        "/details/confirm",
        name="identity.details_confirm",
        guards=[require_affiliate, require_step_up],
    )
    async def details_confirm(self, request: AnyRequest) -> Response[Any]:
        change = request.session.pop(PENDING_CONTACT, None)
        if not change:
            return Redirect(path="/account/details", status_code=303)
        return await _save_details(request, await _actor(request), change)

    @get("/passkeys", name="identity.passkeys")
    async def passkeys_page(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        actor = await _actor(request)
        passkeys = await queries.passkeys_for_actor(actor)
        return Template(
            template_name="identity/passkeys.html",
            context={"passkeys": passkeys, "done": done, "errors": {}, "rename": None},
        )

    @post("/passkeys/{passkey_id:uuid}/rename", name="identity.passkey_rename")
    async def rename(
        self, request: AnyRequest, passkey_id: FromPath[uuid.UUID], data: Form
    ) -> Template | Redirect:
        actor = await _actor(request)
        try:
            await service.rename_passkey(
                actor.audit_actor(request), passkey_id, data.get("name") or ""
            )
        except AffilioError as exc:
            if exc.status_code == 404:
                raise
            passkeys = await queries.passkeys_for_actor(actor)
            return Template(
                template_name="identity/passkeys.html",
                context={
                    "passkeys": passkeys,
                    "done": None,
                    "errors": {f"name-{passkey_id}": exc.message},
                    "rename": str(passkey_id),
                },
                status_code=400,
            )
        return Redirect(path="/account/passkeys?done=renamed", status_code=303)

    @get("/passkeys/{passkey_id:uuid}/revoke", name="identity.passkey_revoke_confirm")
    async def revoke_confirm(
        self, request: AnyRequest, passkey_id: FromPath[uuid.UUID]
    ) -> Template:
        actor = await _actor(request)
        passkey = await queries.passkey_for_actor(actor, passkey_id)
        count = len(await queries.passkeys_for_actor(actor))
        return Template(
            template_name="identity/revoke.html",
            context={"passkey": passkey, "last": count <= 1, "error": None},
        )

    @post("/passkeys/{passkey_id:uuid}/revoke", name="identity.passkey_revoke")
    async def revoke(
        self, request: AnyRequest, passkey_id: FromPath[uuid.UUID], data: Form
    ) -> Template | Redirect:
        actor = await _actor(request)
        passkey = await queries.passkey_for_actor(actor, passkey_id)
        last = len(await queries.passkeys_for_actor(actor)) <= 1
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
        return Redirect(path="/account/passkeys?done=revoked", status_code=303)


# --- Recovery ----------------------------------------------------------------------------------


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


# --- Staff: recovery checks and the team ---------------------------------------------------------


class StaffIdentityController(Controller):
    path = "/staff/identity"
    include_in_schema = False
    guards = [require_staff]

    @get("/recovery", name="identity.staff_recovery")
    async def recovery_list(
        self, request: AnyRequest, done: FromQuery[str | None] = None
    ) -> Template:
        actor = await _actor(request)
        requests = await queries.pending_recoveries(actor)
        return Template(
            template_name="identity/staff_recovery.html",
            context={"requests": requests, "done": done},
        )

    # Granting revokes every passkey of a person: a decision, so a fresh passkey check first.
    @post(
        "/recovery/{recovery_id:uuid}/grant",
        name="identity.staff_recovery_grant",
        guards=[require_step_up],
    )
    async def grant(self, request: AnyRequest, recovery_id: FromPath[uuid.UUID]) -> Redirect:
        actor = await _actor(request)
        await service.grant_recovery(recovery_id, actor=actor.audit_actor(request))
        return Redirect(path="/staff/identity/recovery?done=granted", status_code=303)

    @post("/recovery/{recovery_id:uuid}/reject", name="identity.staff_recovery_reject")
    async def reject(self, request: AnyRequest, recovery_id: FromPath[uuid.UUID]) -> Redirect:
        actor = await _actor(request)
        await service.reject_recovery(recovery_id, actor=actor.audit_actor(request))
        return Redirect(path="/staff/identity/recovery?done=rejected", status_code=303)

    @get("/team", name="identity.staff_team", guards=[require_role("admin")])
    async def team(self, request: AnyRequest, done: FromQuery[str | None] = None) -> Template:
        return await self._team_page(request, done=done)

    async def _team_page(
        self,
        request: AnyRequest,
        *,
        done: str | None = None,
        form: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        actor = await _actor(request)
        return Template(
            template_name="identity/staff_team.html",
            context={
                "members": await queries.staff_members(actor),
                "roles": [r.value for r in StaffRole],
                "done": done,
                "form": form
                or {"role": "agent", "team": "general", "language": i18n.current_language()},
                "languages": list(i18n.LANGUAGE_NAMES.items()),
                "errors": errors or {},
            },
            status_code=status_code,
        )

    @post("/team", name="identity.staff_invite", guards=[require_role("admin")])
    async def invite(self, request: AnyRequest, data: Form) -> Template | Redirect:
        actor = await _actor(request)
        form = {
            k: (data.get(k) or "").strip()
            for k in ("email", "full_name", "role", "team", "language")
        }
        errors: dict[str, str] = {}
        if not form["full_name"]:
            errors["full_name"] = _("Enter the staff member's full name.")
        if rules.normalise_email(form["email"]) is None:
            errors["email"] = _("Enter a valid email address, like name@example.be.")
        if form["role"] not in {r.value for r in StaffRole}:
            errors["role"] = _("Choose a role.")
        language = i18n.normalise(form["language"] or i18n.current_language())
        if language is None:
            errors["language"] = _("Choose the language of the invitation.")
        if not errors and language is not None:
            try:
                await service.invite_staff(
                    email=form["email"],
                    full_name=form["full_name"],
                    role=form["role"],
                    team=form["team"] or "general",
                    language=language,
                    actor=actor.audit_actor(request),
                )
            except AffilioError as exc:
                errors[exc.field or "email"] = exc.message
        if errors:
            return await self._team_page(request, form=form, errors=errors, status_code=400)
        return Redirect(path="/staff/identity/team?done=invited", status_code=303)

    @post("/team/{staff_id:uuid}/role", name="identity.staff_role", guards=[require_role("admin")])
    async def change_role(
        self, request: AnyRequest, staff_id: FromPath[uuid.UUID], data: Form
    ) -> Template | Redirect:
        actor = await _actor(request)
        role = data.get("role") or ""
        if role not in {r.value for r in StaffRole}:
            return Redirect(path="/staff/identity/team", status_code=303)
        try:
            await service.change_staff_role(staff_id, role, actor=actor.audit_actor(request))
        except service.LastAdmin as exc:
            return await self._team_page(
                request, errors={f"role-{staff_id}": exc.message}, status_code=exc.status_code
            )
        return Redirect(path="/staff/identity/team?done=role", status_code=303)


ROUTE_HANDLERS: list[type[Controller]] = [
    LoginController,
    RegistrationController,
    SignupController,
    AccountController,
    RecoveryController,
    StaffIdentityController,
]
