"""The portal's front door and the language switch."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from app.affiliation import queries as affiliation
from app.home import contact, dashboard
from app.identity.guards import current_actor
from app.identity.rules import safe_next
from app.identity.service import update_language
from app.kit import i18n
from app.kit.middleware import LANGUAGE_COOKIE
from app.kit.page_cache import SAME_FOR_VISITORS
from app.kit.settings import get_settings
from app.requests.messages import labels as request_labels
from app.wizards.catalogue import WIZARDS

ONE_YEAR = 365 * 24 * 3600


class HomeController(Controller):
    path = ""
    include_in_schema = False

    @get("/", name="home", opt=SAME_FOR_VISITORS)
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        # The life events offered are the wizards themselves: one list, one wording.
        context: dict[str, Any] = {"wizards": list(WIZARDS.values()), "dashboard": None}
        actor = await current_actor(request)
        if actor is not None and actor.is_affiliate:
            # A logged-in affiliate first sees what is theirs; staff and visitors, the public page.
            context["dashboard"] = await dashboard.dashboard_for(actor.audit_actor(request))
            context.update(request_labels())
        return Template(template_name="home/index.html", context=context)

    @get("/contact", name="contact", opt=SAME_FOR_VISITORS)
    async def contact(self, request: Request[Any, Any, Any]) -> Template:
        actor = await current_actor(request)
        manager = None
        if actor is not None and not actor.is_staff:
            manager = await affiliation.account_manager_for(actor.id)
        return Template(
            template_name="home/contact.html",
            context={
                "details": contact.contact_details(),
                "day_range": contact.day_range,
                "hour": contact.hour,
                "manager": manager,
                "logged_in": actor is not None,
            },
        )

    @post("/language", name="language")
    async def switch_language(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        lang = i18n.normalise(data.get("lang")) or i18n.DEFAULT_LANGUAGE
        if "session" in request.scope and request.session is not None:
            request.session["lang"] = lang
        # A logged-in person keeps their choice on their record (mails, next login).
        actor = await current_actor(request)
        if actor is not None:
            await update_language(actor.audit_actor(request), lang)
        return Redirect(
            path=safe_next(data.get("next")),
            status_code=303,
            cookies=[
                Cookie(
                    key=LANGUAGE_COOKIE,
                    value=lang,
                    max_age=ONE_YEAR,
                    httponly=True,
                    samesite="lax",
                    secure=get_settings().https,
                )
            ],
        )
