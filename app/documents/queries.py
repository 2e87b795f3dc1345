"""Reads of documents, scoped to whoever asks: an affiliate their own; staff, once the caller
checked they may see the person's file (and audits the read)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from app.kit import audit
from app.kit.db import fetch
from app.kit.errors import NotFound


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    id: uuid.UUID
    kind: str
    source: str
    version: int
    reference: str
    title: str
    filename: str
    size: int
    created_at: datetime
    checksum: str


@dataclass(frozen=True, slots=True)
class DocumentFile:
    filename: str
    content_type: str
    data: bytes
    person_id: uuid.UUID


_META = "id, kind, source, version, reference, title, filename, size, created_at, checksum"


async def documents_of(person_id: uuid.UUID) -> list[DocumentMeta]:
    """Every version, newest first (the person's list; staff pages after their check)."""
    rows = await fetch(
        f"SELECT {_META} FROM document WHERE person = {{}} ORDER BY created_at DESC, version DESC",
        person_id,
    )
    return [DocumentMeta(**row) for row in rows]


async def documents_for(actor: audit.Actor) -> list[DocumentMeta]:
    if actor.kind != "affiliate" or actor.id is None:
        raise NotFound()
    return await documents_of(actor.id)


async def latest_document(person_id: uuid.UUID, kind: str, source: str) -> DocumentMeta | None:
    rows = await fetch(
        f"SELECT {_META} FROM document WHERE person = {{}} AND kind = {{}} AND source = {{}} "
        "ORDER BY version DESC LIMIT 1",
        person_id, kind, source,
    )  # fmt: skip
    return DocumentMeta(**rows[0]) if rows else None


async def document_file(document_id: uuid.UUID) -> DocumentFile | None:
    rows = await fetch("SELECT filename, data, person FROM document WHERE id = {}", document_id)
    if not rows:
        return None
    row = rows[0]
    return DocumentFile(row["filename"], "application/pdf", bytes(row["data"]), row["person"])


async def document_for(actor: audit.Actor, document_id: uuid.UUID) -> DocumentFile:
    """The affiliate's own document; anyone else's is not found."""
    found = await document_file(document_id)
    if found is None or actor.kind != "affiliate" or found.person_id != actor.id:
        raise NotFound()
    return found
