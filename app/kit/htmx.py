"""One way to answer a page that htmx may ask for in part.

A page includes its partial, and an htmx request gets that same partial (the contact-app
pattern); a history restore (the user pressed Back and htmx lost its cache) gets the whole
page. Every such answer says `Vary: HX-Request`, so no cache serves one for the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from litestar import Request
from litestar.datastructures import Cookie
from litestar.plugins.htmx import HTMXTemplate
from litestar.response import Template

VARY = {"vary": "hx-request"}


def is_partial(request: Request[Any, Any, Any]) -> bool:
    """An htmx request for a fragment (not a history restore, which needs the whole page)."""
    details = getattr(request, "htmx", None)  # set by HTMXPlugin's request class
    return details is not None and bool(details) and not details.history_restore_request


def page_or_partial(
    request: Request[Any, Any, Any],
    *,
    page: str,
    partial: str,
    context: Mapping[str, Any],
    status_code: int = 200,
    push_url: str | bool | None = None,
    cookies: Sequence[Cookie] = (),
    headers: Mapping[str, str] | None = None,
) -> Template:
    """The page, or for htmx its partial. `push_url`: a URL puts the step in the browser's
    history, False forbids it, None leaves it to the element's own `hx-push-url`."""
    all_headers = {**VARY, **(headers or {})}
    if is_partial(request) and push_url is not None:
        return HTMXTemplate(
            template_name=partial,
            context=dict(context),
            push_url=push_url,
            cookies=list(cookies),
            headers=all_headers,
            status_code=status_code,
        )
    if is_partial(request):
        return Template(
            template_name=partial,
            context=dict(context),
            cookies=list(cookies),
            headers=all_headers,
            status_code=status_code,
        )
    return Template(
        template_name=page,
        context=dict(context),
        cookies=list(cookies),
        headers=all_headers,
        status_code=status_code,
    )
