"""Writes of the proactive rights: evaluate files, post each new finding once, dismiss, claim.

`evaluate_people` is the one evaluation, for one person (a job after an event) or a batch of
the nightly run: the files are read in one query per source, the findings written with one
INSERT … ON CONFLICT DO NOTHING (a finding found again, or found by two workers at once, keeps
its row and its state), the new ones posted with one `post_notices` and marked sent, and the
open findings whose request is now filed marked claimed, all in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from app.kit import audit, clock, outbox
from app.kit.db import execute, fetch, transaction
from app.kit.errors import NotFound
from app.messaging.service import Notice, NoticeFor, post_notices
from app.requests.kinds import CHOICE_LABELS
from app.requests.service import submit_request
from app.rights import queries, rules
from app.rights.messages import BODIES, RIGHT_LABELS, SUBJECT, SUBJECT_INFORMATION
from app.rights.rules import EX_OFFICIO, ONE_TAP, REQUEST_KIND, Finding, Right, State

BATCH = 2000
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
NOTICE_KIND = "right"


def _stored(value: Any) -> Any:
    """A figure as JSON: dates as ISO text, quarters as "3/2026", amounts as text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple) and len(value) == 2:
        return f"{value[1]}/{value[0]}"
    return value


DATE_FIGURES = frozenset({"birth_date", "cessation_date", "event_date", "start"})
MONEY_FIGURES = frozenset({"amount", "charged", "expected", "income", "minimum"})


def context_of(right: Right, figures: Mapping[str, Any], deadline: date | None) -> dict[str, Any]:
    """The placeholders of a finding's message from its stored figures: dates as dates and
    amounts as Decimals (written the reader's way), the event in words (lazy)."""
    context: dict[str, Any] = {"right": RIGHT_LABELS[right]}
    for name, value in figures.items():
        if name in DATE_FIGURES and isinstance(value, str):
            context[name] = date.fromisoformat(value)
        elif name in MONEY_FIGURES:
            context[name] = Decimal(str(value))
        elif name == "event":
            context[name] = CHOICE_LABELS.get(str(value), str(value))
        else:
            context[name] = value
    if deadline is not None:
        context["deadline"] = deadline
    # A placeholder the stored figures lack (an older finding) reads as a dash, never a crash.
    for name in PLACEHOLDER.findall(BODIES[right]):
        context.setdefault(name, "—")
    return context


def notice_of(finding_id: uuid.UUID, right: Right, figures: Mapping[str, Any],
              deadline: date | None) -> Notice:  # fmt: skip
    subject = SUBJECT if REQUEST_KIND[right] is not None else SUBJECT_INFORMATION
    return Notice(
        kind=NOTICE_KIND,
        subject=subject,
        body=BODIES[right],
        context=context_of(right, figures, deadline),
        link=f"/rights/{finding_id}",
    )


def dedupe_key(person_id: uuid.UUID, right: str, occasion: str) -> str:
    """The inbox's key for a finding (128 characters at most: a long occasion, such as many
    quarters of a waiver, is shortened to its digest rather than cut)."""
    key = f"right:{person_id}:{right}:{occasion}"
    if len(key) <= 128:
        return key
    return f"right:{person_id}:{right}:{hashlib.sha256(occasion.encode()).hexdigest()[:40]}"


async def evaluate_people(person_ids: Sequence[uuid.UUID], today: date | None = None) -> int:
    """Evaluate these people's files; returns how many new suggestions were posted."""
    day = today or clock.today()
    ids = list(dict.fromkeys(person_ids))
    if not ids:
        return 0
    files = await queries.person_files(ids)
    found: dict[tuple[uuid.UUID, str, str], Finding] = {}
    for person_id, file in files.items():
        for finding in rules.findings(file, day):
            found[(person_id, *finding.key)] = finding
    async with transaction():
        existing = await fetch(
            'SELECT id, person, "right", occasion, state FROM right_finding '
            "WHERE person = ANY({}::uuid[])",
            ids,
        )
        known = {(r["person"], r["right"], r["occasion"]) for r in existing}
        await _mark_claimed(existing, files)
        new = [(key, f) for key, f in found.items() if key not in known]
        if not new:
            return 0
        inserted = await execute(
            'INSERT INTO right_finding (id, person, "right", occasion, state, deadline, '
            "prefill, figures, detected_at) "
            "SELECT gen_random_uuid(), p, r, o, {}, d, pf::jsonb, fg::jsonb, now() "
            "FROM unnest({}::uuid[], {}::text[], {}::text[], {}::date[], {}::text[], {}::text[]) "
            "AS t(p, r, o, d, pf, fg) "
            'ON CONFLICT (person, "right", occasion) DO NOTHING '
            'RETURNING id, person, "right", occasion, deadline, figures',
            State.DETECTED.value,
            [k[0] for k, _ in new],
            [k[1] for k, _ in new],
            [k[2] for k, _ in new],
            [f.deadline for _, f in new],
            [json.dumps(dict(f.prefill)) for _, f in new],
            [json.dumps({n: _stored(v) for n, v in f.figures.items()}) for _, f in new],
        )
        if not inserted:
            return 0
        notices = [
            NoticeFor(
                row["person"],
                notice_of(row["id"], Right(row["right"]), _json(row["figures"]), row["deadline"]),
                dedupe_key(row["person"], row["right"], row["occasion"]),
            )
            for row in inserted
        ]
        posted = await post_notices(notices)
        sent = [row["id"] for row, ok in zip(inserted, posted, strict=True) if ok]
        if sent:
            await execute(
                "UPDATE right_finding SET state = {}, sent_at = now() WHERE id = ANY({}::uuid[])",
                State.SENT.value,
                sent,
            )
    return len(sent)


def _json(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else (value or {}))


async def _mark_claimed(existing: list[dict[str, Any]], files: Mapping[uuid.UUID, Any]) -> None:
    """Open findings whose request is now filed (from the suggestion, a form or a guide)."""
    open_states = (State.DETECTED.value, State.SENT.value)
    claimed: list[uuid.UUID] = []
    for row in existing:
        file = files.get(row["person"])
        if row["state"] not in open_states or file is None:
            continue
        if rules.claimed_keys([(row["right"], row["occasion"])], file.requested):
            claimed.append(row["id"])
    if claimed:
        await execute(
            "UPDATE right_finding SET state = {}, claimed_at = now() WHERE id = ANY({}::uuid[])",
            State.CLAIMED.value,
            claimed,
        )


async def evaluate_person(person_id: uuid.UUID) -> int:
    """After an event in one person's file (a request filed or decided, a guide filed)."""
    return await evaluate_people([person_id])


async def evaluate_range(after: uuid.UUID, upto: uuid.UUID, today: date | None = None) -> int:
    """The affiliated people whose id is in (after, upto]: one batch of the nightly run."""
    rows = await fetch(
        "SELECT person FROM affiliation WHERE person > {} AND person <= {} ORDER BY person",
        after,
        upto,
    )
    return await evaluate_people([r["person"] for r in rows], today)


async def queue_nightly_evaluation(batch: int = BATCH) -> int:
    """The nightly run, cut into jobs of `batch` people each (a job stays well inside the
    worker's small job timeout; a re-delivered batch finds its findings and posts nothing).
    The bounds are every `batch`-th person id, read in one query. Returns the jobs queued."""
    bounds = await fetch(
        "SELECT person FROM (SELECT person, row_number() OVER (ORDER BY person) AS n, "
        "count(*) OVER () AS total FROM affiliation) AS t "
        "WHERE n % {} = 0 OR n = total ORDER BY person",
        batch,
    )
    after = uuid.UUID(int=0)
    async with transaction():
        for row in bounds:
            await outbox.enqueue("rights.evaluate_range", after=str(after), upto=str(row["person"]))
            after = row["person"]
    return len(bounds)


async def evaluate_everyone(batch: int = BATCH, today: date | None = None) -> tuple[int, int]:
    """The nightly run: every affiliated person, in batches of `batch` by person id (each batch
    its own transaction, so a long run holds no lock for long). Returns (people, posted)."""
    after = uuid.UUID(int=0)
    people = posted = 0
    while True:
        rows = await fetch(
            "SELECT person FROM affiliation WHERE person > {} ORDER BY person LIMIT {}",
            after,
            batch,
        )
        if not rows:
            return people, posted
        ids = [r["person"] for r in rows]
        posted += await evaluate_people(ids, today)
        people += len(ids)
        after = ids[-1]


async def dismiss_finding(actor: audit.Actor, finding_id: uuid.UUID) -> None:
    """The affiliate does not want this suggestion: it is never made again."""
    finding = await queries.finding_for_affiliate(actor, finding_id)
    if not finding.open:
        return
    async with transaction():
        await execute(
            "UPDATE right_finding SET state = {}, dismissed_at = now() "
            "WHERE id = {} AND state = ANY({}::text[])",
            State.DISMISSED.value,
            finding_id,
            [State.DETECTED.value, State.SENT.value],
        )
        await audit.record(actor, "rights.dismiss", subject=("right_finding", finding_id),
                           details={"right": finding.right.value})  # fmt: skip


async def _file(actor: audit.Actor, finding: queries.FindingView, kind: str) -> uuid.UUID:
    """File the finding's request with its known answers and mark it claimed (in the caller's
    transaction). Its idempotency key is the finding's: whoever files it first files it."""
    submitted = await submit_request(
        actor,
        person_id=finding.person_id,
        kind=kind,
        answers=dict(finding.prefill),
        idempotency_key=f"right:{finding.id}",
    )
    await execute(
        "UPDATE right_finding SET state = {}, claimed_at = COALESCE(claimed_at, now()), "
        "request_id = {} WHERE id = {}",
        State.CLAIMED.value,
        submitted.id,
        finding.id,
    )
    return submitted.id


async def claim_finding(actor: audit.Actor, finding_id: uuid.UUID) -> uuid.UUID:
    """File the suggested request with its known answers, in one tap, and mark the finding
    claimed; tapping twice files it once. NotFound when it cannot be filed in one tap."""
    finding = await queries.finding_for_affiliate(actor, finding_id)
    kind = REQUEST_KIND[finding.right]
    if kind is None or finding.right not in ONE_TAP:
        raise NotFound("finding")
    if finding.request_id is not None:
        return finding.request_id
    async with transaction():
        return await _file(actor, finding, kind)


async def open_ex_officio(
    actor: audit.Actor, person_id: uuid.UUID, finding_id: uuid.UUID
) -> uuid.UUID:
    """The account manager opens the request of a right the law grants without one (the
    exempt quarters after a birth, the maternity aid), with the finding's answers; it then
    follows the usual review. The caller checked the staff member may open the file. Filed
    once, whoever is first: the affiliate's one tap and this share the idempotency key."""
    finding = await queries.finding_of_person(person_id, finding_id)
    if finding is None or actor.kind != "staff" or finding.right not in EX_OFFICIO:
        raise NotFound("finding")
    if finding.request_id is not None:
        return finding.request_id
    if not finding.open:
        raise NotFound("finding")  # dismissed by the affiliate, or filed another way
    kind = REQUEST_KIND[finding.right]
    assert kind is not None
    async with transaction():
        request_id = await _file(actor, finding, kind)
        await audit.record(
            actor, "rights.ex_officio_opened", subject=("person", person_id),
            details={"right": finding.right.value, "request": str(request_id)},
        )  # fmt: skip
    return request_id
