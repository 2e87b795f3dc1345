"""Forms and brochures (/forms): public, for visitors and affiliates alike.

The pages read neither the database nor the session's person: the forms and facts are data
shipped with the code (app/home/forms.py), resolved for today. A blank form's PDF is one
Redis read (app/home/blank_forms.py says why and how it gets there).
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app.home import blank_forms, forms, forms_texts
from app.kit import clock, i18n
from app.kit.http import AnyRequest
from app.kit.page_cache import SAME_FOR_VISITORS
from app.kit.security import CONTENT_SECURITY_POLICY
from app.wizards.catalogue import WIZARDS

PDF_MAX_AGE = 3600  # a blank form is public and changes with a release or a year, not often
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def printable_policy(html: str) -> str:
    """The portal's CSP, with the document's own style blocks allowed by their hash (a PDF
    template carries its CSS inline, for WeasyPrint): no other inline style, still no script."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in _STYLE.findall(html)
    )
    return CONTENT_SECURITY_POLICY.replace("style-src 'self'", f"style-src 'self' {hashes}")


def _shown_form(spec: forms.FormSpec, language: str) -> dict[str, Any]:
    today = clock.today()
    return {
        "slug": spec.slug,
        "title": str(forms_texts.TITLES[spec.slug]),
        "purpose": str(forms_texts.PURPOSES[spec.slug]),
        "who": str(forms_texts.WHO[spec.slug]),
        "documents": [str(forms_texts.DOCUMENTS[code]) for code in spec.documents],
        "deadline": forms.show(forms.fact(spec.deadline, today), forms_texts.DEADLINES)
        if spec.deadline
        else None,
        "portal": spec.portal,
        "guide": spec.portal.startswith("/wizards/"),
        "pdf": f"/forms/blank/{spec.slug}",
        "language": language,
    }


class FormsController(Controller):
    path = "/forms"
    include_in_schema = False

    @get("/", name="forms:index", opt=SAME_FOR_VISITORS)
    async def index(self) -> Template:
        language = i18n.current_language()
        return Template(
            "home/forms.html",
            context={
                "year": forms.facts_year(clock.today()),
                "events": list(WIZARDS.values()),
                "forms": [_shown_form(spec, language) for spec in forms.load_forms()],
            },
        )

    @get("/{slug:str}", name="forms:event", opt=SAME_FOR_VISITORS)
    async def event(self, slug: FromPath[str]) -> Template:
        wizard = WIZARDS.get(slug)
        if wizard is None:
            raise NotFoundException()
        today = clock.today()
        language = i18n.current_language()
        return Template(
            "home/key_facts.html",
            context={
                "wizard": wizard,
                "year": forms.facts_year(today),
                "facts": [forms.show(f, forms_texts.FACTS) for f in forms.key_facts(slug, today)],
                "forms": [_shown_form(spec, language) for spec in forms.forms_for(slug)],
            },
        )

    @get("/blank/{form:str}", name="forms:blank")
    async def blank(self, request: AnyRequest, form: FromPath[str]) -> Response[Any]:
        """The PDF the worker made for exactly today's form in the reader's language, or,
        until it is there, the same form as a printable page (never an error)."""
        found = blank_forms.blank_form(form, i18n.current_language(), clock.today())
        if found is None:
            raise NotFoundException()
        pdf = await blank_forms.stored_pdf(request.app.state.redis, found)
        if pdf is None:
            headers = {"Cache-Control": "no-cache",
                       "Content-Security-Policy": printable_policy(found.html)}  # fmt: skip
            return Response(found.html, media_type="text/html; charset=utf-8", headers=headers)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{found.filename}"',
                "ETag": f'"{found.digest}"',
                "Cache-Control": f"public, max-age={PDF_MAX_AGE}",
                "Vary": "Cookie, Accept-Language",
            },
        )
