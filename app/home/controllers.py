"""The portal's front door and the language switch."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from app.kit import i18n
from app.kit.middleware import LANGUAGE_COOKIE
from app.kit.settings import get_settings

ONE_YEAR = 365 * 24 * 3600


def safe_next(target: str | None) -> str:
    """Only same-site paths: an open redirect would help phishing."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


class HomeController(Controller):
    path = ""
    include_in_schema = False

    @get("/", name="home")
    async def home(self) -> Template:
        return Template(template_name="home/index.html")

    @post("/language", name="language")
    async def switch_language(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        lang = i18n.normalise(data.get("lang")) or i18n.DEFAULT_LANGUAGE
        if "session" in request.scope and request.session is not None:
            request.session["lang"] = lang
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
