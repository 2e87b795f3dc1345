"""Who is asking: the session's actor, Litestar guards, and the login/logout session changes.

Other domains code against this module:

    from app.identity.guards import SessionActor, current_actor, require_affiliate, ...

    @get("/requests", guards=[require_affiliate])
    async def mine(self, request: Request) -> Template:
        actor = await current_actor(request)   # never None behind a guard

Session layout (server-side, in Redis; values go through JSON):
    session["auth"] = {"kind", "id", "epoch", "created", "seen", "step_up"}
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.response import Redirect
from litestar.types import Empty

from app.identity import queries, rules
from app.identity.rules import SessionKind
from app.kit import audit, clock, i18n
from app.kit.http import client_address
from app.kit.settings import get_settings

AUTH_KEY = "auth"
SESSION_COOKIE = "affilio_session"
SESSION_STORE = "sessions"
_STATE_KEY = "affilio_actor"
_MISSING = object()


@dataclass(frozen=True)
class SessionActor:
    kind: str  # "affiliate" | "staff"
    id: uuid.UUID
    display_name: str
    language: str
    role: str | None
    team: str | None
    step_up_at: datetime | None

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def is_affiliate(self) -> bool:
        return self.kind == "affiliate"

    def audit_actor(self, request: ASGIConnection[Any, Any, Any, Any]) -> audit.Actor:
        return audit_actor(request, self)


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The client's address, through our own reverse proxies only (kit.http.client_address)."""
    return client_address(
        connection.client.host if connection.client else None,
        connection.headers.get("x-forwarded-for"),
        get_settings().trusted_proxies,
    )


def audit_actor(
    connection: ASGIConnection[Any, Any, Any, Any], actor: SessionActor | None = None
) -> audit.Actor:
    """The audit trail's view of the request: who (if known), from where, which request."""
    if actor is None:
        cached = connection.scope.get("state", {}).get(_STATE_KEY, _MISSING)
        actor = cached if isinstance(cached, SessionActor) else None
    return audit.Actor(
        kind=actor.kind if actor else "anonymous",
        id=actor.id if actor else None,
        ip=client_ip(connection),
        user_agent=connection.headers.get("user-agent"),
        request_id=connection.scope.get("state", {}).get("request_id"),
    )


# --- The session ------------------------------------------------------------------------------


def _session(connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any] | None:
    """The session dict, or None on paths without sessions (/static/, the health probes, the
    app shell)."""
    session = connection.scope.get("session")
    if session is None or session is Empty or not isinstance(session, dict):
        return None
    return session


def _parse(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


async def current_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionActor | None:
    """The logged-in account, validated: timeouts, "log out everywhere" epoch, active account.

    Computed once per request (cached in the request state). An invalid session is cleared.
    """
    state = connection.scope.setdefault("state", {})
    cached = state.get(_STATE_KEY, _MISSING)
    if cached is not _MISSING:
        return cached
    actor = await _load_actor(connection)
    state[_STATE_KEY] = actor
    return actor


async def _load_actor(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionActor | None:
    session = _session(connection)
    auth = session.get(AUTH_KEY) if session else None
    if not isinstance(auth, dict) or session is None:
        return None
    now = clock.now()
    created, seen = _parse(auth.get("created")), _parse(auth.get("seen"))
    try:
        kind = SessionKind(str(auth.get("kind")))
        account_id = uuid.UUID(str(auth.get("id")))
    except ValueError:
        session.pop(AUTH_KEY, None)
        return None
    if created is None or seen is None or rules.session_expired(created, seen, now, kind):
        session.pop(AUTH_KEY, None)
        return None
    account = await queries.account(kind.value, account_id)
    if account is None or not account.active or account.epoch != auth.get("epoch"):
        session.pop(AUTH_KEY, None)
        return None
    if rules.seen_again(seen, now):
        auth["seen"] = now.isoformat()
        session[AUTH_KEY] = auth
    return SessionActor(
        kind=account.kind,
        id=account.id,
        display_name=account.display_name,
        language=account.language,
        role=account.role,
        team=account.team,
        step_up_at=_parse(auth.get("step_up")),
    )


def _regenerate(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """A fresh session id at login (no session fixation), keeping nothing of the old session.

    Litestar's server-side backend takes the id from the request cookie; we drop that cookie
    from the parsed-cookie cache and set a new id in the connection state, so the response
    stores the session under the new id. log_in deletes the old id from the store.
    """
    # The parsed-cookie dict is shared by every connection object of this request (the session
    # middleware's included): remove the old id in place.
    request.cookies.pop(SESSION_COOKIE, None)
    request._connection_state.session_id = secrets.token_hex(32)
    fresh: dict[str, Any] = {}
    request.set_session(fresh)
    return fresh


async def log_in(request: Request[Any, Any, Any], account: queries.Account) -> None:
    old_id = request.cookies.get(SESSION_COOKIE)
    if old_id:
        store = request.app.stores.get(SESSION_STORE)
        await store.delete(old_id)
    session = _regenerate(request)
    now = clock.now().isoformat()
    session[AUTH_KEY] = {
        "kind": account.kind,
        "id": str(account.id),
        "epoch": account.epoch,
        "name": account.display_name,
        "created": now,
        "seen": now,
        # The passkey ceremony that logged them in is a user verification.
        "step_up": now,
    }
    request.scope.setdefault("state", {}).pop(_STATE_KEY, None)


async def log_out(request: Request[Any, Any, Any]) -> None:
    old_id = request.cookies.get(SESSION_COOKIE)
    if old_id:
        store = request.app.stores.get(SESSION_STORE)
        await store.delete(old_id)
    request.clear_session()
    request.scope.setdefault("state", {})[_STATE_KEY] = None


def mark_stepped_up(request: Request[Any, Any, Any]) -> None:
    session = _session(request)
    if session and isinstance(session.get(AUTH_KEY), dict):
        auth = dict(session[AUTH_KEY])
        auth["step_up"] = clock.now().isoformat()
        session[AUTH_KEY] = auth
        request.scope.setdefault("state", {}).pop(_STATE_KEY, None)


# --- Guards -----------------------------------------------------------------------------------


class LoginRequired(NotAuthorizedException):
    """Anonymous on a protected page: browsers go to /login?next=…, the API gets a 401."""

    def __init__(self, next_path: str = "/") -> None:
        super().__init__(detail="Login required")
        self.next_path = next_path


class StepUpRequired(PermissionDeniedException):
    """A sensitive action needs a passkey check in the last 5 minutes."""

    def __init__(self, next_path: str = "/") -> None:
        super().__init__(detail="Recent user verification required")
        self.next_path = next_path


def _here(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """Where to come back to. A refused POST cannot be replayed by a redirect: go back to the
    page that sent it (same site only)."""
    if connection.scope.get("method", "GET") not in ("GET", "HEAD"):
        referer = urlsplit(connection.headers.get("referer", ""))
        if referer.netloc and referer.netloc != connection.url.netloc:
            return "/"
        return rules.safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))
    path = connection.url.path
    if connection.url.query:
        path += "?" + connection.url.query
    return path


async def _require(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionActor:
    actor = await current_actor(connection)
    if actor is None:
        raise LoginRequired(_here(connection))
    return actor


async def require_login(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    await _require(connection)


async def require_affiliate(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    actor = await _require(connection)
    if not actor.is_affiliate:
        raise PermissionDeniedException(detail="Affiliates only")


async def require_staff(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    actor = await _require(connection)
    if not actor.is_staff:
        raise PermissionDeniedException(detail="Staff only")


def require_permission(permission: rules.Permission) -> Any:
    """Guard factory: `guards=[require_permission(Permission.SUPERVISE_TEAMS)]`. The role table
    (rules.ROLE_PERMISSIONS) decides; no handler names roles."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        actor = await _require(connection)
        if not actor.is_staff or not actor.role or not rules.role_allows(actor.role, permission):
            raise PermissionDeniedException(detail="Role not allowed")

    guard.__name__ = f"require_permission_{permission.value}"
    return guard


async def require_step_up(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    actor = await _require(connection)
    if not rules.step_up_fresh(actor.step_up_at, clock.now()):
        raise StepUpRequired(_here(connection))


async def logged_in_actor(request: ASGIConnection[Any, Any, Any, Any]) -> SessionActor:
    """The actor of a handler behind a login guard (never None there)."""
    actor = await current_actor(request)
    if actor is None:  # the guard let an anonymous visitor through: never expected
        raise NotAuthorizedException()
    return actor


def step_up_fresh(actor: SessionActor) -> bool:
    """A user verification within the last five minutes (identity's rule)."""
    return rules.step_up_fresh(actor.step_up_at, clock.now())


async def who(request: ASGIConnection[Any, Any, Any, Any]) -> tuple[SessionActor, audit.Actor]:
    """The guarded handler's actor and its audit view (ip, user agent, request id)."""
    actor = await current_actor(request)
    if actor is None:  # the guard let an anonymous visitor through: never expected
        raise NotAuthorizedException()
    return actor, audit_actor(request, actor)


def auth_exception_handler(
    request: Request[Any, Any, Any], exc: NotAuthorizedException | PermissionDeniedException
) -> Response[Any]:
    """Redirect browsers to log in or step up; everything else goes to the usual handler."""
    from app.kit.problems import http_handler, wants_json

    if isinstance(exc, LoginRequired | StepUpRequired) and not wants_json(request):
        target = "/login" if isinstance(exc, LoginRequired) else "/step-up"
        return Redirect(path=f"{target}?next={quote(exc.next_path, safe='/')}", status_code=303)
    return http_handler(request, exc)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    LoginRequired: auth_exception_handler,
    StepUpRequired: auth_exception_handler,
}


# --- Templates --------------------------------------------------------------------------------


def session_account(request: Any) -> dict[str, Any] | None:
    """For the nav in base.html: the validated actor if this request computed it, otherwise the
    session's own record checked against its timeouts (no database read on public pages)."""
    scope = getattr(request, "scope", None)
    if scope is None:
        return None
    cached = scope.get("state", {}).get(_STATE_KEY, _MISSING)
    if isinstance(cached, SessionActor):
        owner = device_owner(cached.kind, str(cached.id))
        return {"kind": cached.kind, "name": cached.display_name, "owner": owner}
    if cached is None:
        return None
    session = scope.get("session")
    auth = session.get(AUTH_KEY) if isinstance(session, dict) else None
    if not isinstance(auth, dict):
        return None
    created, seen = _parse(auth.get("created")), _parse(auth.get("seen"))
    try:
        kind = SessionKind(str(auth.get("kind")))
    except ValueError:
        return None
    if created is None or seen is None or rules.session_expired(created, seen, clock.now(), kind):
        return None
    owner = device_owner(kind.value, str(auth.get("id")))
    return {"kind": kind.value, "name": auth.get("name") or "", "owner": owner}


def device_owner(kind: str, account_id: str) -> str:
    """Who answers kept offline on this device belong to, without naming them (the pages say
    it to the offline sync, which sends a person's answers only in that person's session)."""
    message = f"{kind}:{account_id}".encode()
    key = get_settings().secret_key.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def install_template_globals(env: Any) -> None:
    env.globals["session_account"] = session_account


def language_after_login(account: queries.Account) -> str:
    return i18n.normalise(account.language) or i18n.DEFAULT_LANGUAGE
