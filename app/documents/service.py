"""Writes of documents: stored once per version, with their checksum.

Rendering the same data again finds the same checksum and adds nothing; different data (a
corrected decision, a payment booked late in the year) adds the next version and keeps the
first, as the person may have printed and sent it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from app.documents.render import RenderedDocument, render_html, render_pdf
from app.documents.tables import Document
from app.kit import clock
from app.kit.db import fetch, transaction


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: uuid.UUID
    version: int
    new: bool  # False: the same bytes were already stored


def _filename(title: str, version: int) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:90] or "document"
    return f"{stem}{f'-v{version}' if version > 1 else ''}.pdf"


async def store_document(*, person_id: uuid.UUID, kind: str, source: str, reference: str,
                         language: str, title: str,
                         rendered: RenderedDocument) -> StoredDocument:  # fmt: skip
    """Keep the rendered document unless its latest version has the same bytes."""
    async with transaction():
        # One writer per document at a time: two workers rendering it add one version.
        await fetch("SELECT pg_advisory_xact_lock(hashtext({}))", f"document:{kind}:{source}")
        latest = await fetch(
            "SELECT id, version, checksum FROM document WHERE kind = {} AND source = {} "
            "ORDER BY version DESC LIMIT 1",
            kind, source,
        )  # fmt: skip
        if latest and latest[0]["checksum"] == rendered.checksum:
            return StoredDocument(latest[0]["id"], latest[0]["version"], False)
        version = latest[0]["version"] + 1 if latest else 1
        document_id = uuid.uuid4()
        await Document.insert(Document(
            id=document_id, person=person_id, kind=kind, source=source, version=version,
            reference=reference[:40], language=language, title=title[:200],
            filename=_filename(title, version), checksum=rendered.checksum,
            size=len(rendered.pdf), data=rendered.pdf, created_at=clock.now(),
        ))  # fmt: skip
    return StoredDocument(document_id, version, True)


async def make_document(*, person_id: uuid.UUID, kind: str, source: str, reference: str,
                        language: str, title: str, template: str,
                        context: dict[str, Any]) -> StoredDocument:  # fmt: skip
    """Render templates/documents/<template>.html in `language` and keep it (see above)."""
    rendered = render_pdf(template, language, {**context, "reference": reference,
                                                "title": title})  # fmt: skip
    return await store_document(person_id=person_id, kind=kind, source=source,
                                reference=reference, language=language, title=title,
                                rendered=rendered)  # fmt: skip


def blank_html(template: str, language: str, context: dict[str, Any]) -> str:
    """A document for no one in particular (a blank form) as HTML: Jinja only, cheap enough
    for a web process, and what its PDF is made from (the same HTML gives the same bytes)."""
    return render_html(template, language, context)


def blank_pdf(template: str, language: str, context: dict[str, Any]) -> RenderedDocument:
    """The same document as a PDF: WeasyPrint, for the processes that make PDFs (workers)."""
    return render_pdf(template, language, context)
