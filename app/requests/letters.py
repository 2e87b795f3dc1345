"""A request's letters as PDFs in the person's language, made by workers.

- The receipt: the reference, the day received, the documents joined, and the legal and target
  dates of the decision (Charte de l'assuré social), once the request is acknowledged (job
  `requests.receipt_letter`).
- The decision letter: the decision with its motivation and, for a refusal or a partial grant,
  how to appeal, once the decision is recorded (job `requests.decision_letter`).

Each is joined to the inbox message of the same fact, which then offers it for download."""

from __future__ import annotations

import uuid

from app.documents import service as documents
from app.documents.service import StoredDocument
from app.identity import queries as identity
from app.kit import clock, i18n
from app.kit.i18n import gettext as _
from app.messaging import service as messaging
from app.requests import messages, queries
from app.requests.kinds import KINDS, RequestKind
from app.requests.states import Event, Status, needs_appeal_information

LETTER_KIND = "decision_letter"
RECEIPT_KIND = "request_receipt"


def letter_source(request_id: uuid.UUID) -> str:
    return f"request:{request_id}"


async def make_receipt_letter(request_id: uuid.UUID) -> StoredDocument | None:
    """None until the request is acknowledged (it then has its reference and dates)."""
    record = await queries.request_row(request_id)
    if record is None or record.reference is None or record.received_on is None:
        return None
    person = await identity.person_contact(record.person_id)
    if person is None:
        return None
    # The files filed with the request (not those of later answers): what was received.
    filed = {e.id for e in await queries.events_of(request_id) if e.event == Event.SUBMIT.value}
    files = [f for f in await queries.attachments_of(request_id) if f.event in filed]
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        title = _("Receipt of your request %(reference)s", reference=record.reference)
        context = {
            "person": person,
            "kind_label": str(KINDS[RequestKind(record.kind)].label),
            "received_on": record.received_on,
            "legal_due": record.legal_due,
            "target_due": record.target_due,
            "files": [(f.filename, f.size) for f in files],
            "issued_on": record.received_on,
        }
    stored = await documents.make_document(
        person_id=record.person_id, kind=RECEIPT_KIND, source=letter_source(request_id),
        reference=record.reference, language=language, title=str(title),
        template="request_receipt", context=context,
    )  # fmt: skip
    await messaging.attach_document(f"receipt:{request_id}", stored.id)
    return stored


async def make_decision_letter(request_id: uuid.UUID) -> StoredDocument | None:
    """None while the request has no decision (a job run early, or a decision withdrawn)."""
    record = await queries.request_row(request_id)
    if record is None or record.decided_at is None or record.reference is None:
        return None
    status = Status(record.status)
    if status not in (Status.GRANTED, Status.PARTLY_GRANTED, Status.REFUSED):
        return None
    person = await identity.person_contact(record.person_id)
    if person is None:
        return None
    signer = await identity.staff_member(record.assignee_id) if record.assignee_id else None
    language = i18n.normalise(person.language) or i18n.DEFAULT_LANGUAGE
    with i18n.language(language):
        title = _("Decision on your request %(reference)s", reference=record.reference)
        context = {
            "person": person,
            "kind_label": str(KINDS[RequestKind(record.kind)].label),
            "status_label": str(messages.STATUS_LABELS[status.value]),
            "status": status.value,
            "received_on": record.received_on,
            "decided_on": record.decided_at.astimezone(clock.BRUSSELS).date(),
            "motivation": record.motivation or "",
            "appeal": messages.appeal_paragraph() if needs_appeal_information(status) else "",
            "signer": signer.full_name if signer else None,
        }
    stored = await documents.make_document(
        person_id=record.person_id, kind=LETTER_KIND, source=letter_source(request_id),
        reference=record.reference, language=language, title=str(title),
        template="decision_letter", context=context,
    )  # fmt: skip
    await messaging.attach_document(f"decision:{request_id}", stored.id)
    return stored
