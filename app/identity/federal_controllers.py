"""The federal login's two pages: off to the provider, and back (app/identity/federal.py).

Both are plain redirects a browser follows without JavaScript. A refusal is a page that says why
in the person's language and how to get in otherwise; nothing of the attempt stays in the session.
"""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.identity import federal
from app.identity.guards import audit_actor, current_actor, log_in
from app.identity.rules import safe_next
from app.identity.web import language_cookie
from app.kit import i18n
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.kit.settings import get_settings

SESSION_KEY = "federal"
HOME = "/account"
MAX_QUERY = 2048  # a code or a state is far shorter: anything longer is not one


def refusal_text(code: str) -> str:
    texts = {
        "state": _("This login link has already been used or has expired. Start again."),
        "provider": _(
            "The federal login did not answer or refused the login. Try again in a moment, "
            "or log in with your passkey."
        ),
        "token": _(
            "The answer of the federal login could not be checked, so nobody was logged in. "
            "Start again."
        ),
        "number": _("The federal login gave no valid national register number."),
        "other_person": _(
            "You are logged in with another person's account: log out first, then log in with "
            "your own eID or itsme."
        ),
        "merged_file": _(
            "Two files of the fund hold this national number: your account manager must merge "
            "them first. Write to us and we will do it."
        ),
    }
    return texts.get(code, texts["provider"])


class FederalLoginController(Controller):
    path = "/login/federal"
    include_in_schema = False

    @get("/", name="identity.federal_start")
    async def start(self, request: AnyRequest, next: FromQuery[str | None] = None) -> Redirect:
        settings = get_settings()
        if not federal.enabled(settings):
            raise NotFoundException()
        try:
            url, pending = await federal.start(settings, safe_next(next))
        except federal.FederalLoginRefused as refused:
            return Redirect(path=f"/login/federal/refused?why={refused.code}", status_code=303)
        request.session[SESSION_KEY] = pending.as_dict()
        return Redirect(path=url, status_code=303)

    @get("/callback", name="identity.federal_callback")
    async def callback(self, request: AnyRequest) -> Redirect | Template:
        # `state` is a reserved handler argument in Litestar: read the query by hand, bounded.
        query = request.query_params
        state, code, error = (
            str(query.get(key) or "")[:MAX_QUERY] for key in ("state", "code", "error")
        )
        settings = get_settings()
        if not federal.enabled(settings):
            raise NotFoundException()
        # Taken whatever happens next: a callback is good once.
        pending = federal.Pending.from_dict(request.session.pop(SESSION_KEY, None))
        try:
            if error and pending is not None and state == pending.state:
                raise federal.FederalLoginRefused("provider")
            claims = await federal.finish(settings, pending, state, code, request.app.state.redis)
            number = federal.national_number(claims, settings.federal_number_claim)
            me = await current_actor(request)
            signed_in = me.id if me is not None and me.kind == "affiliate" else None
            account = await federal.account_for(
                audit_actor(request), claims, number, signed_in, i18n.current_language()
            )
        except federal.FederalLoginRefused as refused:
            return Template(
                template_name="identity/federal_refused.html",
                context={"message": refusal_text(refused.code)},
                status_code=403,
            )
        await log_in(request, account)
        target = (pending.next if pending else "") or HOME
        if target == "/":
            target = HOME
        language = i18n.normalise(account.language) or i18n.DEFAULT_LANGUAGE
        return Redirect(path=target, status_code=303, cookies=[language_cookie(language)])

    @get("/refused", name="identity.federal_refused")
    async def refused(self, why: FromQuery[str | None] = None) -> Template:
        return Template(
            template_name="identity/federal_refused.html",
            context={"message": refusal_text(why or "")},
        )
