"""The retention review (/staff/retention): data kept past its period, flagged every night,
decided by a supervisor: keep it (with the reason) or erase it. Nothing is erased without a
decision (issue 17: "nothing is deleted automatically without a staff decision").

The periods are data (app/staff/rules/retention.toml, each with its source and flagged
unconfirmed while the fund's data-protection officer has not confirmed it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from litestar import Controller, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import require_permission, require_step_up, who
from app.identity.rules import Permission
from app.kit import audit, clock, mail
from app.kit.db import execute, fetch, transaction
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import MAX_LONG_TEXT, FieldError, raw, text
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.kit.i18n import lazy_gettext
from app.messaging import service as messaging
from app.requests import service as requests
from app.requests import states
from app.staff.rules.retention import Decision, RuleCode, kept_until, rules

PAGE_SIZE = 50

# What each rule flags, in the reviewer's words.
RULE_LABELS: dict[RuleCode, Any] = {
    RuleCode.REQUEST_FILES: lazy_gettext("Documents sent with a closed request"),
    RuleCode.THREAD_FILES: lazy_gettext("Documents in the secure thread"),
    RuleCode.MAIL_LOG: lazy_gettext("Copies of the e-mails sent, per month"),
}

_FINAL = states.sql_list(tuple(sorted(states.FINAL)))
_YEAR = "extract(year FROM {} AT TIME ZONE 'Europe/Brussels')::int"

_INSERT = (
    "INSERT INTO retention_flag (id, key, rule, subject_kind, subject_id, person, label, "
    "retained_until, flagged_at) "
)

# One INSERT … SELECT per rule: the year the data was closed, the period's end, and a flag
# once per subject (the key is unique). {years} and {today} are bound, never formatted in.
SCANS: dict[RuleCode, str] = {
    RuleCode.REQUEST_FILES: (
        _INSERT + "SELECT gen_random_uuid(), 'request_files:' || r.id, 'request_files', 'request', "
        "r.id::text, r.person, coalesce(r.reference, '') || ' · ' || count(a.id), "
        f"make_date({_YEAR.format('coalesce(r.decided_at, r.updated_at)')} + {{}}, 12, 31), "
        "{} FROM request r JOIN request_attachment a ON a.request = r.id "
        f"WHERE r.status IN {_FINAL} GROUP BY r.id "
        f"HAVING make_date({_YEAR.format('coalesce(r.decided_at, r.updated_at)')} + {{}}, 12, 31)"
        " < {} ON CONFLICT (key) DO NOTHING RETURNING id"
    ),
    RuleCode.THREAD_FILES: (
        _INSERT + "SELECT gen_random_uuid(), 'thread_files:' || a.id, 'thread_files', "
        "'thread_attachment', a.id::text, m.person, left(a.filename, 200), "
        f"make_date({_YEAR.format('m.created_at')} + {{}}, 12, 31), {{}} "
        "FROM thread_attachment a JOIN thread_message m ON m.id = a.message "
        f"WHERE make_date({_YEAR.format('m.created_at')} + {{}}, 12, 31) < {{}} "
        "ON CONFLICT (key) DO NOTHING RETURNING id"
    ),
    RuleCode.MAIL_LOG: (
        _INSERT
        + "SELECT gen_random_uuid(), 'mail_log:' || month, 'mail_log', 'mail_month', month, "
        "NULL, month || ' · ' || n, make_date(left(month, 4)::int + {}, 12, 31), {} FROM ("
        "SELECT to_char(created_at AT TIME ZONE 'Europe/Brussels', 'YYYY-MM') AS month, "
        "count(*) AS n FROM mail_message GROUP BY 1) months "
        "WHERE make_date(left(month, 4)::int + {}, 12, 31) < {} "
        "ON CONFLICT (key) DO NOTHING RETURNING id"
    ),
}


async def flag_expired(today: date | None = None) -> dict[str, int]:
    """The nightly scan: flag what passed its period and is not flagged yet (idempotent)."""
    day = today or clock.today()
    now = clock.now()
    flagged: dict[str, int] = {}
    for code, sql in SCANS.items():
        years = rules()[code].years
        rows = await execute(sql, years, now, years, day)
        flagged[code.value] = len(rows)
    if any(flagged.values()):
        await audit.record(audit.SYSTEM, "retention.flagged", details=flagged)
    return flagged


@dataclass(frozen=True, slots=True)
class Flag:
    id: uuid.UUID
    rule: str
    subject_kind: str
    subject_id: str
    person: uuid.UUID | None
    person_name: str | None
    label: str
    retained_until: date
    flagged_at: datetime
    decision: str | None
    motivation: str
    decided_by_name: str | None
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class RuleView:
    code: str
    label: str
    years: int
    kept_until_example: date  # for the page: what the period means for data closed today
    source: str
    confirmed: bool
    open_count: int


@dataclass(frozen=True, slots=True)
class Review:
    rules: tuple[RuleView, ...]
    open: tuple[Flag, ...]
    decided: tuple[Flag, ...]


_FLAG_SELECT = (
    "SELECT f.id, f.rule, f.subject_kind, f.subject_id, f.person, "
    "p.first_name || ' ' || p.last_name AS person_name, f.label, f.retained_until, "
    "f.flagged_at, f.decision, f.motivation, s.full_name AS decided_by_name, f.decided_at "
    "FROM retention_flag f LEFT JOIN person p ON p.id = f.person "
    "LEFT JOIN staff_user s ON s.id = f.decided_by "
)


async def review(actor: audit.Actor) -> Review:
    """The supervisor's page: the rules, the flags to decide (oldest first), the last decided."""
    today = clock.today()
    counts = {
        row["rule"]: int(row["n"])
        for row in await fetch(
            "SELECT rule, count(*) AS n FROM retention_flag WHERE decision IS NULL GROUP BY rule"
        )
    }
    views = tuple(
        RuleView(
            code=code.value,
            label=str(RULE_LABELS[code]),
            years=rule.years,
            kept_until_example=kept_until(today, rule.years),
            source=rule.source,
            confirmed=rule.confirmed,
            open_count=counts.get(code.value, 0),
        )
        for code, rule in rules().items()
    )
    open_rows = await fetch(
        _FLAG_SELECT + "WHERE f.decision IS NULL ORDER BY f.retained_until, f.key LIMIT {}",
        PAGE_SIZE,
    )
    decided_rows = await fetch(
        _FLAG_SELECT + "WHERE f.decision IS NOT NULL ORDER BY f.decided_at DESC LIMIT 20"
    )
    await audit.record(actor, "staff.retention_review_read", details={"open": len(open_rows)})
    return Review(
        views, tuple(Flag(**row) for row in open_rows), tuple(Flag(**row) for row in decided_rows)
    )


async def flag(actor: audit.Actor, flag_id: uuid.UUID) -> Flag:
    rows = await fetch(_FLAG_SELECT + "WHERE f.id = {}", flag_id)
    if not rows:
        raise NotFound()
    await audit.record(actor, "staff.retention_flag_read", subject=("retention_flag", flag_id))
    return Flag(**rows[0])


async def decide(
    actor: audit.Actor, flag_id: uuid.UUID, *, decision: str, motivation: str
) -> Decision:
    """Keep (the reason is required) or erase: the erasure is done by the domain that owns
    the data, in the same transaction as the decision."""
    errors: dict[str, str] = {}
    if decision not in (Decision.KEEP.value, Decision.ERASE.value):
        errors["decision"] = _("Choose: keep or erase.")
    if decision == Decision.KEEP.value and not motivation.strip():
        errors["motivation"] = _("Say why the fund keeps it.")
    if errors:
        raise FormInvalid(errors)
    chosen = Decision(decision)
    async with transaction():
        rows = await fetch(
            "SELECT rule, subject_id FROM retention_flag WHERE id = {} AND decision IS NULL "
            "FOR UPDATE",
            flag_id,
        )
        if not rows:
            raise NotFound()
        rule, subject = RuleCode(rows[0]["rule"]), rows[0]["subject_id"]
        erased = 0
        if chosen is Decision.ERASE:
            if rule is RuleCode.REQUEST_FILES:
                erased = await requests.erase_attachments(actor, uuid.UUID(subject))
            elif rule is RuleCode.THREAD_FILES:
                erased = await messaging.erase_thread_attachment(actor, uuid.UUID(subject))
            else:
                erased = await mail.erase_month(subject)
        await execute(
            "UPDATE retention_flag SET decision = {}, motivation = {}, decided_by = {}, "
            "decided_at = {} WHERE id = {} RETURNING id",
            chosen.value,
            motivation.strip(),
            actor.id,
            clock.now(),
            flag_id,
        )
        await audit.record(
            actor,
            f"retention.{chosen.value}",
            subject=("retention_flag", flag_id),
            details={"rule": rule.value, "subject": subject, "erased": erased},
        )
    return chosen


class StaffRetentionController(Controller):
    path = "/staff/retention"
    guards = [require_permission(Permission.SUPERVISE_TEAMS)]
    include_in_schema = False

    @get("/", name="staff:retention")
    async def page(self, request: AnyRequest) -> Template:
        _me, actor = await who(request)
        return Template(
            "staff/retention.html",
            context={
                "review": await review(actor),
                "labels": _labels(),
                "done": request.query_params.get("done", ""),
            },
        )

    async def _flag_page(
        self,
        request: AnyRequest,
        flag_id: uuid.UUID,
        *,
        errors: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        status_code: int = 200,
    ) -> Template:
        _me, actor = await who(request)
        found = await flag(actor, flag_id)
        code = RuleCode(found.rule)
        return Template(
            "staff/retention_flag.html",
            context={
                "flag": found,
                "rule": rules()[code],
                "label": str(RULE_LABELS[code]),
                "errors": errors or {},
                "form": form or {},
            },
            status_code=status_code,
        )

    @get("/{flag_id:uuid}", name="staff:retention_flag")
    async def flag_page(self, request: AnyRequest, flag_id: FromPath[uuid.UUID]) -> Template:
        return await self._flag_page(request, flag_id)

    @post("/{flag_id:uuid}", name="staff:retention_decide", guards=[require_step_up])
    async def decide_flag(
        self, request: AnyRequest, flag_id: FromPath[uuid.UUID]
    ) -> Template | Redirect:
        _me, actor = await who(request)
        data = await request.form()
        form = {"decision": raw(data, "decision"), "motivation": raw(data, "motivation")}
        try:
            motivation = text(form["motivation"], max_length=MAX_LONG_TEXT, required=False)
            chosen = await decide(
                actor, flag_id, decision=form["decision"].strip(), motivation=motivation
            )
        except FieldError:
            errors = {"motivation": _("Keep it under 5 000 characters")}
            return await self._flag_page(
                request, flag_id, errors=errors, form=form, status_code=422
            )
        except FormInvalid as exc:
            return await self._flag_page(
                request, flag_id, errors=dict(exc.errors), form=form, status_code=422
            )
        return Redirect(path=f"/staff/retention?done={chosen.value}", status_code=303)


def _labels() -> dict[str, str]:
    return {code.value: str(label) for code, label in RULE_LABELS.items()}


__all__ = ["RULE_LABELS", "StaffRetentionController", "decide", "flag", "flag_expired", "review"]
