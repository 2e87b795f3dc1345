"""The page-or-partial helper: a fragment for htmx, the page otherwise, Vary on both."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from litestar.plugins.htmx import HTMXTemplate

from app.kit import htmx

pytestmark = pytest.mark.unit


class _Details:
    """What HTMXPlugin's request class exposes as `request.htmx` (falsy without HX-Request)."""

    def __init__(self, active: bool, history_restore: bool) -> None:
        self.active = active
        self.history_restore_request = history_restore

    def __bool__(self) -> bool:
        return self.active


@pytest.mark.parametrize(
    ("details", "push", "template", "pushed"),
    [
        (None, "/wizards/x/2", "page.html", None),
        (_Details(False, False), "/wizards/x/2", "page.html", None),
        (_Details(True, False), "/wizards/x/2", "_partial.html", "/wizards/x/2"),
        (_Details(True, False), False, "_partial.html", "false"),
        # No push_url: the element's own hx-push-url decides, so no header at all.
        (_Details(True, False), None, "_partial.html", None),
        (_Details(True, True), "/wizards/x/2", "page.html", None),
    ],
    ids=["no-plugin", "browser", "htmx", "htmx-no-push", "htmx-element-decides", "history"],
)
def test_page_or_partial(
    details: Any, push: str | bool | None, template: str, pushed: str | None
) -> None:
    request: Any = SimpleNamespace(htmx=details)
    response = htmx.page_or_partial(
        request,
        page="page.html",
        partial="_partial.html",
        context={"a": 1},
        push_url=push,
        headers={"content-language": "nl"},
        status_code=422,
    )
    assert response.template_name == template
    assert response.status_code == 422
    assert response.headers["vary"] == "hx-request"
    assert response.headers["content-language"] == "nl"
    assert response.headers.get("HX-Push-Url") == pushed
    assert isinstance(response, HTMXTemplate) is (pushed is not None)
