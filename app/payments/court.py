"""Court follow-up of a debt (issue 19, item 4): after the personal contact of the recovery,
staff hand the debt to a bailiff or a lawyer, or claim it in a bankruptcy from the curator,
and record each dated step with its costs; the affiliate sees, on their account, where the
procedure stands, whom to contact and what comes next, and is told of each step in their inbox.

The rules (states, dates, costs) are in rules/court.py. Staff reach this module through
`app.payments.service.court` (the back office imports only a domain's service). Every write
runs in one transaction and is audited.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from app.kit import audit, clock
from app.kit.db import fetch, transaction
from app.kit.i18n import N_
from app.kit.i18n import lazy_gettext as _
from app.messaging.service import Notice, post_notice
from app.payments import queries
from app.payments.rules.court import (
    PARTY_OF,
    CourtStep,
    PartyKind,
    Previous,
    ProcedureKind,
    StepRefused,
    allowed_next,
    check_money,
    check_step,
    expected_next,
    is_open,
)
from app.payments.rules.ledger import named_quarters, quarters_text
from app.payments.tables import CourtParty, CourtProcedure, CourtProcedureStep

# --- words ------------------------------------------------------------------------------------

PARTY_KIND: Final[dict[str, Any]] = {
    "bailiff": _("Bailiff"),
    "lawyer": _("Lawyer"),
    "curator": _("Curator"),
}
PROCEDURE_KIND: Final[dict[str, Any]] = {
    "bailiff": _("Recovery by a bailiff"),
    "lawyer": _("Recovery by a lawyer"),
    "bankruptcy": _("Claim in a bankruptcy"),
}
# What happened, for the affiliate (and staff): plain words.
STEP_WORDS: Final[dict[str, Any]] = {
    "handed_over": _("The fund handed your debt over for recovery through the courts."),
    "summons": _("You were summoned to appear before the court."),
    "judgment": _("The court gave its judgment."),
    "payment_received": _("A payment was received for the debt."),
    "curator_recorded": _("The fund recorded the curator of the bankruptcy."),
    "claim_filed": _("The fund filed its claim with the curator (déclaration de créance)."),
    "dividend_received": _("The curator paid a share of the claim."),
    "closed": _("The procedure is closed."),
}
# What the affiliate should expect next, after the last step.
NEXT_WORDS: Final[dict[str, Any]] = {
    "summons": _(
        "Next: the bailiff or lawyer may summon you before the court. Pay now or contact them "
        "to avoid further costs."
    ),
    "judgment": _("Next: the court gives its judgment. You may still pay to end the procedure."),
    "payment_received": _(
        "Next: pay what the judgment orders, to the party below, until the debt is settled."
    ),
    "claim_filed": _("Next: the fund files its claim with the curator."),
    "dividend_received": _(
        "Next: the curator shares out what the bankruptcy yields; nothing is asked of you."
    ),
}
STEP_LABELS: Final[dict[str, Any]] = {
    "handed_over": _("Handed over"),
    "summons": _("Summons"),
    "judgment": _("Judgment"),
    "payment_received": _("Payment received"),
    "curator_recorded": _("Curator recorded"),
    "claim_filed": _("Claim filed"),
    "dividend_received": _("Dividend received"),
    "closed": _("Closed"),
}
REFUSED: Final[dict[str, Any]] = {
    "no_contact": _(
        "No court step before the personal contact: record the account manager's contact "
        "with the person for every quarter handed over first."
    ),
    "not_allowed": _("This step cannot follow the procedure's last step."),
    "before_previous": _("This date is before the procedure's previous step."),
    "before_contact": _("This date is before the personal contact."),
    "in_future": _("This date is in the future."),
    "costs": _("Enter costs of 0 to 100 000 euros, with at most two decimals."),
    "amount": _("Enter the amount received or claimed, above 0."),
    "party": _(
        "Choose a party of the right kind: a bailiff, a lawyer, or for a bankruptcy the curator."
    ),
    "quarters": _("Choose at least one unpaid quarter."),
}
NOTICE_SUBJECT: Final = N_("Court procedure: %(step)s")
NOTICE_BODY: Final = N_(
    "%(words)s On %(date)s. See your account for whom to contact and what comes next."
)


class CourtRefused(ValueError):
    """A court step refused: `code` names why (REFUSED), `field` the form field."""

    def __init__(self, code: str, field: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.field = field


# --- read models ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Party:
    id: uuid.UUID
    kind: str
    name: str
    firm: str
    address: str
    phone: str
    email: str
    reference: str


@dataclass(frozen=True, slots=True)
class StepView:
    id: uuid.UUID
    kind: str
    on: date
    costs: Decimal
    amount: Decimal | None
    note: str


@dataclass(frozen=True, slots=True)
class ProcedureView:
    id: uuid.UUID
    kind: str
    party: Party
    quarters: str
    amount: Decimal
    file_reference: str
    steps: tuple[StepView, ...]
    last_step: str
    next_step: str | None  # what the affiliate should expect
    allowed: tuple[str, ...]  # the steps staff may record now

    @property
    def open(self) -> bool:
        return is_open(CourtStep(self.last_step))

    @property
    def costs(self) -> Decimal:
        return sum((s.costs for s in self.steps), Decimal("0.00"))

    @property
    def received(self) -> Decimal:
        return sum(
            (s.amount or Decimal(0) for s in self.steps
             if s.kind in ("payment_received", "dividend_received")),
            Decimal("0.00"),
        )  # fmt: skip


def _party(row: dict[str, Any], prefix: str = "") -> Party:
    return Party(
        id=row[f"{prefix}id"], kind=row[f"{prefix}kind"], name=row[f"{prefix}name"],
        firm=row[f"{prefix}firm"], address=row[f"{prefix}address"],
        phone=row[f"{prefix}phone"], email=row[f"{prefix}email"],
        reference=row[f"{prefix}reference"],
    )  # fmt: skip


async def parties(kind: str | None = None) -> list[Party]:
    """The fund's bailiffs, lawyers and curators, by name."""
    if kind:
        rows = await fetch("SELECT * FROM court_party WHERE kind = {} ORDER BY name, id", kind)
    else:
        rows = await fetch("SELECT * FROM court_party ORDER BY kind, name, id")
    return [_party(r) for r in rows]


PROCEDURE_SQL = (
    "SELECT c.id, c.kind, c.quarters, c.amount, c.file_reference, c.last_step, "
    "p.id AS p_id, p.kind AS p_kind, p.name AS p_name, p.firm AS p_firm, "
    "p.address AS p_address, p.phone AS p_phone, p.email AS p_email, "
    "p.reference AS p_reference "
    "FROM court_procedure c JOIN court_party p ON p.id = c.party "
    "JOIN payment_account a ON a.id = c.account WHERE a.person = {} "
)


async def _views(rows: list[dict[str, Any]]) -> list[ProcedureView]:
    if not rows:
        return []
    steps = await fetch(
        "SELECT id, procedure, kind, done_on, costs, amount, note FROM court_step "
        "WHERE procedure = ANY({}) ORDER BY done_on, created_at, id",
        [r["id"] for r in rows],
    )
    views = []
    for r in rows:
        kind = ProcedureKind(r["kind"])
        last = CourtStep(r["last_step"])
        coming = expected_next(kind, last)
        views.append(ProcedureView(
            id=r["id"], kind=r["kind"], party=_party(r, "p_"), quarters=r["quarters"],
            amount=Decimal(r["amount"]), file_reference=r["file_reference"],
            steps=tuple(
                StepView(s["id"], s["kind"], s["done_on"], Decimal(s["costs"]),
                         None if s["amount"] is None else Decimal(s["amount"]), s["note"])
                for s in steps if s["procedure"] == r["id"]
            ),
            last_step=last.value, next_step=coming.value if coming else None,
            allowed=tuple(k.value for k in allowed_next(kind, last)),
        ))  # fmt: skip
    return views


async def procedures_of_person(person_id: uuid.UUID) -> list[ProcedureView]:
    """A person's court procedures, open ones first, the newest first."""
    rows = await fetch(
        PROCEDURE_SQL + "ORDER BY (c.last_step = 'closed'), c.created_at DESC", person_id
    )
    return await _views(rows)


async def procedure_of_person(
    person_id: uuid.UUID, procedure_id: uuid.UUID
) -> ProcedureView | None:
    """One procedure, if it is on this person's account (None otherwise: not theirs)."""
    rows = await fetch(PROCEDURE_SQL + "AND c.id = {}", person_id, procedure_id)
    views = await _views(rows)
    return views[0] if views else None


@dataclass(frozen=True, slots=True)
class Handable:
    """An unpaid quarter and, once recorded, the day of its personal contact."""

    year: int
    quarter: int
    outstanding: Decimal
    contact_on: date | None

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.quarter}"


async def _contacts(account_id: uuid.UUID) -> dict[tuple[int, int], date]:
    rows = await fetch(
        "SELECT year, quarter, done_on FROM recovery_step WHERE account = {} "
        "AND kind = 'personal_contact' AND done_on IS NOT NULL",
        account_id,
    )
    return {(r["year"], r["quarter"]): r["done_on"] for r in rows}


async def handable_quarters(person_id: uuid.UUID) -> list[Handable]:
    """The person's unpaid quarters not already in an open procedure, with their contact."""
    account_id = await queries.account_of_person(person_id)
    if account_id is None:
        return []
    contacts = await _contacts(account_id)
    taken: set[tuple[int, int]] = set()
    for r in await fetch(
        "SELECT quarters FROM court_procedure WHERE account = {} AND last_step <> 'closed'",
        account_id,
    ):
        taken.update(named_quarters(str(r["quarters"])))
    return [
        Handable(p.year, p.quarter, p.outstanding, contacts.get((p.year, p.quarter)))
        for p in await queries.positions_of(account_id)
        if p.outstanding > 0 and (p.year, p.quarter) not in taken
    ]


# --- writes -----------------------------------------------------------------------------------


def _who(actor: audit.Actor) -> str:
    return f"{actor.kind}:{actor.id}" if actor.id else actor.kind


@dataclass(frozen=True, slots=True)
class NewParty:
    kind: PartyKind
    name: str
    firm: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    reference: str = ""


async def add_party(actor: audit.Actor, party: NewParty) -> uuid.UUID:
    """A bailiff, lawyer or curator the fund works with, kept as a record (not a login)."""
    party_id = uuid.uuid4()
    async with transaction():
        await CourtParty.insert(CourtParty(
            id=party_id, kind=party.kind.value, name=party.name, firm=party.firm,
            address=party.address, phone=party.phone, email=party.email,
            reference=party.reference,
        ))  # fmt: skip
        await audit.record(actor, "payments.court_party_added", subject=("court_party", party_id))
    return party_id


@dataclass(frozen=True, slots=True)
class NewStep:
    kind: CourtStep
    on: date
    costs: Decimal
    amount: Decimal | None = None
    note: str = ""


async def open_procedure(
    actor: audit.Actor,
    person_id: uuid.UUID,
    kind: ProcedureKind,
    party_id: uuid.UUID,
    quarters: list[tuple[int, int]],
    first: NewStep,
    *,
    file_reference: str = "",
) -> uuid.UUID:
    """Hand the person's unpaid `quarters` to the party (a bailiff, a lawyer) or record the
    bankruptcy's curator: the procedure and its first step. Refused (CourtRefused) before the
    personal contact of any of the quarters, or with a party of the wrong kind."""
    if not quarters:
        raise CourtRefused("quarters", "quarters")
    party = await fetch("SELECT kind FROM court_party WHERE id = {}", party_id)
    if not party or party[0]["kind"] != PARTY_OF[kind].value:
        raise CourtRefused("party", "party")
    handable = {(h.year, h.quarter): h for h in await handable_quarters(person_id)}
    chosen = [handable.get(q) for q in quarters]
    if any(h is None for h in chosen):
        raise CourtRefused("quarters", "quarters")
    contacts = [h.contact_on for h in chosen if h is not None]
    contact_on = None if any(c is None for c in contacts) else max(c for c in contacts if c)
    account_id = await queries.account_of_person(person_id)
    assert account_id is not None
    refused = check_step(kind, Previous(None, None), first.kind, first.on,
                         contact_on=contact_on, today=clock.today())  # fmt: skip
    if refused is not None:
        raise CourtRefused(refused.value, "" if refused is StepRefused.NO_CONTACT else "on")
    if (wrong := check_money(first.kind, first.costs, first.amount)) is not None:
        raise CourtRefused(wrong, wrong)
    procedure_id = uuid.uuid4()
    amount = sum((h.outstanding for h in chosen if h is not None), Decimal("0.00"))
    async with transaction():
        await CourtProcedure.insert(CourtProcedure(
            id=procedure_id, account=account_id, kind=kind.value, party=party_id,
            quarters=quarters_text(sorted(quarters)), amount=amount,
            file_reference=file_reference, last_step=first.kind.value,
        ))  # fmt: skip
        step_id = await _insert_step(actor, procedure_id, first)
        await audit.record(
            actor, "payments.court_procedure_opened", subject=("court_procedure", procedure_id),
            details={"kind": kind.value, "quarters": quarters_text(sorted(quarters))},
        )  # fmt: skip
        await _tell(person_id, procedure_id, step_id, first)
    return procedure_id


async def record_step(
    actor: audit.Actor, person_id: uuid.UUID, procedure_id: uuid.UUID, step: NewStep
) -> uuid.UUID:
    """A dated step of the person's procedure (CourtRefused when it cannot follow the last
    one, is dated before it or in the future, or its costs or amount do not fit). LookupError
    when the procedure is not on this person's account."""
    if (wrong := check_money(step.kind, step.costs, step.amount)) is not None:
        raise CourtRefused(wrong, wrong)
    async with transaction():
        rows = await CourtProcedure.raw(
            "SELECT c.id, c.kind, c.account, c.quarters, c.last_step FROM court_procedure c "
            "JOIN payment_account a ON a.id = c.account WHERE c.id = {} AND a.person = {} "
            "FOR UPDATE OF c",
            procedure_id, person_id,
        )  # fmt: skip
        if not rows:
            raise LookupError(procedure_id)
        row = rows[0]
        last = await CourtProcedureStep.raw(
            "SELECT max(done_on) AS last_on FROM court_step WHERE procedure = {}", procedure_id
        )
        contacts = await _contacts(row["account"])
        days = [contacts.get(q) for q in named_quarters(str(row["quarters"]))]
        contact_on = None if not days or None in days else max(d for d in days if d)
        refused = check_step(
            ProcedureKind(row["kind"]), Previous(CourtStep(row["last_step"]), last[0]["last_on"]),
            step.kind, step.on, contact_on=contact_on, today=clock.today(),
        )  # fmt: skip
        if refused is not None:
            raise CourtRefused(refused.value, "" if refused is StepRefused.NO_CONTACT else "on")
        step_id = await _insert_step(actor, procedure_id, step)
        await CourtProcedure.raw(
            "UPDATE court_procedure SET last_step = {} WHERE id = {}", step.kind.value,
            procedure_id,
        )  # fmt: skip
        await audit.record(
            actor, "payments.court_step_recorded", subject=("court_procedure", procedure_id),
            details={"step": step.kind.value, "on": step.on.isoformat()},
        )  # fmt: skip
        await _tell(person_id, procedure_id, step_id, step)
    return step_id


async def _insert_step(actor: audit.Actor, procedure_id: uuid.UUID, step: NewStep) -> uuid.UUID:
    step_id = uuid.uuid4()
    await CourtProcedureStep.insert(CourtProcedureStep(
        id=step_id, procedure=procedure_id, kind=step.kind.value, done_on=step.on,
        costs=step.costs, amount=step.amount, note=step.note[:2000], recorded_by=_who(actor),
    ))  # fmt: skip
    return step_id


async def _tell(person_id: uuid.UUID, procedure_id: uuid.UUID, step_id: uuid.UUID,
                step: NewStep) -> None:  # fmt: skip
    await post_notice(
        person_id,
        Notice(
            kind="court_step",
            subject=NOTICE_SUBJECT,
            body=NOTICE_BODY,
            context={
                "step": STEP_LABELS[step.kind.value],
                "words": STEP_WORDS[step.kind.value],
                "date": step.on,
            },
            email_template="recovery_step",
            link=f"/account/contributions/court/{procedure_id}",
        ),
        dedupe_key=f"court:{step_id}",
    )
