"""All the data the fund holds about a person, as one zip (GDPR art. 15 and 20).

`data.json` has one section per table that holds personal data, each the person's rows as
PostgreSQL itself turns them into JSON (amounts stay exact decimals, dates ISO); the files
they sent or received (letters, attestations, attachments) lie beside it under `files/`.
Secrets that prove nothing to the person (hashes of codes and links, passkey keys) are left
out and said so. Every table of the product is either exported here or listed, with the
reason, in NOT_EXPORTED: a test fails when a new table is neither.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from app.kit import audit, clock
from app.kit.db import fetch
from app.kit.i18n import gettext as _


@dataclass(frozen=True, slots=True)
class Section:
    table: str
    where: str  # SQL on alias t; {p} is the person's id ({pt} as text), {nn} and {email} theirs
    omit: tuple[str, ...] = ()  # columns left out (secrets, or bytes written as files)
    order: str = "t.id"


_ACCOUNTS = "SELECT id FROM payment_account WHERE person = {p}"
_REQUESTS = "SELECT id FROM request WHERE person = {p}"
_MESSAGES = "SELECT id FROM thread_message WHERE person = {p}"

SECTIONS: tuple[Section, ...] = (
    Section("person", "t.id = {p}"),
    Section("affiliation", "t.person = {p}"),
    Section("account_manager", "t.person = {p}"),
    Section("directorship", "t.person = {p}"),
    Section("helping_spouse", "t.helper = {p} OR t.partner = {p}"),
    Section("passkey_credential", "t.person = {p}", omit=("credential_id", "public_key")),
    Section("activation_link", "t.person = {p}", omit=("token_hash",)),
    Section("account_recovery", "t.person = {p}"),
    Section(
        "email_code",
        "t.national_number = {nn} OR lower(t.email) = lower({email})",
        omit=("code_hash",),
    ),
    Section("payment_account", "t.person = {p}"),
    Section("ledger_entry", f"t.account IN ({_ACCOUNTS})", order="t.seq"),
    Section("due_notice", f"t.account IN ({_ACCOUNTS})"),
    Section("recovery_step", f"t.account IN ({_ACCOUNTS})"),
    Section("payment_plan", f"t.account IN ({_ACCOUNTS})"),
    Section("court_procedure", f"t.account IN ({_ACCOUNTS})"),
    Section(
        "court_step",
        f"t.procedure IN (SELECT id FROM court_procedure WHERE account IN ({_ACCOUNTS}))",
        order="t.done_on, t.created_at",
    ),
    Section(
        "plan_instalment",
        f"t.plan IN (SELECT id FROM payment_plan WHERE account IN ({_ACCOUNTS}))",
    ),
    Section("bank_movement", f"t.account IN ({_ACCOUNTS})"),
    Section("debit_mandate", f"t.account IN ({_ACCOUNTS})"),
    Section("debit_collection", f"t.account IN ({_ACCOUNTS})"),
    Section("request", "t.person = {p}", order="t.created_at"),
    Section("request_event", f"t.request IN ({_REQUESTS})", order="t.at"),
    Section("request_attachment", f"t.request IN ({_REQUESTS})", omit=("data",)),
    Section("wizard_draft", "t.person = {p}", omit=("owner_token",)),
    Section("inbox_message", "t.person = {p}", order="t.created_at"),
    Section("thread_message", "t.person = {p}", order="t.created_at"),
    Section("thread_attachment", f"t.message IN ({_MESSAGES})", omit=("data",)),
    Section("email_opt_out", "t.person = {p}"),
    Section("push_subscription", "t.person = {p}", omit=("p256dh", "auth")),
    Section("appointment", "t.person = {p}", order="t.booked_at"),
    Section(
        "appointment_slot",
        "t.id IN (SELECT slot FROM appointment WHERE person = {p})",
        order="t.starts_at",
    ),
    Section("document", "t.person = {p}", omit=("data",), order="t.created_at"),
    Section("mandate", "t.client = {p} OR t.mandatary = {p}", omit=("token_hash",)),
    Section("retention_flag", "t.person = {p}", order="t.flagged_at"),
    Section("right_finding", "t.person = {p}", order="t.detected_at"),
    Section("benefit_entitlement", "t.person = {p}", order="t.created_at"),
    Section(
        "benefit_payment",
        "t.entitlement IN (SELECT id FROM benefit_entitlement WHERE person = {p})",
        order="t.entitlement, t.number",
    ),
    Section("benefit_payout_account", "t.person = {p}", order="t.created_at"),
    Section("benefit_run_payment", "t.person = {p}", omit=("run",), order="t.payment"),
    Section("benefit_undue", "t.person = {p}", order="t.decided_on"),
    Section("institution_outbox", "t.person = {p}", omit=("data",), order="t.created_at"),
    Section("mail_message", 'lower(t."to") = lower({email})', order="t.created_at"),
    Section(
        "audit_event",
        "(t.subject_kind = 'person' AND t.subject_id = {pt}) "
        "OR (t.actor_kind IN ('affiliate', 'mandatary') AND t.actor_id = {p})",
        order="t.at",
    ),
)

# Tables with no personal data of their own, or whose personal part is exported above.
NOT_EXPORTED: dict[str, str] = {
    "outbox_job": "the fund's queue of technical jobs, each about data exported above",
    "staff_user": "the fund's staff members",
    "staff_notice": "notices to staff members",
    "company": "a company's own data (the directorships say which companies)",
    "company_year": "a company's yearly figures",
    "debit_file": "the fund's collection files for its bank (the person's collections are in)",
    "coda_import": "the fund's bank statement files (the movements about the person are in)",
    "request_reference_counter": "the counter of request numbers",
    "court_party": "the fund's bailiffs, lawyers and curators (each procedure names its own)",
    "ledger_quarter_balance": "each quarter's sum of the ledger entries exported above",
    "authority_report": "figures for the authorities, counted over everyone, no one's own",
    "benefit_figure": "the confirmed legal figures of the benefits, the same for everyone",
    "benefit_payment_run": "the fund's payment runs; the person's own lines are exported "
    "(benefit_run_payment)",
}

# The files written beside data.json: (table, name column, where) with the bytes in `data`.
FILES: tuple[tuple[str, str, str], ...] = (
    ("document", "filename", "t.person = {p}"),
    ("request_attachment", "filename", f"t.request IN ({_REQUESTS})"),
    ("thread_attachment", "filename", f"t.message IN ({_MESSAGES})"),
)


@dataclass(frozen=True, slots=True)
class Export:
    filename: str
    data: bytes


def _bind(where: str) -> tuple[str, list[str]]:
    """Piccolo's raw SQL takes positional `{}`: turn the named slots into them, in order."""
    names: list[str] = re.findall(r"\{(p|pt|nn|email)\}", where)
    return re.sub(r"\{(p|pt|nn|email)\}", "{}", where), names


async def _section_json(section: Section, values: dict[str, object]) -> str:
    where, names = _bind(section.where)
    omit = "ARRAY[" + ",".join(f"'{c}'" for c in section.omit) + "]::text[]"
    rows = await fetch(
        f"SELECT coalesce(jsonb_agg(to_jsonb(t) - {omit} ORDER BY {section.order}), "
        f"'[]'::jsonb)::text AS rows FROM {section.table} t WHERE {where}",
        *[values[n] for n in names],
    )
    return str(rows[0]["rows"])


def _safe(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name).strip("._") or "file"
    return cleaned[:120]


async def export_for(actor: audit.Actor) -> Export:
    """The actor's own data; the export itself is recorded in the audit trail."""
    if actor.kind != "affiliate" or actor.id is None:
        raise PermissionError("only a person exports their own data")
    person = await fetch("SELECT national_number, email FROM person WHERE id = {}", actor.id)
    if not person:
        raise PermissionError("no such person")
    values: dict[str, object] = {
        "p": actor.id,
        "pt": str(actor.id),  # audit_event keeps its subjects' ids as text
        # A value no row has, rather than NULL (NULL = NULL is never true either, but explicit).
        "nn": person[0]["national_number"] or "-",
        "email": person[0]["email"] or "-",
    }
    now = clock.now()
    parts = [f"{json.dumps(s.table)}: {await _section_json(s, values)}" for s in SECTIONS]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        listed: list[dict[str, str]] = []
        for table, name_column, where in FILES:
            sql, names = _bind(where)
            rows = await fetch(
                f"SELECT t.id, t.{name_column} AS name, t.data FROM {table} t WHERE {sql} "
                "ORDER BY t.created_at, t.id",
                *[values[n] for n in names],
            )
            for row in rows:
                path = f"files/{table}/{row['id']}-{_safe(row['name'])}"
                archive.writestr(path, bytes(row["data"]))
                listed.append({"table": table, "id": str(row["id"]), "path": path})
        head = {
            "exported_at": now.isoformat(),
            "person_id": str(actor.id),
            "omitted": {s.table: list(s.omit) for s in SECTIONS if s.omit},
            "files": listed,
        }
        body = json.dumps(head, ensure_ascii=False)[:-1]
        archive.writestr("data.json", body + ', "sections": {' + ", ".join(parts) + "}}")
        archive.writestr("README.txt", _readme(now))
    await audit.record(actor, "privacy.data_exported", subject=("person", actor.id))
    return Export(filename=f"affilio-data-{now:%Y-%m-%d}.zip", data=buffer.getvalue())


def _readme(now: datetime) -> str:
    return (
        "\n\n".join(
            (
                _("The data the fund holds about you, on %(date)s.", date=now.date().isoformat()),
                _(
                    "data.json holds every record about you, one section per kind of record. "
                    "The files folder holds the letters and attestations the fund made for you "
                    "and the documents you sent."
                ),
                _(
                    "Left out: the secret parts of your passkeys and of the codes and links sent "
                    "to you, which only prove who you are to the portal."
                ),
            )
        )
        + "\n"
    )


__all__ = ["FILES", "NOT_EXPORTED", "SECTIONS", "Export", "export_for"]
