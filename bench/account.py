"""Scale check: the contribution account over 200 000 people and 2 million ledger entries.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.account [--persons 200000]
        [--runs 200] [--movements 9999] [--notice-persons N] [--keep] [--no-profile]

Fills a SEPARATE database (affilio_bench_account on the same server; the app's own database is
never touched), migrates it with the real migrations, generates the rows with generate_series
(the staff, people and affiliations of the shared generator, bench/generate.py; then its own
accounts, four quarters of notices with their entries and payments each -- forty for one
person in 200 --, the bank movements of those payments), then times the real
functions (issue 13, "Performance"):

1. "My account" at the query level, `payments.queries.account_for`, for random people (about
   ten entries each, and the 119-entry ones): median and p95 against a bare `SELECT 1` through
   the same pool. Target p95 < 50 ms.
2. `payments.service.import_statement` of a CODA file built by tests/support/coda_builder.py:
   9 999 movements (CODA numbers a statement's movements with four digits: that is one file's
   maximum), most with the structured communication of a generated notice, some paid by a known
   IBAN with the exact amount due, some unmatched; then the same file again. Target < 30 s.
3. `payments.service.issue_due_notices` for the quarter nobody has yet (Q4 2026, the clock
   frozen at 20 October 2026): wall time, people per second, its batches and its longest
   transaction. Target < 10 minutes for everyone. --notice-persons N issues N only and
   extrapolates (labelled so); one batch more is then profiled with cProfile, with the
   database round trips it makes. On the 2-core machine (December 2026), --notice-persons
   40000: one transaction a person (13 round trips each) extrapolated to 16.5 minutes for
   everyone (202 people/s); one transaction a chunk of 100 people (notices.toml chunk_size),
   written with a few multi-row statements (11 round trips a chunk), to 2.4 to 3.0 minutes
   (1 120 to 1 360 people/s), a transaction 60 to 75 ms median (chunks of 50: 2.9 minutes).

--keep reuses a filled database: what a previous run wrote (import, notices, inbox, outbox,
audit) is removed first -- the ledger's append-only trigger is lifted for that one transaction,
in this bench database only.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import cProfile
import hashlib
import io
import os
import pstats
import random
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from bench import generate
from bench.generate import migrate, prepare_database, with_database

DATABASE = "affilio_bench_account"
PERSONS = 200_000
RUNS = 200
MOVEMENTS = 9_999  # CODA's sequence numbers have four digits: one statement's maximum
HEAVY_EVERY, HEAVY_AT = 200, 5  # person g with g % 200 == 5: forty quarters, 119 entries
NO_ACCOUNT_EVERY, NO_ACCOUNT_AT = 100, 1  # g % 100 == 1: affiliated, account not opened yet
REGULAR_QUARTERS, HEAVY_QUARTERS = 4, 40
HEAVY_ENTRIES = HEAVY_QUARTERS * 3 - 1  # charge and fee a quarter, all paid but the last
LAST_QUARTER = 2026 * 4 + 2  # quarter index (year * 4 + quarter - 1) of Q3 2026
NOW = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)  # the clock of the whole bench
TODAY = NOW.date()  # the notice job's day: Q4 2026 (due 31 December) is within its lead time
NOTICE_YEAR, NOTICE_QUARTER = 2026, 4
STAFF = generate.staff_id(generate.AGENT_NUMBER)  # an agent (the CODA import's actor)
HISTORY_IMPORT = "md5('coda-history')::uuid"
STATEMENT_SEQUENCE = 287

ACCOUNT_P95_MS = 50.0
CODA_S = 30.0
REIMPORT_S = 1.0  # "near-instant"
NOTICE_JOB_S = 600.0
LONG_TRANSACTION_S = 1.0  # what "without holding one long transaction" is held to here


def _md5_uuid(text: str) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(text.encode()).hexdigest())


def _iban_sql(number: str, bank: int) -> str:
    """A valid Belgian IBAN of a person's bank account, as SQL (the same as `payer_iban`)."""
    base = f"({bank}0000000 + {number})::text"
    account = f"({base} || lpad(coalesce(nullif({base}::bigint % 97, 0), 97)::text, 2, '0'))"
    check = f"lpad((98 - (({account} || '111400')::numeric % 97))::text, 2, '0')"
    return f"('BE' || {check} || {account})"


def payer_iban(number: int, bank: int = 363) -> str:
    """The IBAN the bench gives person `number` (bank 364: payers the fund never saw)."""
    base = f"{bank * 10_000_000 + number:010d}"
    account = base + f"{int(base) % 97 or 97:02d}"
    check = 98 - int(account + "111400") % 97
    return f"BE{check:02d}{account}"


def _paid_quarters(number: str) -> str:
    """How many of a regular account's four quarters are paid (oldest first): 3, 2, 1 or 0."""
    return (
        f"CASE WHEN {number} % 10 < 4 THEN 3 WHEN {number} % 10 < 8 THEN 2 "
        f"WHEN {number} % 10 = 8 THEN 1 ELSE 0 END"
    )


def fill_statements(persons: int, fund_iban: str) -> list[str]:
    heavy = f"p.number % {HEAVY_EVERY} = {HEAVY_AT}"
    quarter_index = "(n.year * 4 + n.quarter - 1)"
    return [
        f"""INSERT INTO payment_account (id, number, person, opened_at)
        SELECT md5('account' || g)::uuid, g, md5('person' || g)::uuid,
               timestamptz '2015-12-01 00:00+00'
        FROM generate_series(1, {persons}) g WHERE g % {NO_ACCOUNT_EVERY} <> {NO_ACCOUNT_AT}""",
        f"SELECT setval(pg_get_serial_sequence('payment_account', 'number'), {persons})",
        # The notices: four quarters up to Q3 2026, forty for the heavy accounts.
        f"""INSERT INTO due_notice (id, account, kind, year, quarter, contribution,
            management_fee, amount, due_on, issued_on, communication, iban, category,
            income_basis, created_at)
        SELECT md5('notice' || p.number || '-' || k.y || '-' || k.q)::uuid, p.id, 'quarterly',
               k.y, k.q, c.contribution, c.fee, c.contribution + c.fee, k.due_on,
               k.due_on - 75,
               b.base || lpad(coalesce(nullif(b.base::bigint % 97, 0), 97)::text, 2, '0'),
               '{fund_iban}', 'main', 0, now()
        FROM payment_account p
        CROSS JOIN LATERAL generate_series(
            0, CASE WHEN {heavy} THEN {HEAVY_QUARTERS - 1} ELSE {REGULAR_QUARTERS - 1} END) i
        CROSS JOIN LATERAL (SELECT ({LAST_QUARTER} - i) / 4 AS y,
                                   ({LAST_QUARTER} - i) % 4 + 1 AS q) yq
        CROSS JOIN LATERAL (SELECT yq.y, yq.q, (make_date(yq.y, yq.q * 3, 1)
                                   + interval '1 month' - interval '1 day')::date AS due_on) k
        CROSS JOIN LATERAL (SELECT lpad(p.number::text, 6, '0') || lpad((k.y % 100)::text, 2,
                                   '0') || k.q::text || '0' AS base) b
        CROSS JOIN LATERAL (SELECT (800 + p.number % 100)::numeric AS contribution,
                                   round((800 + p.number % 100) * 0.0305, 2) AS fee) c""",
        # The entries, in booking order across accounts (one account's entries lie on
        # different pages, as a year of bookings leaves them): each notice's contribution and
        # fee, and the payment of the paid quarters (the oldest first).
        f"""INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on,
            label, reason, reverses, idempotency_key, booked_by, created_at)
        SELECT * FROM (
            SELECT md5('entry' || n.id || e.kind)::uuid, n.account, e.kind,
                   CASE e.kind WHEN 'contribution' THEN n.contribution
                               ELSE n.management_fee END AS amount,
                   n.issued_on AS booked_on, n.year, n.quarter, n.due_on, e.label, '', NULL::uuid,
                   'notice:' || n.id || ':' || e.kind, 'bench', now()
            FROM due_notice n CROSS JOIN (
                VALUES ('contribution', 'Provisional contribution'),
                       ('management_fee', 'Management fees')) e(kind, label)
            UNION ALL
            SELECT md5('payment' || n.id)::uuid, n.account, 'payment', -n.amount,
                   n.due_on - 10, n.year, n.quarter, NULL, 'Payment received', '', NULL,
                   'coda:bench/' || n.id, 'bench', now()
            FROM due_notice n JOIN payment_account p ON p.id = n.account
            WHERE {LAST_QUARTER} - {quarter_index} >= CASE WHEN {heavy} THEN 1
                  ELSE {REGULAR_QUARTERS} - {_paid_quarters("p.number")} END
        ) entries ORDER BY booked_on, account""",
        # The bank movements those payments came from (what IBAN matching searches).
        f"""INSERT INTO coda_import (id, identity, digest, filename, account_iban, statement_date,
            movements, matched, unmatched, imported_by, imported_at)
        VALUES ({HISTORY_IMPORT}, 'bench/history', md5('history'), 'history.cod',
                '{fund_iban}', date '2026-09-30', 0, 0, 0, 'bench', now())""",
        f"""INSERT INTO bank_movement (id, identity, coda_import, value_date, amount,
            structured_communication, communication, counterparty_iban, counterparty_name,
            status, matched_by, account, year, quarter, created_at)
        SELECT md5('movement' || l.id)::uuid, 'bench/' || l.id, {HISTORY_IMPORT}, l.booked_on,
               -l.amount, n.communication, '', {_iban_sql("p.number", 363)},
               'Nom ' || p.number, 'matched', 'communication', l.account, l.year, l.quarter,
               now()
        FROM ledger_entry l JOIN payment_account p ON p.id = l.account
        JOIN due_notice n ON n.account = l.account AND n.kind = 'quarterly'
             AND n.year = l.year AND n.quarter = l.quarter
        WHERE l.kind = 'payment' ORDER BY l.booked_on""",
        # A reminder sent for the quarters late since the summer.
        """INSERT INTO recovery_step (id, account, year, quarter, kind, scheduled_on, done_on,
            done_by, note, created_at)
        SELECT md5('step' || n.id)::uuid, n.account, n.year, n.quarter, 'reminder',
               n.due_on + 15, n.due_on + 15, 'system', '', now()
        FROM due_notice n WHERE n.due_on <= date '2026-06-30' AND NOT EXISTS (
            SELECT 1 FROM ledger_entry l WHERE l.idempotency_key = 'coda:bench/' || n.id)""",
        "VACUUM (ANALYZE)",  # as autovacuum leaves a database in use
    ]


RESET = f"""
BEGIN;
ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only;
DELETE FROM ledger_entry WHERE booked_by <> 'bench';
ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only;
DELETE FROM bank_movement WHERE coda_import <> {HISTORY_IMPORT};
DELETE FROM coda_import WHERE id <> {HISTORY_IMPORT};
DELETE FROM due_notice WHERE year = {NOTICE_YEAR} AND quarter = {NOTICE_QUARTER};
DELETE FROM payment_account WHERE opened_at > timestamptz '2015-12-01 00:00+00';
DELETE FROM inbox_message;
DELETE FROM outbox_job;
DELETE FROM audit_event;
COMMIT;
"""


async def fill(persons: int) -> None:
    from app.kit import db
    from app.kit.settings import get_settings

    await generate.fill(persons, only=generate.PEOPLE)  # staff, people, their affiliation
    for statement in fill_statements(persons, get_settings().fund_iban):
        started = time.perf_counter()
        await db.engine().run_ddl(statement)
        words = " ".join(statement.split()[:3])
        print(f"  {words[:40]:<40} {time.perf_counter() - started:6.1f} s")


async def reset() -> None:
    """Remove what an earlier run wrote into a kept database."""
    import asyncpg

    started = time.perf_counter()
    connection = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        await connection.execute(RESET)
        await connection.execute("VACUUM (ANALYZE)")
    finally:
        await connection.close()
    print(f"  reset what an earlier run wrote         {time.perf_counter() - started:6.1f} s")


# --- figures -----------------------------------------------------------------------------------


@dataclass
class Figure:
    label: str
    value: str
    target: str
    ok: bool
    notes: list[str] = field(default_factory=list)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


async def timed(label: str, runs: int, call: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """Median and p95 in ms of `runs` calls, after one call to warm the pool and the plans."""
    await call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    median, p95 = statistics.median(samples), _p95(samples)
    print(f"  {label:<44} median {median:7.2f} ms   p95 {p95:7.2f} ms")
    return median, p95


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


async def counts() -> dict[str, int]:
    from app.kit.db import fetch

    row = (
        await fetch(
            "SELECT (SELECT count(*) FROM person) AS persons, "
            "(SELECT count(*) FROM affiliation) AS affiliations, "
            "(SELECT count(*) FROM payment_account) AS accounts, "
            "(SELECT count(*) FROM ledger_entry) AS entries, "
            "(SELECT count(*) FROM due_notice) AS notices, "
            "(SELECT count(*) FROM bank_movement) AS movements"
        )
    )[0]
    return {key: int(value) for key, value in row.items()}


# --- 1. "My account" ---------------------------------------------------------------------------


def _regular(number: int) -> bool:
    return number % NO_ACCOUNT_EVERY != NO_ACCOUNT_AT and number % HEAVY_EVERY != HEAVY_AT


async def measure_account(persons: int, runs: int, rng: random.Random) -> list[Figure]:
    from app.kit import audit
    from app.kit.db import fetch
    from app.payments.queries import account_for

    regular = [g for g in range(1, persons + 1) if _regular(g)]
    heavy = list(range(HEAVY_AT, persons + 1, HEAVY_EVERY))

    def affiliate(number: int) -> audit.Actor:
        return audit.Actor(kind="affiliate", id=_md5_uuid(f"person{number}"))

    async def baseline() -> None:
        await fetch("SELECT 1")

    shown: list[int] = []

    async def account(numbers: list[int]) -> None:
        view = await account_for(affiliate(rng.choice(numbers)))
        shown.append(len(view.history))

    print(f'"My account" (payments.queries.account_for), {runs} random people each')
    base_median, base_p95 = await timed("baseline: SELECT 1 through the pool", runs, baseline)
    figures = []
    for label, numbers in (("~10 entries", regular), (f"{HEAVY_ENTRIES} entries", heavy)):
        if not numbers:
            continue
        shown.clear()

        async def call(chosen: list[int] = numbers) -> None:
            await account(chosen)

        median, p95 = await timed(f"account_for, {label}", runs, call)
        ok = p95 < ACCOUNT_P95_MS
        figure = Figure(
            f'"My account" query, {label}',
            f"p95 {p95:6.2f} ms, median {median:6.2f} ms (= {median / base_median:4.1f}x "
            f"SELECT 1 at {base_median:.2f} ms; p95 {p95 / base_p95:4.1f}x)",
            f"p95 < {ACCOUNT_P95_MS:.0f} ms",
            ok,
            [f"entries shown per account: {statistics.mean(shown):.1f} on average"],
        )
        if not ok:
            figure.notes += await explain_account(numbers[0])
        figures.append(figure)
    return figures


async def explain_account(number: int) -> list[str]:
    """EXPLAIN ANALYZE of the queries account_for makes, for one account."""
    from app.kit.db import fetch

    account = _md5_uuid(f"account{number}")
    lines = []
    for sql in (
        "SELECT * FROM ledger_entry WHERE account = {} ORDER BY booked_on, seq",
        "SELECT * FROM due_notice WHERE account = {} ORDER BY due_on DESC",
        "SELECT year, quarter, kind, done_on FROM recovery_step WHERE account = {}",
    ):
        rows = await fetch("EXPLAIN (ANALYZE, BUFFERS) " + sql, account)
        lines.append(sql.replace("{}", "$1"))
        lines += ["    " + next(iter(r.values())) for r in rows]
    return lines


# --- 2. the CODA import ------------------------------------------------------------------------


async def build_statement(persons: int, movements: int) -> tuple[bytes, dict[str, int]]:
    """A CODA statement: 90 % pay a Q3 2026 notice by its communication, 5 % pay the exact
    amount due with free text from an IBAN the fund knows, 4 % come from unknown payers with
    free text or a communication of no account, 1 % are the bank's costs (debits)."""
    from app.kit.db import fetch
    from app.kit.settings import get_settings
    from app.payments.rules.communication import structured_communication
    from tests.support.coda_builder import BuiltMovement, build_coda

    rows = await fetch(
        "SELECT p.number, n.amount FROM due_notice n JOIN payment_account p ON p.id = n.account "
        "WHERE n.year = 2026 AND n.quarter = 3"
    )
    amounts = {int(r["number"]): Decimal(r["amount"]) for r in rows}
    numbers = sorted(amounts)
    step = max(len(numbers) // movements, 1)
    chosen = (numbers[::step] * (movements // max(len(numbers[::step]), 1) + 1))[:movements]
    built: list[BuiltMovement] = []
    mix = {"communication": 0, "iban": 0, "unknown": 0, "debit": 0}
    for index, number in enumerate(chosen):
        value_date = date(2026, 10, 1 + index % 19)
        slot = index % 100
        if slot < 90:
            mix["communication"] += 1
            built.append(
                BuiltMovement(
                    amounts[number],
                    value_date,
                    structured_communication=structured_communication(number, 2026, 3),
                    counterparty_iban=payer_iban(number),
                    counterparty_name=f"Nom {number}",
                )
            )
        elif slot < 95:
            mix["iban"] += 1
            built.append(
                BuiltMovement(
                    amounts[number],
                    value_date,
                    communication=f"cotisations T3 2026 Nom {number}",
                    counterparty_iban=payer_iban(number),
                    counterparty_name=f"Nom {number}",
                )
            )
        elif slot < 99:
            mix["unknown"] += 1
            stranger = persons + 1000 + index
            built.append(
                BuiltMovement(
                    Decimal("250.00") + index % 7,
                    value_date,
                    structured_communication=(
                        structured_communication(stranger % 999_999 + 1, 2026, 3)
                        if slot % 2
                        else None
                    ),
                    communication="" if slot % 2 else f"paiement {index}",
                    counterparty_iban=payer_iban(index, bank=364),
                    counterparty_name=f"Inconnu {index}",
                )
            )
        else:
            mix["debit"] += 1
            built.append(
                BuiltMovement(
                    Decimal("-12.50"), value_date, communication="Frais de gestion du compte"
                )
            )
    data = build_coda(
        account_iban=get_settings().fund_iban,
        holder="Caisse Affilio",
        sequence=STATEMENT_SEQUENCE,
        created=TODAY,
        old_balance=Decimal("100000.00"),
        movements=built,
    )
    return data, mix


async def measure_coda(persons: int, movements: int) -> list[Figure]:
    from app.kit import audit
    from app.kit.db import fetch
    from app.payments.rules.coda import parse_statement
    from app.payments.service import import_statement

    started = time.perf_counter()
    data, mix = await build_statement(persons, movements)
    print(
        f"CODA import (payments.service.import_statement), {movements} movements, "
        f"{len(data) // 1024} KiB, built in {time.perf_counter() - started:.1f} s: "
        f"{mix}"
    )
    actor = audit.Actor(kind="staff", id=STAFF)
    parse_s = float("inf")
    for _ in range(2):  # the better of two: the first one warms up
        started = time.perf_counter()
        parse_statement(data)
        parse_s = min(parse_s, time.perf_counter() - started)
    entries_before = (await fetch("SELECT count(*) AS n FROM ledger_entry"))[0]["n"]
    started = time.perf_counter()
    result = await import_statement(actor, data, filename="bench.cod")
    import_s = time.perf_counter() - started
    entries_after = (await fetch("SELECT count(*) AS n FROM ledger_entry"))[0]["n"]
    print(
        f"  import: {import_s:6.1f} s ({import_s / movements * 1000:.2f} ms a movement; "
        f"parsing alone {parse_s:.2f} s): {result}, {entries_after - entries_before} "
        f"payments booked"
    )
    started = time.perf_counter()
    again = await import_statement(actor, data, filename="bench.cod")
    again_s = time.perf_counter() - started
    print(f"  the same file again: {again_s:6.2f} s: {again}")
    assert again.already_imported, again
    return [
        Figure(
            f"CODA import, {movements} movements",
            f"{import_s:6.1f} s "
            f"({result.matched} matched, {result.unmatched} unmatched; parse {parse_s:.2f} s;"
            " one transaction)",
            f"< {CODA_S:.0f} s",
            import_s < CODA_S,
        ),
        Figure(
            "CODA import, same file again",
            f"{again_s:6.2f} s (already imported; parsing the file, which comes before "
            f"its identity is looked up, takes {parse_s:.2f} s of it)",
            f"< {REIMPORT_S:.0f} s",
            again_s < REIMPORT_S,
        ),
    ]


# --- 3. the notice job -------------------------------------------------------------------------


@dataclass
class JobTrace:
    batches: list[tuple[float, float, int]] = field(default_factory=list)  # start, query, rows
    transactions: list[float] = field(default_factory=list)  # seconds, outermost only


@contextmanager
def traced(trace: JobTrace) -> Iterator[None]:
    """Time the job's batch queries and its transactions (the service's own names wrapped)."""
    from app.kit.db import in_transaction
    from app.payments import service

    real_fetch = getattr(service, "fetch")  # noqa: B009 (the names service.py imported)
    real_transaction = getattr(service, "transaction")  # noqa: B009

    async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
        started = time.perf_counter()
        rows = await real_fetch(sql, *args)
        if sql.startswith("SELECT a.person FROM affiliation"):
            trace.batches.append((started, time.perf_counter() - started, len(rows)))
        return rows

    class Transaction:
        def __init__(self) -> None:
            self.inner = real_transaction()
            self.outer = not in_transaction()
            self.started = 0.0

        async def __aenter__(self) -> Any:
            self.started = time.perf_counter()
            return await self.inner.__aenter__()

        async def __aexit__(self, *exc: Any) -> bool:
            try:
                return bool(await self.inner.__aexit__(*exc))
            finally:
                if self.outer:
                    trace.transactions.append(time.perf_counter() - self.started)

    setattr(service, "fetch", fetch)  # noqa: B010
    setattr(service, "transaction", Transaction)  # noqa: B010
    try:
        yield
    finally:
        setattr(service, "fetch", real_fetch)  # noqa: B010
        setattr(service, "transaction", real_transaction)  # noqa: B010


@dataclass
class Oldest:
    seconds: float = 0.0
    query: str = ""


async def sample_transactions(stop: asyncio.Event, oldest: Oldest) -> None:
    """Independent check from a connection of its own: pg_stat_activity's oldest open
    transaction (a single statement's own, outside one) in the bench database, every 20 ms."""
    import asyncpg

    connection = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        while not stop.is_set():
            row = await connection.fetchrow(
                "SELECT extract(epoch FROM clock_timestamp() - xact_start) AS age, "
                "left(query, 40) AS query FROM pg_stat_activity WHERE datname = $1 "
                "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND state <> 'idle' "
                "ORDER BY xact_start LIMIT 1",
                DATABASE,
            )
            if row is not None and float(row["age"]) > oldest.seconds:
                oldest.seconds, oldest.query = float(row["age"]), " ".join(row["query"].split())
            await asyncio.sleep(0.02)
    finally:
        await connection.close()


async def measure_notices(notice_persons: int | None, profile: bool) -> list[Figure]:
    from app.kit.db import fetch
    from app.payments import service

    policy = service.notice_policy()
    everyone = (await fetch("SELECT count(*) AS n FROM affiliation"))[0]["n"]
    wanted = everyone if notice_persons is None else min(notice_persons, everyone)
    print(
        f"notice job (payments.service.issue_due_notices) for Q{NOTICE_QUARTER} "
        f"{NOTICE_YEAR} on {TODAY}: {wanted} of {everyone} people, batches of "
        f"{policy.batch_size} issued in chunks of {policy.chunk_size} (a transaction each)"
    )
    trace = JobTrace()
    stop, oldest = asyncio.Event(), Oldest()
    sampler = asyncio.create_task(sample_transactions(stop, oldest))
    started = time.perf_counter()
    with traced(trace):
        issued = await service.issue_due_notices(TODAY, limit=notice_persons)
    wall = time.perf_counter() - started
    stop.set()
    await sampler
    stored = (
        await fetch(
            "SELECT count(*) AS n FROM due_notice WHERE year = {} AND quarter = {}",
            NOTICE_YEAR,
            NOTICE_QUARTER,
        )
    )[0]["n"]
    assert stored == issued, (stored, issued)
    rate = issued / wall if wall else 0.0
    full = everyone / rate if rate else float("inf")
    batches = [b for b in trace.batches if b[2]]
    ends = [b[0] for b in trace.batches[1:]] + [started + wall]
    durations = [end - b[0] for b, end in zip(trace.batches, ends, strict=True) if b[2]]
    queries = [b[1] for b in batches]
    txn = trace.transactions
    print(
        f"  issued {issued} in {wall:.1f} s: {rate:.0f} people/s; {len(batches)} batches, "
        f"{statistics.median(durations):.1f} s median, {max(durations):.1f} s longest; batch "
        f"query {statistics.median(queries) * 1000:.0f} ms median, "
        f"{max(queries) * 1000:.0f} ms longest"
    )
    print(
        f"  {len(txn)} transactions (one a chunk): median {statistics.median(txn) * 1000:.1f}"
        f" ms, p95 {_p95(txn) * 1000:.1f} ms, longest {max(txn) * 1000:.0f} ms; "
        f"pg_stat_activity's oldest seen {oldest.seconds * 1000:.0f} ms ({oldest.query}…)"
    )
    per_person = wall / max(issued, 1) * 1000
    in_queries = sum(queries) / max(issued, 1) * 1000
    in_transactions = sum(txn) / max(issued, 1) * 1000
    split = (
        f"where the time goes, a person: {per_person:.2f} ms = batch query {in_queries:.2f} + "
        f"the chunks' transactions {in_transactions:.2f} + the rest (reading the affiliations, "
        f"computing the quarters) {per_person - in_queries - in_transactions:.2f}"
    )
    print("  " + split)
    if wanted == everyone:
        job = Figure(
            f"notice job, {everyone} people",
            f"{wall / 60:5.1f} min ({wall:.0f} s, {rate:.0f} people/s), measured",
            f"< {NOTICE_JOB_S / 60:.0f} min",
            wall < NOTICE_JOB_S,
        )
    else:
        job = Figure(
            f"notice job, {everyone} people",
            f"{full / 60:5.1f} min EXTRAPOLATED "
            f"from {issued} people in {wall:.0f} s ({rate:.0f} people/s)",
            f"< {NOTICE_JOB_S / 60:.0f} min",
            full < NOTICE_JOB_S,
        )
    job.notes.append(split)
    figures = [
        job,
        Figure(
            "notice job, longest transaction",
            f"{max(txn) * 1000:6.0f} ms (median "
            f"{statistics.median(txn) * 1000:.1f} ms; one transaction a chunk of "
            f"{policy.chunk_size}, batches of "
            f"{policy.batch_size} of {statistics.median(durations):.1f} s; "
            f"pg_stat_activity's oldest: {oldest.seconds * 1000:.0f} ms, {oldest.query}…)",
            f"< {LONG_TRANSACTION_S:.0f} s",
            max(txn) < LONG_TRANSACTION_S,
        ),
    ]
    if profile and issued < everyone:
        figures[0].notes += await profile_batch(policy.batch_size)
    return figures


async def profile_batch(size: int) -> list[str]:
    """cProfile of one batch more (slower than the timed run: the profiler's own cost), and
    the database round trips it makes, counted at the driver."""
    import asyncpg.connection

    from app.payments import service

    trips: dict[str, int] = {}
    driver = asyncpg.connection.Connection
    real = {name: getattr(driver, name) for name in ("fetch", "execute")}

    def counting(name: str) -> Callable[..., Any]:
        def call(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
            words = query.replace('"', "").rstrip(";").split()
            if "RESET ALL" in query:
                kind = "pool release (RESET ALL)"
            elif words[0] in ("INSERT", "UPDATE", "DELETE"):
                kind = " ".join(words[:3] if words[0] != "UPDATE" else words[:2])
            elif words[0] == "SELECT" and "FROM" in words:
                kind = "SELECT FROM " + words[words.index("FROM") + 1]
            else:
                kind = " ".join(words[:1])
            trips[kind] = trips.get(kind, 0) + 1
            return real[name](self, query, *args, **kwargs)

        return call

    profiler = cProfile.Profile()
    for name in real:
        setattr(driver, name, counting(name))
    started = time.perf_counter()
    profiler.enable()
    try:
        issued = await service.issue_due_notices(TODAY, limit=size)
    finally:
        profiler.disable()
        for name, method in real.items():
            setattr(driver, name, method)
    wall = time.perf_counter() - started
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(12)
    stats.sort_stats("cumulative").print_stats(r"app/|piccolo/(engine|query/base)", 16)
    per_person = sum(trips.values()) / max(issued, 1)
    chunks = -(-max(issued, 1) // service.notice_policy().chunk_size)
    lines = [
        f"profile of one batch ({issued} people, {wall:.1f} s under cProfile): "
        f"{per_person:.2f} database round trips a person, {sum(trips.values())} in all for "
        f"{chunks} chunks and the batch query:",
        "  " + ", ".join(f"{n} {k}" for k, n in sorted(trips.items(), key=lambda x: -x[1])),
    ]
    prefixes = (
        f"{sys.prefix}/lib/python3.11/site-packages/",
        f"{sys.base_prefix}/lib/python3.11/",
        str(Path.cwd()) + "/",
    )
    lines.append("  (cProfile: tottime then cumulative; a coroutine's ncalls count its resumes)")
    for line in out.getvalue().splitlines():
        text = line.rstrip()
        for prefix in prefixes:
            text = text.replace(prefix, "")
        skip = ("Ordered by", "List reduced", "ncalls", "function calls")
        if text and not any(part in text for part in skip):
            lines.append("  " + text[:140])
    return lines


# --- main --------------------------------------------------------------------------------------


async def main(args: argparse.Namespace) -> int:
    from app.kit import clock, db
    from app.kit.settings import get_settings

    began = time.perf_counter()
    needs_fill = await prepare_database(DATABASE, keep=args.keep)
    os.environ["DATABASE_URL"] = with_database(os.environ["DATABASE_URL"], DATABASE)
    get_settings.cache_clear()  # piccolo_conf is first imported below, with the bench URL
    await db.start_pool(max_size=4)
    try:
        if needs_fill:
            print(f"migrating and filling {DATABASE} ({args.persons} people) …")
            started = time.perf_counter()
            await migrate()
            await fill(args.persons)
            print(f"  filled in {time.perf_counter() - started:.0f} s")
        else:
            await reset()
        sizes = await counts()
        persons = sizes["persons"]
        print("rows: " + ", ".join(f"{v} {k}" for k, v in sizes.items()))
        rng = random.Random(13)
        with clock.frozen(NOW):
            figures = await measure_account(persons, args.runs, rng)
            figures += await measure_coda(persons, args.movements)
            figures += await measure_notices(args.notice_persons, not args.no_profile)
    finally:
        await db.close_pool()
    print()
    print(
        f"== contribution account at scale: {sizes['persons']} people, {sizes['entries']} "
        f"ledger entries, {sizes['notices']} notices (before the run) =="
    )
    for figure in figures:
        print(
            f"{_verdict(figure.ok)}  {figure.label:<36} {figure.value}   [target {figure.target}]"
        )
        for note in figure.notes:
            print(f"        {note}")
    print(f"bench took {(time.perf_counter() - began) / 60:.1f} min")
    return 0 if all(f.ok for f in figures) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument(
        "--movements",
        type=int,
        default=MOVEMENTS,
        help="movements of the CODA file (9 999 at most: one statement)",
    )
    parser.add_argument(
        "--notice-persons",
        type=int,
        default=None,
        help="issue this many notices only, and extrapolate",
    )
    parser.add_argument("--keep", action="store_true", help=f"reuse a filled {DATABASE}")
    parser.add_argument("--no-profile", action="store_true", help="no cProfile of a batch")
    arguments = parser.parse_args()
    if not 0 < arguments.movements <= MOVEMENTS:
        parser.error(f"--movements: 1 to {MOVEMENTS} (CODA numbers movements with 4 digits)")
    if not 0 < arguments.persons <= 900_000:
        parser.error("--persons: 1 to 900 000 (six-digit account numbers)")
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    from app.kit.embedded import ensure_environment

    ensure_environment()
    sys.exit(asyncio.run(main(arguments)))
