"""Correcting an account: an entry is never edited; a supervisor reverses it by its opposite,
with the reason, and the account's history shows both (app.payments.service.reverse, audited).

Supervisors only (the permission of the bank reconciliation): a correction moves money on an
affiliate's or a company's account.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import require_permission, who
from app.kit import audit
from app.kit.db import fetch
from app.kit.errors import NotFound
from app.kit.http import AnyRequest
from app.kit.i18n import gettext
from app.payments import service
from app.staff.payments import MAY_BOOK

MAX_REASON: Final = 500


@dataclass(frozen=True, slots=True)
class EntryToCorrect:
    id: uuid.UUID
    booked_on: date
    kind: str
    label: str
    amount: Decimal
    year: int | None
    quarter: int | None
    holder: str  # the person's or the company's name
    back: str  # the account page it belongs to
    reversed_on: date | None  # already cancelled, by a reversal booked that day
    reversal_reason: str

    @property
    def correctable(self) -> bool:
        return self.kind != "reversal" and self.reversed_on is None


async def entry_to_correct(actor: audit.Actor, entry_id: uuid.UUID) -> EntryToCorrect:
    """The entry with its account's holder; the read is audited (amounts of a known file)."""
    rows = await fetch(
        "SELECT e.id, e.booked_on, e.kind, e.label, e.amount, e.year, e.quarter, a.person, "
        "a.company, coalesce(p.first_name || ' ' || p.last_name, c.name) AS holder, "
        "r.booked_on AS reversed_on, r.reason AS reversal_reason FROM ledger_entry e "
        "JOIN payment_account a ON a.id = e.account LEFT JOIN person p ON p.id = a.person "
        "LEFT JOIN company c ON c.id = a.company "
        "LEFT JOIN ledger_entry r ON r.reverses = e.id WHERE e.id = {}",
        entry_id,
    )
    if not rows:
        raise NotFound()
    r = rows[0]
    # The holder is the subject, so the person finds the read in "who opened my file".
    holder = ("person", r["person"]) if r["person"] is not None else ("company", r["company"])
    await audit.record(actor, "staff.entry_read", subject=holder,
                       details={"entry_id": str(entry_id)})  # fmt: skip
    back = (f"/staff/companies/{r['company']}" if r["company"] is not None
            else f"/staff/people/{r['person']}/account")  # fmt: skip
    return EntryToCorrect(
        id=r["id"], booked_on=r["booked_on"], kind=r["kind"], label=r["label"],
        amount=Decimal(str(r["amount"])), year=r["year"], quarter=r["quarter"],
        holder=str(r["holder"]), back=back, reversed_on=r["reversed_on"],
        reversal_reason=str(r["reversal_reason"] or ""),
    )  # fmt: skip


class StaffCorrectionsController(Controller):
    path = "/staff/entries"
    guards = [require_permission(MAY_BOOK)]
    include_in_schema = False

    async def _page(
        self, request: AnyRequest, entry_id: uuid.UUID, *, reason: str = "",
        error: str | None = None, status_code: int = 200,
    ) -> Template:  # fmt: skip
        _me, actor = await who(request)
        entry = await entry_to_correct(actor, entry_id)
        return Template(
            "staff/correction.html",
            context={
                "entry": entry,
                "reason": reason,
                "errors": {"reason": error} if error else {},
            },
            status_code=status_code,
        )

    @get("/{entry_id:uuid}/reversal", name="staff:entry_reversal")
    async def form(self, request: AnyRequest, entry_id: FromPath[uuid.UUID]) -> Template:
        return await self._page(request, entry_id)

    @post("/{entry_id:uuid}/reversal", name="staff:entry_reverse")
    async def reverse(
        self, request: AnyRequest, entry_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        entry = await entry_to_correct(actor, entry_id)
        reason = str((await request.form()).get("reason") or "").strip()
        if not entry.correctable:
            return Redirect(path=entry.back, status_code=303)
        if not reason or len(reason) > MAX_REASON:
            error = (gettext("Say why this entry is cancelled: the person reads it") if not reason
                     else gettext("Keep it under 500 characters"))  # fmt: skip
            return await self._page(request, entry_id, reason=reason[:2000], error=error,
                                    status_code=422)  # fmt: skip
        await service.reverse(actor, entry_id, reason)
        return Redirect(path=f"{entry.back}?done=reversed", status_code=303)
