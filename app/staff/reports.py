"""Reports for the authorities: a supervisor asks for a period, a worker builds its aggregates
from SQL (GROUP BY in PostgreSQL), and the files are kept for download, each with its data
dictionary. Asking and downloading are audited; the page lists every report asked for.

The report is "tidy": one row per figure and combination of its dimensions, the dimensions a
figure does not use left empty. Figures (unit):
- affiliates (persons): affiliations running on the period's last day, by category, sex and
  age band (both from the national register number) and region (from the postcode);
- starters / cessations (persons): affiliations starting / ending within the period, by category;
- contributions_called (EUR): contribution entries booked in the period, per quarter concerned;
- contributions_collected (EUR): payments and plan instalments booked in the period (sign
  turned), per quarter concerned ("" when a payment names none);
- surcharges_applied / surcharges_waived (EUR): surcharge entries, and the credits a granted
  waiver booked, in the period, per quarter concerned;
- requests_decided (requests): exemption, payment plan and bridging-right requests that reached
  a final status in the period, by kind and outcome;
- decision_days_median / decision_days_p90 (days): calendar days from receipt to decision of
  the requests decided in the period, per kind.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from app.identity import queries as identity
from app.identity import rules as identity_rules
from app.identity.rules import Permission
from app.kit import audit, clock, i18n, outbox
from app.kit.db import fetch, transaction
from app.kit.errors import NotFound
from app.kit.i18n import N_
from app.kit.i18n import gettext as _
from app.requests.states import Status
from app.staff import rules
from app.staff.queue import staff_member
from app.staff.tables import AuthorityReport

REPORT_JOB = "staff.authority_report"
HISTORY_LIMIT = 50
KINDS = ("exemption", "payment_plan", "bridging_right")
FINAL = tuple(s.value for s in (Status.GRANTED, Status.PARTLY_GRANTED, Status.REFUSED,
                                Status.WITHDRAWN))  # fmt: skip
DECIDED = tuple(s.value for s in (Status.GRANTED, Status.PARTLY_GRANTED, Status.REFUSED))


class ReportStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


# The report's columns, in order: (name, meaning, unit, source tables).
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("period_start", N_("First day of the period (included)"), "date (ISO 8601)", ""),
    ("period_end", N_("Last day of the period (included)"), "date (ISO 8601)", ""),
    ("figure", N_("What the row counts or sums (see the figures below)"), "code", ""),
    (
        "category",
        N_(
            "The affiliate's social category (main, starter, secondary, student, pensioner, helper)"
        ),
        "code",
        "affiliation",
    ),
    (
        "sex",
        N_("Sex, read from the national register number (male, female, unknown)"),
        "code",
        "person",
    ),
    (
        "age_band",
        N_("Age in completed years on the period's last day, in bands"),
        "years",
        "person",
    ),
    (
        "region",
        N_(
            "Region of the postcode: brussels (1000–1299), wallonia (1300–1499, "
            "4000–7999), flanders (1500–3999, 8000–9999) or unknown"
        ),
        "code",
        "person",
    ),
    ("quarter", N_("The quarter the entries concern, like 2026-Q1"), "YYYY-Qn", "ledger_entry"),
    ("kind", N_("The kind of request"), "code", "request"),
    (
        "outcome",
        N_("The request's final status (granted, partly_granted, refused, withdrawn)"),
        "code",
        "request_event",
    ),
    ("value", N_("The figure's value, in the row's unit"), "see unit", ""),
    ("unit", N_("The unit of the value: persons, EUR, requests or days"), "code", ""),
)
# The figures: (code, meaning, unit, source tables).
FIGURES: tuple[tuple[str, str, str, str], ...] = (
    (
        "affiliates",
        N_("Affiliates whose affiliation runs on the period's last day"),
        "persons",
        "affiliation, person",
    ),
    ("starters", N_("Affiliations starting within the period"), "persons", "affiliation"),
    ("cessations", N_("Affiliations ending within the period"), "persons", "affiliation"),
    (
        "contributions_called",
        N_("Contributions booked on the accounts within the period"),
        "EUR",
        "ledger_entry",
    ),
    (
        "contributions_collected",
        N_("Payments and plan instalments received within the period"),
        "EUR",
        "ledger_entry",
    ),
    ("surcharges_applied", N_("Surcharges booked within the period"), "EUR", "ledger_entry"),
    (
        "surcharges_waived",
        N_("Surcharges cancelled by a granted waiver within the period"),
        "EUR",
        "ledger_entry",
    ),
    (
        "requests_decided",
        N_(
            "Exemption, payment plan and bridging right requests that reached "
            "a final status within the period"
        ),
        "requests",
        "request, request_event",
    ),
    (
        "decision_days_median",
        N_("Median of the calendar days from receipt to decision"),
        "days",
        "request",
    ),
    (
        "decision_days_p90",
        N_("90th percentile of the calendar days from receipt to decision"),
        "days",
        "request",
    ),
)
NAMES = tuple(name for name, _m, _u, _s in COLUMNS)


@dataclass(frozen=True, slots=True)
class ReportLine:
    id: uuid.UUID
    period_start: date
    period_end: date
    status: str
    requested_by_name: str
    requested_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReportFile:
    filename: str
    content_type: str
    data: bytes


FILES: dict[str, tuple[str, str, str]] = {
    # download name: (column, file name stem, content type)
    "report.csv": ("report_csv", "report", "text/csv; charset=utf-8"),
    "report.json": ("report_json", "report", "application/json"),
    "dictionary.csv": ("dictionary_csv", "dictionary", "text/csv; charset=utf-8"),
    "dictionary.json": ("dictionary_json", "dictionary", "application/json"),
}


async def _supervisor(actor: audit.Actor) -> identity.StaffMember:
    member = await staff_member(actor)
    if not member.allows(Permission.SUPERVISE_TEAMS):
        raise NotFound()
    return member


# --- asking, listing, downloading -------------------------------------------------------------


async def request_report(actor: audit.Actor, period: rules.Period) -> uuid.UUID:
    """Record the supervisor's request and queue its building, in one transaction (audited)."""
    member = await _supervisor(actor)
    report_id = uuid.uuid4()
    async with transaction():
        await AuthorityReport.insert(
            AuthorityReport(
                id=report_id,
                period_start=period.start,
                period_end=period.end,
                status=ReportStatus.PENDING.value,
                requested_by=member.id,
                requested_by_name=member.full_name,
                requested_at=clock.now(),
            )
        )
        await audit.record(
            actor,
            "staff.report_requested",
            subject=("authority_report", report_id),
            details={"start": period.start.isoformat(), "end": period.end.isoformat()},
        )
        await outbox.enqueue(REPORT_JOB, report_id=str(report_id))
    return report_id


async def report_history(actor: audit.Actor) -> tuple[ReportLine, ...]:
    await _supervisor(actor)
    rows = await fetch(
        "SELECT id, period_start, period_end, status, requested_by_name, requested_at, "
        f"finished_at FROM authority_report ORDER BY requested_at DESC, id LIMIT {HISTORY_LIMIT}"
    )
    return tuple(ReportLine(**row) for row in rows)


async def report_file(actor: audit.Actor, report_id: uuid.UUID, name: str) -> ReportFile:
    """One of a ready report's four files; the download is audited."""
    await _supervisor(actor)
    if name not in FILES:
        raise NotFound()
    column, stem, content_type = FILES[name]
    rows = await fetch(
        f"SELECT period_start, period_end, {column} AS data FROM authority_report "
        "WHERE id = {} AND status = {}",
        report_id,
        ReportStatus.READY.value,
    )
    if not rows or rows[0]["data"] is None:
        raise NotFound()
    row = rows[0]
    await audit.record(
        actor,
        "staff.report_downloaded",
        subject=("authority_report", report_id),
        details={"file": name},
    )
    extension = name.rsplit(".", 1)[1]
    filename = f"affilio-{stem}-{row['period_start']}-{row['period_end']}.{extension}"
    return ReportFile(filename=filename, content_type=content_type, data=bytes(row["data"]))


# --- building (the worker) ----------------------------------------------------------------------


async def build_report(report_id: uuid.UUID) -> bool:
    """Build a pending report's files; False when it is gone or built already (a job delivered
    twice does nothing)."""
    async with transaction():
        found = await fetch(
            "SELECT period_start, period_end, status FROM authority_report WHERE id = {} "
            "FOR UPDATE",
            report_id,
        )
        if not found or found[0]["status"] != ReportStatus.PENDING.value:
            return False
        period = rules.Period(found[0]["period_start"], found[0]["period_end"])
        rows = await report_rows(period)
        files = render_files(period, rows)
        await AuthorityReport.update(
            {
                AuthorityReport.status: ReportStatus.READY.value,
                AuthorityReport.finished_at: clock.now(),
                AuthorityReport.report_csv: files["report_csv"],
                AuthorityReport.report_json: files["report_json"],
                AuthorityReport.dictionary_csv: files["dictionary_csv"],
                AuthorityReport.dictionary_json: files["dictionary_json"],
            }
        ).where(AuthorityReport.id == report_id)
    return True


def _row(period: rules.Period, figure: str, value: Any, unit: str, **dims: Any) -> dict[str, str]:
    row = dict.fromkeys(NAMES, "")
    row.update(period_start=period.start.isoformat(), period_end=period.end.isoformat())
    row.update(figure=figure, unit=unit, value=_text(value))
    row.update({k: "" if v is None else str(v) for k, v in dims.items()})
    return row


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _quarter(year: int | None, quarter: int | None) -> str:
    return rules.quarter_label(year, quarter) if year and quarter else ""


async def report_rows(period: rules.Period) -> list[dict[str, str]]:
    """Every figure of the report for `period`, one SQL aggregate per family."""
    start, end = period.start, period.end
    rows: list[dict[str, str]] = []
    age = identity_rules.age_sql("p.national_number", "t.d")
    sex = identity_rules.sex_sql("p.national_number")
    region = identity_rules.region_sql("p.postcode")
    band = rules.band_sql(age, rules.PERSON_AGE_BANDS)
    for r in await fetch(
        f"SELECT a.category, {sex} AS sex, {band} AS age_band, {region} AS region, "
        "count(*) AS n FROM affiliation a JOIN person p ON p.id = a.person, "
        "(SELECT {}::date AS d) t "
        "WHERE a.starts_on <= t.d AND (a.ends_on IS NULL OR a.ends_on >= t.d) "
        "AND p.merged_into IS NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        end,
    ):
        rows.append(_row(period, "affiliates", r["n"], "persons", category=r["category"],
                         sex=r["sex"], age_band=r["age_band"], region=r["region"]))  # fmt: skip
    for r in await fetch(
        "SELECT category, count(*) AS n FROM affiliation WHERE starts_on BETWEEN {} AND {} "
        "GROUP BY category ORDER BY category",
        start,
        end,
    ):
        rows.append(_row(period, "starters", r["n"], "persons", category=r["category"]))
    for r in await fetch(
        "SELECT category, count(*) AS n FROM affiliation WHERE ends_on BETWEEN {} AND {} "
        "GROUP BY category ORDER BY category",
        start,
        end,
    ):
        rows.append(_row(period, "cessations", r["n"], "persons", category=r["category"]))
    for r in await fetch(
        "SELECT year, quarter, "
        "coalesce(sum(amount) FILTER (WHERE kind = 'contribution'), 0) AS called, "
        "coalesce(-sum(amount) FILTER (WHERE kind IN ('payment', 'plan_instalment')), 0) "
        "AS collected, "
        "coalesce(sum(amount) FILTER (WHERE kind = 'surcharge'), 0) AS surcharged, "
        "coalesce(-sum(amount) FILTER (WHERE kind = 'reversal' "
        "AND idempotency_key LIKE 'waiver:%'), 0) AS waived "
        "FROM ledger_entry WHERE booked_on BETWEEN {} AND {} "
        "GROUP BY year, quarter ORDER BY year NULLS LAST, quarter NULLS LAST",
        start,
        end,
    ):
        quarter = _quarter(r["year"], r["quarter"])
        for figure, column in (
            ("contributions_called", "called"),
            ("contributions_collected", "collected"),
            ("surcharges_applied", "surcharged"),
            ("surcharges_waived", "waived"),
        ):
            if r[column]:
                rows.append(_row(period, figure, Decimal(r[column]), "EUR", quarter=quarter))
    kinds = "(" + ", ".join(f"'{k}'" for k in KINDS) + ")"
    final = "(" + ", ".join(f"'{s}'" for s in FINAL) + ")"
    decided = "(" + ", ".join(f"'{s}'" for s in DECIDED) + ")"
    # The period's days in Brussels as an instant range (the same rows as comparing each
    # row's Brussels day, but an index on the timestamp can find them).
    since = datetime.combine(start, time(0), tzinfo=clock.BRUSSELS)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=clock.BRUSSELS)
    for r in await fetch(
        "SELECT r.kind, r.status AS outcome, count(DISTINCT r.id) AS n FROM request r "
        "JOIN request_event e ON e.request = r.id AND e.to_status = r.status "
        f"WHERE r.kind IN {kinds} AND r.status IN {final} AND e.to_status IN {final} "
        "AND e.at >= {} AND e.at < {} "
        "GROUP BY 1, 2 ORDER BY 1, 2",
        since,
        until,
    ):
        rows.append(_row(period, "requests_decided", r["n"], "requests", kind=r["kind"],
                         outcome=r["outcome"]))  # fmt: skip
    for r in await fetch(
        "SELECT kind, "
        "round(percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, 1) AS median, "
        "round(percentile_cont(0.9) WITHIN GROUP (ORDER BY days)::numeric, 1) AS p90 "
        "FROM (SELECT kind, (decided_at AT TIME ZONE 'Europe/Brussels')::date "
        "- coalesce(received_on, (created_at AT TIME ZONE 'Europe/Brussels')::date) AS days "
        f"FROM request WHERE status IN {decided} AND decided_at IS NOT NULL "
        "AND decided_at >= {} AND decided_at < {}) d "
        "GROUP BY kind ORDER BY kind",
        since,
        until,
    ):
        rows.append(_row(period, "decision_days_median", Decimal(r["median"]), "days",
                         kind=r["kind"]))  # fmt: skip
        rows.append(_row(period, "decision_days_p90", Decimal(r["p90"]), "days", kind=r["kind"]))
    return rows


def dictionary() -> list[dict[str, str]]:
    """Every column and figure of the report: its meaning in French, Dutch and English, its
    unit and the tables it comes from."""
    entries: list[dict[str, str]] = []
    for kind, table in (("column", COLUMNS), ("figure", FIGURES)):
        for name, meaning, unit, source in table:
            entry = {"entry": kind, "name": name}
            for lang in i18n.LANGUAGES:
                with i18n.language(lang):
                    entry[f"meaning_{lang}"] = _(meaning)
            entry.update(unit=unit, source=source)
            entries.append(entry)
    return entries


def _csv(rows: list[dict[str, str]], names: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def render_files(period: rules.Period, rows: list[dict[str, str]]) -> dict[str, bytes]:
    entries = dictionary()
    dictionary_names = tuple(entries[0]) if entries else ()
    head = {"period_start": period.start.isoformat(), "period_end": period.end.isoformat()}
    return {
        "report_csv": _csv(rows, NAMES),
        "report_json": json.dumps({**head, "rows": rows}, ensure_ascii=False, indent=1).encode(),
        "dictionary_csv": _csv(entries, dictionary_names),
        "dictionary_json": json.dumps({"entries": entries}, ensure_ascii=False, indent=1).encode(),
    }
