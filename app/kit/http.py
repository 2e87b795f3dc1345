"""Types the controllers share: the request, and a URL-encoded form body; shared cookie names."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any

from litestar import Request, Response
from litestar.datastructures import Cookie, FormMultiDict, UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.plugins.htmx import HTMXRequest

Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
AnyRequest = Request[Any, Any, Any]


class PortalRequest(HTMXRequest):
    """The htmx-aware request (`request.htmx`), with NUL characters taken out of typed form
    values: PostgreSQL text cannot hold them (a 500 otherwise), and nobody types one. Uploaded
    files are left whole."""

    _cleaned = False

    async def form(self) -> FormMultiDict:
        form = await super().form()
        if self._cleaned:
            return form
        self._cleaned = True
        if any(isinstance(v, str) and "\x00" in v for v in form.values()):
            form = self._form = FormMultiDict(
                [
                    (key, value.replace("\x00", "") if not isinstance(value, UploadFile) else value)
                    for key, value in form.multi_items()
                ]
            )
        return form


# The anonymous guide visitor's draft token (app/wizards/drafts.py). A cookie of its own, since
# logging in regenerates the session; wizards set it, identity expires it at logout, so it is
# named here, below both.
WIZARD_DRAFT_COOKIE = "affilio_wizard"


def expired_cookie(key: str) -> Cookie:
    """A Set-Cookie that makes the browser drop `key` now (Max-Age=0)."""
    return Cookie(key=key, value="", path="/", max_age=0, expires=0)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[str, ...]) -> str:
    """Who is asking: the peer, unless it is one of our reverse proxies (TRUSTED_PROXIES), then
    the last address of X-Forwarded-For that is not a trusted proxy. A forged header from an
    untrusted peer is ignored."""
    if not peer:
        return "unknown"
    networks = [ipaddress.ip_network(t, strict=False) for t in trusted]

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in networks)

    if not forwarded_for or not is_trusted(peer):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
        if not is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a malformed hop: trust nothing the header says
    return peer


def download(body: bytes, *, filename: str, media_type: str) -> Response[bytes]:
    """A personal file to save (a calendar event, an XML document): never kept by a cache."""
    return Response(
        body,
        media_type=media_type,
        headers={
            "content-disposition": f'attachment; filename="{filename}"',
            "cache-control": "no-store",
        },
    )


def calendar_download(body: str) -> Response[bytes]:
    """An iCalendar file (RFC 5545) to add to one's calendar."""
    return download(body.encode("utf-8"), filename="appointment.ics",
                    media_type="text/calendar; charset=utf-8")  # fmt: skip
