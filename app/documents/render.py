"""PDFs from Jinja templates (templates/documents/), by WeasyPrint, in the reader's language.

The rendering is deterministic: the same data gives the same bytes (WeasyPrint writes no
creation date or random identifier), so a checksum says whether a document changed. Fonts
come from the machine (DejaVu on Debian); page numbers and the fund's details are in the
templates' @page rules.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment

from app.kit import i18n
from app.kit.settings import get_settings
from app.kit.templating import STATIC_DIR, build_environment


@dataclass(frozen=True, slots=True)
class RenderedDocument:
    pdf: bytes
    checksum: str  # SHA-256, hex


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return build_environment()


def render_html(template: str, language: str, context: dict[str, Any]) -> str:
    """The document's HTML in `language` (every text through the catalogues)."""
    settings = get_settings()
    iban = " ".join(settings.fund_iban[i : i + 4] for i in range(0, len(settings.fund_iban), 4))
    fund = {"name": settings.fund_name, "iban": iban, "bic": settings.fund_bic,
            "address": settings.fund_address, "email": settings.fund_email}  # fmt: skip
    with i18n.language(language):
        return (
            _environment()
            .get_template(f"documents/{template}.html")
            .render(fund=fund, language=language, **context)
        )


@lru_cache(maxsize=1)
def _fonts() -> Any:
    """One font configuration for the process: WeasyPrint makes a new one for each document
    otherwise, and a worker's memory then grows with every PDF (bench/documents.py: about
    +30 MB per 100 documents without it, flat with it)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(template: str, language: str, context: dict[str, Any]) -> RenderedDocument:
    from weasyprint import HTML  # a heavy import: only the processes that make PDFs load it

    # The same data must give the same bytes (the checksum proves a letter unchanged); fontTools
    # stamps the fonts it rewrites (a variable font made static) with the time, unless told a
    # fixed one. Where a build sets its own, it stays.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

    html = render_html(template, language, context)
    pdf = HTML(string=html, base_url=str(STATIC_DIR)).write_pdf(font_config=_fonts())
    assert pdf is not None  # write_pdf without a target returns the bytes
    return RenderedDocument(pdf, hashlib.sha256(pdf).hexdigest())
