"""Types the controllers share: the request, and a URL-encoded form body; shared cookie names."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]

# The anonymous guide visitor's draft token (app/wizards/drafts.py). A cookie of its own, since
# logging in regenerates the session; wizards set it, identity expires it at logout, so it is
# named here, below both.
WIZARD_DRAFT_COOKIE = "affilio_wizard"


def expired_cookie(key: str) -> Cookie:
    """A Set-Cookie that makes the browser drop `key` now (Max-Age=0)."""
    return Cookie(key=key, value="", path="/", max_age=0, expires=0)
