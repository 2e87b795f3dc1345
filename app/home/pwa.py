"""The installable app (issue 16, item 1): the web app manifest in the reader's language, the
service worker, and the page it shows when the network is gone.

The service worker (static/js/sw.js, plain JavaScript) is served from the site's root so that
its scope is the whole portal, with its configuration written in front of it: the version
(a hash of what it precaches, so a release replaces the old caches), the fingerprinted
static files and the three offline pages. It caches only those and other fingerprinted
static files; a page or a JSON answer never goes into its caches, since it may be personal.
None of these responses carries a session or a CSRF cookie (app.main excludes them).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any, Final

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.kit import i18n
from app.kit.i18n import gettext as _
from app.kit.templating import HTMX_FILE, STATIC_DIR, static_url

THEME_COLOUR: Final = "#0b5394"
BACKGROUND: Final = "#ffffff"
# What every page needs, fetched once at install: the shell works offline from the first visit.
SHELL: Final = ("css/app.css", "js/enhance.js", "img/icons/icon-192.png")
ICONS: Final = (
    ("img/icons/icon-192.png", "192x192", "any"),
    ("img/icons/icon-512.png", "512x512", "any"),
    ("img/icons/maskable-512.png", "512x512", "maskable"),
)


def offline_url(language: str) -> str:
    return f"/offline/{language}"


def manifest(language: str) -> dict[str, Any]:
    """The manifest in `language`: names, colours, where it starts and what it covers."""
    with i18n.language(language):
        return {
            "id": "/",
            "name": str(_("Affilio, your social insurance fund")),
            "short_name": "Affilio",
            "description": str(
                _(
                    "Your social insurance fund for the self-employed, online: "
                    "your rights, your contributions, your requests."
                )
            ),
            "lang": language,
            "dir": "ltr",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "any",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND,
            "categories": ["finance", "government"],
            "icons": [
                {"src": static_url(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
                for path, sizes, purpose in ICONS
            ],
        }


@lru_cache(maxsize=1)
def service_worker() -> str:
    """The worker's script: its configuration, then static/js/sw.js (read once a process)."""
    htmx = [static_url(f"vendor/{HTMX_FILE.name}")] if HTMX_FILE else []
    precache = [
        *(static_url(path) for path in SHELL),
        *htmx,
        *(offline_url(lang) for lang in i18n.LANGUAGES),
    ]
    version = hashlib.sha256("\n".join(precache).encode()).hexdigest()[:12]
    config = {
        "version": version,
        "precache": precache,
        "offline": {lang: offline_url(lang) for lang in i18n.LANGUAGES},
        "fallbackLanguage": i18n.DEFAULT_LANGUAGE,
    }
    script = (STATIC_DIR / "js" / "sw.js").read_text(encoding="utf-8")
    return f"self.AFFILIO_SW = {json.dumps(config)};\n{script}"


class AppShellController(Controller):
    path = ""
    include_in_schema = False

    @get("/manifest.webmanifest", name="pwa:manifest")
    async def web_manifest(self) -> Response[bytes]:
        body = json.dumps(manifest(i18n.current_language()), ensure_ascii=False).encode()
        return Response(
            body,
            media_type="application/manifest+json",
            headers={"cache-control": "public, max-age=86400", "vary": "Cookie"},
        )

    @get("/sw.js", name="pwa:service_worker")
    async def worker(self) -> Response[str]:
        # Always checked again: a new release must reach the browsers at once.
        return Response(
            service_worker(), media_type="text/javascript", headers={"cache-control": "no-cache"}
        )

    @get("/offline/{language:str}", name="pwa:offline")
    async def offline(self, language: FromPath[str]) -> Template:
        if language not in i18n.LANGUAGES:
            raise NotFoundException()
        i18n.set_language(language)
        return Template(
            "home/offline.html",
            context={"language": language},
            headers={"cache-control": "public, max-age=86400"},
        )
