"""The affiliate's mandates (/account/mandates: give, see, revoke) and the invitation an
invited person accepts with their own passkey account (/mandates/invitations/{code})."""

from __future__ import annotations

import uuid

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.affiliation import queries as affiliation
from app.identity.guards import require_affiliate, who
from app.kit import clock
from app.kit.errors import Conflict
from app.kit.forms import raw
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.mandates import queries, rules, service

GRANTED_KEY = "mandate_granted"  # the invitation link, shown once after the grant
FIELDS = ("for", "mandatary_name", "mandatary_email", "starts_on", "ends_on")


def _scope_options() -> list[tuple[str, str]]:
    return [(s.value, str(label)) for s, label in rules.SCOPE_LABELS.items()]


class MandatesController(Controller):
    path = "/account/mandates"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(
        self,
        request: AnyRequest,
        *,
        form: dict[str, str] | None = None,
        scopes: list[str] | None = None,
        errors: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        me, actor = await who(request)
        granted = request.session.pop(GRANTED_KEY, None) if status_code == 200 else None
        companies = await affiliation.companies_directed_by(me.id, clock.today())
        return Template(
            "mandates/index.html",
            context={
                "mandates": await queries.mandates_given(actor),
                "form": form
                or {
                    **dict.fromkeys(FIELDS, ""),
                    "for": rules.SELF,
                    "starts_on": clock.today().isoformat(),
                },
                "for_options": [
                    (rules.SELF, _("For me")),
                    *[(str(c.id), _("For %(company)s", company=c.name)) for c in companies],
                ]
                if companies
                else [],
                "scopes": scopes if scopes is not None else [],
                "errors": errors or {},
                "scope_options": _scope_options(),
                "granted": granted if isinstance(granted, dict) else None,
                "today": clock.today(),
                **rules.labels(),
            },
            status_code=status_code,
        )

    @get("/", name="mandates:index")
    async def index(self, request: AnyRequest) -> Template:
        return await self._page(request)

    @post("/", name="mandates:grant")
    async def grant(self, request: AnyRequest) -> Template | Redirect:
        me, actor = await who(request)
        data = await request.form()
        form = {name: raw(data, name)[:300] for name in FIELDS}
        scopes = [str(v)[:32] for v in data.getall("scopes", [])][: len(rules.Scope)]
        directed = await affiliation.companies_directed_by(me.id, clock.today())
        checked = rules.check_grant(form, scopes, clock.today(), [str(c.id) for c in directed])
        if isinstance(checked, dict):
            errors = {name: str(rules.ERRORS[code]) for name, code in checked.items()}
            return await self._page(
                request, form=form, scopes=scopes, errors=errors, status_code=422
            )
        try:
            granted = await service.grant_mandate(actor, checked)
        except service.TooManyGrants:
            errors = {"mandatary_name": str(rules.ERRORS["grants.too_many"])}
            return await self._page(
                request, form=form, scopes=scopes, errors=errors, status_code=429
            )
        request.session[GRANTED_KEY] = {
            "url": granted.url,
            "name": checked.mandatary_name,
            "emailed": bool(checked.mandatary_email),
        }
        return Redirect(path="/account/mandates", status_code=303)

    @post("/{mandate_id:uuid}/revoke", name="mandates:revoke")
    async def revoke(self, request: AnyRequest, mandate_id: FromPath[uuid.UUID]) -> Redirect:
        _me, actor = await who(request)
        await service.revoke_mandate(actor, mandate_id)
        return Redirect(path="/account/mandates?done=revoked", status_code=303)


class InvitationController(Controller):
    """The invited person opens the link signed in with their own account (or is sent to log
    in or create one first, and comes back here)."""

    path = "/mandates"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/invitations/{code:str}", name="mandates:invitation")
    async def invitation(self, request: AnyRequest, code: FromPath[str]) -> Template:
        me, _actor = await who(request)
        found = await queries.invitation(code[:100])
        status = 200 if found is not None else 404
        own = found is not None and found.client_id == me.id
        return Template(
            "mandates/invitation.html",
            context={"invitation": found, "code": code, "own": own, **rules.labels()},
            status_code=status,
        )

    @post("/invitations/{code:str}", name="mandates:accept")
    async def accept(self, request: AnyRequest, code: FromPath[str]) -> Template | Redirect:
        _me, actor = await who(request)
        try:
            await service.accept_mandate(actor, code[:100])
        except Conflict:
            found = await queries.invitation(code[:100])
            return Template(
                "mandates/invitation.html",
                context={"invitation": found, "code": code, "own": True, **rules.labels()},
                status_code=409,
            )
        return Redirect(path="/clients?done=accepted", status_code=303)

    @post("/{mandate_id:uuid}/give-up", name="mandates:give_up")
    async def give_up(self, request: AnyRequest, mandate_id: FromPath[uuid.UUID]) -> Redirect:
        _me, actor = await who(request)
        await service.give_up_mandate(actor, mandate_id)
        return Redirect(path="/clients?done=given_up", status_code=303)
