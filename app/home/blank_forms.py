"""The printable PDF of each blank form, in each language: made by a worker, kept in Redis.

Why this way. WeasyPrint is a heavy import (tens of MB, a second to load) and a PDF takes
a noticeable fraction of a second to lay out: a web process must do neither, on a public
link anyone can hit. A blank form is the same for everyone, so it is made once per form and
language by the worker (cron `documents.blank_forms`, every 5 minutes) and
kept in Redis, which every web process shares (N hosts, no shared disk), under the SHA-256
of the form's HTML. The HTML is cheap (Jinja only) and says everything the PDF will say: the
catalogues, the year's figures, the fund's name and address. So a new release, a new
translation, a new year file or another fund address gives a new key by itself, the worker
makes that PDF on its next pass, and there is no version number to forget. WeasyPrint's
output is deterministic, so the key also names the bytes (it is the download's ETag).

A miss (the first minutes after a release, or after Redis lost its data: it is a cache,
never the only copy of anything) is not an error: the web process answers the same HTML,
an A4 page the phone's browser prints or saves as PDF itself, and the worker's next pass
fills the cache. Keys expire after 30 days unless a pass sees them still current. Nothing
here reads the database.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from redis import asyncio as aioredis

from app.documents import service as documents
from app.home import forms, forms_texts
from app.kit import i18n
from app.kit.settings import get_settings

TEMPLATE = "blank_form"
KEY = "affilio:blank-form:{}"
TTL_SECONDS = 30 * 24 * 3600
# A pass stops making PDFs after this many seconds and goes on at its next run: the job's
# timeout (JOB_TIMEOUT, 30 s by default) must never cut one in the middle.
PASS_BUDGET_SECONDS = 15


@dataclass(frozen=True, slots=True)
class BlankForm:
    slug: str
    language: str
    context: dict[str, Any]
    html: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.html.encode()).hexdigest()

    @property
    def key(self) -> str:
        return KEY.format(self.digest)

    @property
    def filename(self) -> str:
        return f"{self.slug.replace('_', '-')}-{self.language}.pdf"


def _context(spec: forms.FormSpec, language: str, today: date) -> dict[str, Any]:
    with i18n.language(language):
        title = str(forms_texts.TITLES[spec.slug])
        deadline = (
            forms.show(forms.fact(spec.deadline, today), forms_texts.DEADLINES)
            if spec.deadline
            else None
        )
        return {
            "title": title,
            "reference": f"F-{spec.slug.upper().replace('_', '-')}",
            "person": None,
            "issued_on": date(forms.facts_year(today), 1, 1),
            "year": forms.facts_year(today),
            "purpose": str(forms_texts.PURPOSES[spec.slug]),
            "who": str(forms_texts.WHO[spec.slug]),
            "documents": [str(forms_texts.DOCUMENTS[code]) for code in spec.documents],
            "deadline": deadline,
            "fields": forms.paper_fields(spec),
            "details": spec.kind is None,
            "portal_url": get_settings().base_url + spec.portal,
        }


def blank_form(slug: str, language: str, today: date) -> BlankForm | None:
    """The form's HTML in `language` for the figures of `today` (None: no such form)."""
    spec = forms.form(slug)
    if spec is None:
        return None
    context = _context(spec, language, today)
    return BlankForm(slug, language, context, documents.blank_html(TEMPLATE, language, context))


def every_blank_form(today: date) -> list[BlankForm]:
    return [
        found
        for spec in forms.load_forms()
        for language in i18n.LANGUAGES
        if (found := blank_form(spec.slug, language, today)) is not None
    ]


async def stored_pdf(redis: aioredis.Redis, blank: BlankForm) -> bytes | None:
    """The PDF of exactly this HTML, if a worker made it (one Redis read)."""
    found = await redis.get(blank.key)
    return bytes(found) if found is not None else None


async def make_missing(redis: aioredis.Redis, today: date) -> int:
    """The worker's pass: every current form and language without its PDF gets it (WeasyPrint
    in a thread, so the worker's loop keeps relaying jobs); those present keep 30 more days.
    Returns how many PDFs it made."""
    made = 0
    started = time.monotonic()
    for blank in every_blank_form(today):
        if await redis.expire(blank.key, TTL_SECONDS):
            continue  # present and current
        if time.monotonic() - started > PASS_BUDGET_SECONDS:
            break  # the next pass goes on
        rendered = await asyncio.to_thread(
            documents.blank_pdf, TEMPLATE, blank.language, blank.context
        )
        await redis.set(blank.key, rendered.pdf, ex=TTL_SECONDS)
        made += 1
    return made
