"""The logged-in affiliate's home: what needs their action, their open requests, their guides.

A read model over the domains below home, scoped to the person asking:
- the requests come from `app.requests.queries` (the same reads as "My requests" and the
  request page);
- the guide drafts come from `app.wizards.queries.drafts_of`: "in progress" is a draft not
  filed and not expired (the rule of `wizards.drafts.open_drafts`); "done" is a filed draft,
  whose outcome `/wizards/filed?draft=<id>` shows again.

Actions are of one shape whatever their kind (a title, a text, the date that matters, a link),
so that the plan instalments and notices due that later issues bring slot in beside the
questions the fund asked.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.benefits import queries as benefit_queries
from app.benefits.messages import KIND_LABELS, PILLAR_LABELS
from app.identity import queries as identity
from app.kit import audit, clock, i18n
from app.kit.i18n import gettext as _
from app.payments import queries as payment_queries
from app.requests import queries as requests
from app.requests import rules as request_rules
from app.requests.states import OPEN, Status
from app.rights import queries as rights_queries
from app.rights.messages import RIGHT_LABELS
from app.wizards import queries as wizard_queries
from app.wizards.catalogue import wizard as find_wizard

# Past this many, the question is cut on a word (the request page shows it whole).
QUESTION_PREVIEW = 180
# The guides section lists every unfinished draft and the latest filed ones, up to this many.
GUIDES_SHOWN = 20


class ActionKind(StrEnum):
    """The kinds of action the home lists (later: plan instalments, notices to pay)."""

    ANSWER_REQUEST = "answer_request"
    PAY_QUARTER = "pay_quarter"  # a notice to pay: late, or its due date within the month


@dataclass(frozen=True, slots=True)
class Action:
    """Something the person must do, most pressing first."""

    kind: ActionKind
    title: str  # what to do, in words
    text: str  # what it is about (the question the fund asked)
    date: date | None  # the date that matters: a deadline, else the day it was asked
    date_text: str  # that date in a sentence
    link: str  # where it is done
    pressing: bool = False  # a deadline runs (a reminder was sent)


@dataclass(frozen=True, slots=True)
class RequestLine:
    """One filed request not decided yet."""

    id: uuid.UUID
    reference: str | None
    kind_label: str
    status: str
    next_date: date | None  # the next date that matters, if one is known
    next_text: str  # what is next, in a sentence ("" when nothing is known yet)
    link: str


@dataclass(frozen=True, slots=True)
class GuideLine:
    """A guide the person started: unfinished (resume it) or filed (read its outcome)."""

    draft_id: uuid.UUID
    slug: str
    title: str
    done: bool
    date_text: str
    link: str


@dataclass(frozen=True, slots=True)
class RightLine:
    """A right the fund found in the person's file and they have not asked (app/rights)."""

    id: uuid.UUID
    title: Any  # the right's name (lazy, in the reader's language)
    deadline: date | None
    link: str


@dataclass(frozen=True, slots=True)
class Dashboard:
    first_name: str
    actions: tuple[Action, ...]
    requests: tuple[RequestLine, ...]
    guides: tuple[GuideLine, ...]
    rights: tuple[RightLine, ...] = ()
    benefits: tuple[BenefitLine, ...] = ()


@dataclass(frozen=True, slots=True)
class BenefitLine:
    """An entitlement on the home page: its name and its next payment (app/benefits)."""

    title: str
    due_on: date | None
    amount: Decimal | None  # None: not yet confirmed (or nothing left to pay)
    link: str
    paid_on: date | None = None  # the last payment made
    paid_amount: Decimal | None = None
    paid_to: str = ""  # its account, masked (BE.. .... .... 7061)


def _benefit_line(row: benefit_queries.NextPayment) -> BenefitLine:
    title = str(KIND_LABELS[row.kind])
    if row.pillar:
        title = f"{title} {PILLAR_LABELS[row.pillar]}"
    return BenefitLine(title, row.due_on, row.amount, f"/benefits/{row.entitlement}",
                       row.paid_on, row.paid_amount,
                       row.paid_iban_masked if row.paid_iban else "")  # fmt: skip


def _preview(text: str, limit: int = QUESTION_PREVIEW) -> str:
    """The text on one short paragraph: whitespace folded, cut on a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,;:.") + "…"


def next_date(status: str, due: request_rules.DueDates | None, today: date) -> date | None:
    """The next date that matters for an open request: the fund's target while it can still be
    met, then the legal deadline; none while the fund waits for the person (the clock is
    paused) or before receipt (no dates yet)."""
    if due is None or status in (Status.INFORMATION_REQUESTED.value, Status.FORWARDED.value):
        return None
    return due.target if today <= due.target else due.legal


def _request_line(row: requests.RequestSummary, today: date) -> RequestLine:
    upcoming = next_date(row.status, row.due, today)
    if row.status == Status.INFORMATION_REQUESTED.value:
        text = _("We are waiting for your answer.")
    elif row.status == Status.FORWARDED.value:
        text = _("INASTI decides: we will tell you its decision.")
    elif upcoming is not None and row.due is not None and upcoming == row.due.target:
        text = _("Our aim: %(date)s", date=i18n.format_day(upcoming))
    elif upcoming is not None:
        text = _("Expected decision by %(date)s at the latest", date=i18n.format_day(upcoming))
    else:
        text = ""
    return RequestLine(
        id=row.id,
        reference=row.reference,
        kind_label=row.kind_label,
        status=row.status,
        next_date=upcoming,
        next_text=text,
        link=f"/requests/{row.id}",
    )


def _asked_on(detail: requests.RequestDetail) -> date | None:
    """The day the open question was asked (its pause started then)."""
    if detail.paused_since is not None:
        return detail.paused_since
    asked = [e for e in detail.events if e.event == "request_information"]
    return asked[-1].at.astimezone(clock.BRUSSELS).date() if asked else None


def _answer_action(detail: requests.RequestDetail) -> Action:
    asked_on = _asked_on(detail)
    decide_from = detail.decision_gate.decide_from
    when: date | None
    if detail.reminder_on is not None and decide_from is not None:
        date_text = " ".join(
            (
                _("We sent you a reminder on %(date)s.", date=i18n.format_day(detail.reminder_on)),
                _(
                    "Without your answer, we may decide from %(date)s on the basis of the "
                    "information we have.",
                    date=i18n.format_day(decide_from),
                ),
            )
        )
        when, pressing = decide_from, True
    else:
        date_text = ""
        if asked_on is not None:
            date_text = _("Question asked on %(date)s", date=i18n.format_day(asked_on))
        when, pressing = asked_on, False
    return Action(
        kind=ActionKind.ANSWER_REQUEST,
        title=_("Answer our question about your request “%(kind)s”", kind=detail.kind_label),
        text=_preview(detail.open_question or ""),
        date=when,
        date_text=date_text,
        link=f"/requests/{detail.id}",
        pressing=pressing,
    )


def _action_order(action: Action) -> tuple[bool, date]:
    """A running deadline first, then the oldest first (what waits longest)."""
    return (not action.pressing, action.date or date.max)


async def actions_for(actor: audit.Actor, rows: list[requests.RequestSummary]) -> list[Action]:
    """What the person must do: today, answering the fund's questions on their requests."""
    found = []
    for row in rows:
        if row.status == Status.INFORMATION_REQUESTED.value:
            detail = await requests.request_for_affiliate(actor, row.id)
            if detail.awaiting_affiliate:  # not answered in between
                found.append(_answer_action(detail))
    return sorted(found, key=_action_order)


# A quarter not late yet is listed once its due date is this close (the notice left earlier).
PAY_SOON = timedelta(days=31)


def payment_actions(account: payment_queries.AccountView, today: date) -> list[Action]:
    """What the person must pay: each late quarter (pressing), and the next one due soon."""
    links = {(n.year, n.quarter): f"/account/contributions/notices/{n.id}" for n in account.notices}
    found: list[Action] = []
    for q in account.quarters:
        if q.outstanding <= 0 or (q.due_on >= today and q.due_on - today > PAY_SOON):
            continue
        late = q.due_on < today
        found.append(
            Action(
                kind=ActionKind.PAY_QUARTER,
                title=_("Pay your contributions for quarter %(quarter)s %(year)s",
                        quarter=q.quarter, year=q.year),
                text=_("%(amount)s still to pay", amount=i18n.format_money(q.outstanding)),
                date=q.due_on,
                date_text=(_("Late since %(date)s", date=i18n.format_day(q.due_on)) if late
                           else _("To pay by %(date)s", date=i18n.format_day(q.due_on))),
                link=links.get((q.year, q.quarter), "/account/contributions"),
                pressing=late,
            )
        )  # fmt: skip
    return found


def _guide_line(row: wizard_queries.DraftSummary) -> GuideLine | None:
    found = find_wizard(row.wizard)
    if found is None:  # a guide since retired: nothing to resume or to show
        return None
    submitted_at = row.submitted_at
    if submitted_at is not None:
        return GuideLine(
            draft_id=row.id,
            slug=found.slug,
            title=str(found.title),
            done=True,
            date_text=_("Filed on %(date)s", date=i18n.format_day(_local(submitted_at))),
            link=f"/wizards/filed?draft={row.id}",
        )
    return GuideLine(
        draft_id=row.id,
        slug=found.slug,
        title=str(found.title),
        done=False,
        date_text=_("Last answer on %(date)s", date=i18n.format_day(_local(row.updated_at))),
        link=f"/wizards/{found.slug}",
    )


def _local(moment: datetime) -> date:
    return moment.astimezone(clock.BRUSSELS).date()


async def guides_for(person_id: uuid.UUID) -> list[GuideLine]:
    """The person's own guide drafts: unfinished ones first (latest touched first), then the
    filed ones (latest filed first)."""
    rows = await wizard_queries.drafts_of(person_id, limit=GUIDES_SHOWN)
    return [line for row in rows if (line := _guide_line(row)) is not None]


async def dashboard_for(actor: audit.Actor) -> Dashboard:
    """The home of a logged-in affiliate (`actor.kind == "affiliate"`)."""
    if actor.kind != "affiliate" or actor.id is None:
        raise ValueError("the dashboard is an affiliate's")
    person = await identity.person_summary(actor.id)
    rows = [r for r in await requests.requests_for_affiliate(actor) if r.status in OPEN]
    today = clock.today()
    return Dashboard(
        first_name=(person.first_name if person else "") or "",
        actions=tuple(
            sorted(
                [
                    *await actions_for(actor, rows),
                    *payment_actions(await payment_queries.account_for(actor, today), today),
                ],
                key=_action_order,
            )
        ),
        requests=tuple(_request_line(row, today) for row in rows),
        guides=tuple(await guides_for(actor.id)),
        rights=tuple(
            RightLine(f.id, RIGHT_LABELS[f.right], f.deadline, f"/rights/{f.id}")
            for f in await rights_queries.open_findings_for_affiliate(actor)
        ),
        benefits=tuple(
            _benefit_line(row)
            for row in await benefit_queries.next_payments_for_affiliate(actor, today)
        ),
    )
