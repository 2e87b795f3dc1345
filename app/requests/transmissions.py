"""Transmissions to the institutions (issue 19, item 5): a request INASTI decides (an
exemption, a sickness assimilation, continued insurance), once checked by staff and forwarded,
goes to INASTI with a dated record and the document sent; an incapacity certificate received
with a sickness-assimilation request is passed on to the affiliate's mutualité.

The portal has no line to those institutions: the fund already has its own channel. So the
connector is an interface (`Connector`) with one implementation, `OutboxConnector`, which
writes the file and what routes it to the `institution_outbox` table, where that channel
collects it (and sets `collected_at`). Pages say "placed for INASTI on …", and "collected on …"
only once the channel has said so: the product never pretends to have sent anything itself.

A transmission is written once (its dedupe key): a forward replayed, a job run twice, a
double click on "pass to the mutualité" write one row.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, Protocol

from app.documents import service as documents
from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.db import execute, fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.i18n import gettext as _
from app.requests import dossier, queries
from app.requests.kinds import KINDS, RequestKind, spec

RECIPIENT_MAX: Final = 120
# The request kinds whose documents include incapacity certificates for the mutualité.
CERTIFICATE_KINDS: Final = frozenset({RequestKind.SICKNESS_ASSIMILATION.value})


class Institution(StrEnum):
    INASTI = "inasti"
    MUTUALITE = "mutualite"


class TransmissionKind(StrEnum):
    REQUEST = "request"  # the checked request, its slip as PDF
    INCAPACITY_CERTIFICATE = "incapacity_certificate"  # the file as the affiliate sent it


@dataclass(frozen=True, slots=True)
class Transmission:
    institution: Institution
    kind: TransmissionKind
    request_id: uuid.UUID
    person_id: uuid.UUID
    reference: str
    filename: str
    content_type: str
    data: bytes
    dedupe_key: str
    created_by: str
    recipient: str = ""
    attachment_id: uuid.UUID | None = None
    details: dict[str, Any] = field(default_factory=dict)


class Connector(Protocol):
    """How the fund hands a transmission to its channel. Returns the record's id, or None
    when it was handed over before (same dedupe key)."""

    async def send(self, transmission: Transmission) -> uuid.UUID | None: ...


class OutboxConnector:
    """The only implementation: a row in `institution_outbox`, in the caller's transaction."""

    async def send(self, transmission: Transmission) -> uuid.UUID | None:
        t = transmission
        rows = await execute(
            "INSERT INTO institution_outbox (id, institution, recipient, kind, request, "
            "attachment, person, reference, filename, content_type, data, details, dedupe_key, "
            "created_by, created_at) VALUES (gen_random_uuid(), {}, {}, {}, {}, {}, {}, {}, {}, "
            "{}, {}, {}::jsonb, {}, {}, {}) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
            t.institution.value, t.recipient, t.kind.value, t.request_id, t.attachment_id,
            t.person_id, t.reference, t.filename, t.content_type, t.data, json.dumps(t.details),
            t.dedupe_key, t.created_by, clock.now(),
        )  # fmt: skip
        return rows[0]["id"] if rows else None


def connector() -> Connector:
    return OutboxConnector()


@dataclass(frozen=True, slots=True)
class TransmissionView:
    id: uuid.UUID
    institution: str
    recipient: str
    kind: str
    filename: str
    created_at: datetime
    collected_at: datetime | None
    attachment: uuid.UUID | None


async def transmissions_of(request_id: uuid.UUID) -> list[TransmissionView]:
    """What was placed for the institutions about one request (the staff page shows it; its
    controller has checked the member may open the request)."""
    rows = await fetch(
        "SELECT id, institution, recipient, kind, filename, created_at, collected_at, "
        "attachment FROM institution_outbox WHERE request = {} ORDER BY created_at, id",
        request_id,
    )
    return [TransmissionView(**r) for r in rows]


@dataclass(frozen=True, slots=True)
class TransmissionFile:
    filename: str
    content_type: str
    data: bytes


async def transmission_file(actor: audit.Actor, transmission_id: uuid.UUID
                            ) -> TransmissionFile:  # fmt: skip
    """The document placed, for a staff member who may open its request; NotFound
    otherwise."""
    rows = await fetch("SELECT request, filename, content_type, data FROM institution_outbox "
                       "WHERE id = {}", transmission_id)  # fmt: skip
    if not rows:
        raise NotFound()
    async with transaction():
        await dossier.lock_for_staff(actor, rows[0]["request"])
        await audit.record(actor, "requests.transmission_read",
                           subject=("institution_outbox", transmission_id))  # fmt: skip
    return TransmissionFile(rows[0]["filename"], rows[0]["content_type"], bytes(rows[0]["data"]))


async def transmit_request(request_id: uuid.UUID) -> uuid.UUID | None:
    """The worker's part of a forward: the request's slip (who, what, the answers, the
    documents joined) as a PDF, handed to the connector for INASTI. None when the request is
    not forwarded (any more) or was transmitted before."""
    record = await queries.request_row(request_id)
    if record is None or record.reference is None or record.status != "forwarded":
        return None
    if not spec(record.kind).external:
        return None
    person = await identity.person_summary(record.person_id)
    if person is None:
        return None
    files = await queries.attachments_of(request_id)
    events = await queries.events_of(request_id)
    forwarded = next((e for e in reversed(events) if e.event == "forward"), None)
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        kind_label = str(KINDS[RequestKind(record.kind)].label)
        title = _("Transmission to INASTI: %(kind)s, %(reference)s", kind=kind_label,
                  reference=record.reference)  # fmt: skip
        lines = queries.answer_lines(record.kind, record.answers)
    rendered = documents.blank_pdf("transmission", language, {
        "person": person, "reference": record.reference, "title": title,
        "kind_label": kind_label, "received_on": record.received_on,
        "forwarded_on": forwarded.at.date() if forwarded else clock.today(),
        "note": forwarded.note if forwarded and forwarded.note else "",
        "lines": lines, "files": [(f.filename, f.size) for f in files],
        "issued_on": forwarded.at.date() if forwarded else clock.today(),
    })  # fmt: skip
    async with transaction():
        sent = await connector().send(Transmission(
            institution=Institution.INASTI, kind=TransmissionKind.REQUEST,
            request_id=request_id, person_id=record.person_id, reference=record.reference,
            filename=f"{record.reference}-inasti.pdf", content_type="application/pdf",
            data=rendered.pdf, dedupe_key=f"request:{request_id}:inasti",
            created_by="system", details={"request_kind": record.kind,
                                          "received_on": str(record.received_on)},
        ))  # fmt: skip
        if sent is not None:
            await audit.record(audit.SYSTEM, "requests.transmitted",
                               subject=("request", request_id),
                               details={"institution": "inasti", "record": str(sent)})  # fmt: skip
    return sent


async def forward_certificate(actor: audit.Actor, request_id: uuid.UUID,
                              attachment_id: uuid.UUID, recipient: str) -> bool:  # fmt: skip
    """Pass an incapacity certificate received with a sickness-assimilation request to the
    affiliate's mutualité (named by staff). False when it was passed on before."""
    name = " ".join(recipient.split())
    if not name:
        raise FormInvalid({f"recipient-{attachment_id}": _("Name the affiliate's mutualité")})
    if len(name) > RECIPIENT_MAX:
        raise FormInvalid({f"recipient-{attachment_id}": _("Keep it under 120 characters")})
    async with transaction():
        row = await dossier.lock_for_staff(actor, request_id)
        if row["kind"] not in CERTIFICATE_KINDS:
            only = _("Only the certificates of a sickness-assimilation request go to the "
                     "mutualité")  # fmt: skip
            raise FormInvalid({f"recipient-{attachment_id}": only})
        files = await fetch(
            "SELECT id, filename, content_type, data FROM request_attachment "
            "WHERE id = {} AND request = {}",
            attachment_id, request_id,
        )  # fmt: skip
        if not files:
            raise NotFound()
        file = files[0]
        sent = await connector().send(Transmission(
            institution=Institution.MUTUALITE, kind=TransmissionKind.INCAPACITY_CERTIFICATE,
            request_id=request_id, person_id=row["person"], reference=row["reference"] or "",
            filename=file["filename"], content_type=file["content_type"],
            data=bytes(file["data"]), dedupe_key=f"attachment:{attachment_id}:mutualite",
            created_by=f"staff:{actor.id}", recipient=name, attachment_id=attachment_id,
            details={"request_kind": row["kind"]},
        ))  # fmt: skip
        if sent is not None:
            await audit.record(actor, "requests.certificate_forwarded",
                               subject=("request", request_id),
                               details={"attachment": str(attachment_id), "recipient": name,
                                        "record": str(sent)})  # fmt: skip
    return sent is not None
