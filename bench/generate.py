"""The shared data generator of the scale benches: a fund of N self-employed people.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.generate [--persons 200000] [--keep]

Fills a SEPARATE database (affilio_bench_scale by default, next to the app's on the same
server; the app's own database is never touched), migrated with the real migrations, with
set-based SQL only (generate_series; ids are md5 of a name and a number, so two runs give the
same rows), then VACUUM ANALYZE as autovacuum leaves a database in use. For --persons N
(default 200 000), about:

- 100 staff members in four teams (general, pensions, benefits, collections), 25 each, one of
  them supervisor; every person has an account manager;
- N persons with valid national register numbers (born 1955–1999, both sexes), a postcode
  spread over the three regions (1 % without), their affiliation: category (main 55 %,
  secondary 20 %, pensioner 8 %, helper 7 %, starter 5 %, student 5 %), start date (starters in
  2026), a cessation for 8 % (2024–2026);
- N contribution accounts and 10 N ledger entries: a contribution for each quarter the person
  was affiliated of 2025-Q3 … 2026-Q4, its payment (7 % of the quarters past due unpaid, 5 %
  paid late, 55 % of the current quarter paid already), a 3 % surcharge on the late and unpaid
  ones, a fifth of the late ones waived (a reversal), and recovery steps of the unpaid quarters
  (reminder, formal notice, a personal contact to make);
- 1.5 N requests of every kind in every state (14 % open, up to six months old, a third past
  their legal deadline; the others decided or withdrawn within two years, with their
  motivation), routed to the kind's team and mostly assigned; their history events (filed,
  received, decided); the exemptions partly forwarded to INASTI; a payment plan for each
  payment-plan request, with its six instalments when approved; bridging-right requests with
  their outcomes.

Everything is dated from ANCHOR (1 December 2026), not from the day it runs: freeze the clock
at ANCHOR to read it (`clock.frozen(generate.ANCHOR)`).

As a module: `await generate.fill(persons)` fills the database the pool is connected to (the
other benches call it after `prepare_database` and `migrate`).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import hashlib
import os
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

DATABASE = "affilio_bench_scale"
PERSONS = 200_000
ANCHOR = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # the generated fund's "now"
TODAY = f"date '{ANCHOR.date().isoformat()}'"
TEAMS = ("general", "pensions", "benefits", "collections")
AGENTS_PER_TEAM = 25
STAFF = AGENTS_PER_TEAM * len(TEAMS)
AGENT_NUMBER = 1  # staff1: an agent of the pensions team
SUPERVISOR_NUMBER = AGENTS_PER_TEAM  # staff25: a supervisor (every team)
REQUESTS_PER_PERSON = 1.5

# kind: (share in percent, team)
KINDS: dict[str, tuple[int, str]] = {
    "general_question": (22, "general"),
    "affiliation": (4, "general"),
    "cessation": (3, "general"),
    "identity_check": (2, "general"),
    "payment_plan": (12, "collections"),
    "exemption": (12, "collections"),
    "surcharge_waiver": (10, "collections"),
    "provisional_adjustment": (8, "collections"),
    "maternity_aid": (5, "benefits"),
    "birth_leave": (2, "benefits"),
    "caregiver_leave": (1, "benefits"),
    "quarter_exemption_birth": (1, "benefits"),
    "bridging_right": (8, "pensions"),
    "sickness_assimilation": (3, "pensions"),
    "continued_insurance": (3, "pensions"),
    "pension_help": (4, "pensions"),
}
assert sum(share for share, _team in KINDS.values()) == 100
# 2025-Q3 … 2026-Q4, the last one not yet due at ANCHOR.
QUARTERS = ((2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4))


def md5_uuid(text: str) -> uuid.UUID:
    """The id the generator gives `text` (md5('person' || 42) in SQL is person 42)."""
    return uuid.UUID(hashlib.md5(text.encode()).hexdigest())


def staff_id(number: int) -> uuid.UUID:
    return md5_uuid(f"staff{number}")


def person_id(number: int) -> uuid.UUID:
    return md5_uuid(f"person{number}")


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def prepare_database(name: str, *, keep: bool) -> bool:
    """Create the bench database next to the app's; True when it must be migrated and filled
    (it is dropped and created again unless `keep` and it exists)."""
    import asyncpg

    connection = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists and keep:
            return False
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return True


async def migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all", fake=False)
    assert result.success, result.message


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


def _kind_array() -> str:
    return _array([kind for kind, (share, _t) in KINDS.items() for _ in range(share)])


def _team_of_kind() -> str:
    cases = " ".join(f"WHEN '{kind}' THEN '{team}'" for kind, (_s, team) in KINDS.items())
    return f"CASE k.kind {cases} END"


def _niss() -> str:
    """A valid national number born 1955–1999 (YYMMDD + counter + check 97 - 9 digits mod 97):
    the digits are a mixed-radix reading of g (every person a different number); the counter's
    parity (the sex) alternates with (g / 3)."""
    return """(SELECT body || lpad((97 - (body::bigint % 97))::text, 2, '0')
        FROM (SELECT lpad((55 + g % 45)::text, 2, '0') || lpad((1 + (g / 45) % 12)::text, 2, '0')
              || lpad((1 + (g / 540) % 28)::text, 2, '0')
              || lpad((1 + 2 * ((g / 15120) % 498) + (g / 3) % 2)::text, 3, '0') AS body) b)"""


_NO_BALANCE_TRIGGER = "ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_quarter_balance"
_BALANCE_TRIGGER = "ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_quarter_balance"


def statements(persons: int) -> list[tuple[str, str | tuple[str, ...]]]:
    """(label, SQL) in order, sizes in proportion to `persons`; a tuple of statements runs in
    one transaction."""
    requests = int(persons * REQUESTS_PER_PERSON)
    quarters = ", ".join(
        f"({n}, {y}, {q}, make_date({y}, {q * 3 - 2}, 1), "
        f"(make_date({y}, {q * 3 - 2}, 1) + interval '3 months' - interval '1 day')::date)"
        for n, (y, q) in enumerate(QUARTERS)
    )
    quarter_values = f"(VALUES {quarters}) AS q(n, year, quarter, first_day, due_on)"
    due = f"q.due_on < {TODAY}"
    # Of a quarter past due: 0–6 unpaid, 7–11 paid late, the rest paid in time (per account).
    pay = "((a.number * 7 + q.n * 13) % 100)"
    at = f"timestamptz '{ANCHOR.isoformat()}'"
    return [
        ("staff", f"""INSERT INTO staff_user (id, email, full_name, role, team, language, active,
            session_epoch, created_at)
        SELECT md5('staff' || g)::uuid, 'agent' || g || '@fund.be', 'Agent ' || g,
               CASE WHEN g % {AGENTS_PER_TEAM} = 0 THEN 'supervisor' ELSE 'agent' END,
               ({_array(list(TEAMS))})[1 + g % {len(TEAMS)}], 'fr', true, 0,
               {at} - interval '3 years'
        FROM generate_series(1, {STAFF}) g"""),
        ("persons", f"""INSERT INTO person (id, national_number, identity_verified, first_name,
            last_name, email, language, postcode, session_epoch, created_at, updated_at)
        SELECT md5('person' || g)::uuid, {_niss()}, true, 'Prénom' || g, 'Nom' || g,
               'p' || g || '@example.be', CASE WHEN g % 3 = 0 THEN 'nl' ELSE 'fr' END,
               CASE WHEN g % 100 <> 7 THEN (1000 + (g::bigint * 7877) % 9000)::text END, 0,
               {at} - interval '2 years', {at} - interval '2 years'
        FROM generate_series(1, {persons}) g"""),
        ("account managers", f"""INSERT INTO account_manager (id, person, staff, assigned_at)
        SELECT md5('am' || g)::uuid, md5('person' || g)::uuid,
               md5('staff' || (1 + g % {STAFF}))::uuid, {at} - interval '2 years'
        FROM generate_series(1, {persons}) g"""),
        ("affiliations", f"""INSERT INTO affiliation (id, person, category, starts_on, ends_on,
            first_main_activity, declared_income, declared_income_year, updated_at)
        SELECT md5('affiliation' || g)::uuid, md5('person' || g)::uuid, c.category,
               CASE WHEN c.category = 'starter' THEN date '2026-01-01' + (g * 7) % 300
                    ELSE date '1990-01-01' + ((g::bigint * 7919) % 12400)::int END,
               CASE WHEN c.category <> 'starter' AND (g * 13) % 100 < 8
                    THEN date '2024-01-01' + (g * 31) % 1060 END,
               c.category = 'starter',
               CASE WHEN c.category = 'secondary' THEN 12000.00 + g % 20000 END,
               CASE WHEN c.category = 'secondary' THEN 2026 END, {at}
        FROM generate_series(1, {persons}) g
        CROSS JOIN LATERAL (SELECT CASE WHEN (g * 37) % 100 < 55 THEN 'main'
            WHEN (g * 37) % 100 < 75 THEN 'secondary' WHEN (g * 37) % 100 < 83 THEN 'pensioner'
            WHEN (g * 37) % 100 < 90 THEN 'helper' WHEN (g * 37) % 100 < 95 THEN 'starter'
            ELSE 'student' END AS category) c"""),
        ("accounts", f"""INSERT INTO payment_account (id, number, person, opened_at)
        SELECT md5('account' || g)::uuid, g, md5('person' || g)::uuid, {at} - interval '2 years'
        FROM generate_series(1, {persons}) g"""),
        ("", f"SELECT setval(pg_get_serial_sequence('payment_account', 'number'), {persons})"),
        # The quarter balances are written below in one statement, not by the row trigger,
        # which is off for this transaction only (ALTER TABLE is transactional).
        ("ledger entries", (_NO_BALANCE_TRIGGER, f"""INSERT INTO ledger_entry (id, account,
            kind, amount, booked_on, year, quarter, due_on, label, reason, reverses,
            idempotency_key, booked_by, created_at)
        SELECT * FROM (
            -- the contribution of every quarter the person was affiliated
            SELECT md5('c' || a.number || '-' || q.n)::uuid, a.id, 'contribution',
                   (700 + a.number % 300)::numeric(10, 2), q.first_day + 4, q.year, q.quarter,
                   q.due_on, 'Provisional contribution', '', NULL::uuid,
                   'bench:c:' || a.number || ':' || q.n, 'bench', {at}
            FROM payment_account a JOIN affiliation f ON f.person = a.person
            CROSS JOIN {quarter_values}
            WHERE f.starts_on <= q.due_on AND (f.ends_on IS NULL OR f.ends_on >= q.first_day)
            UNION ALL
            -- its payment: in time, late, or (the current quarter) early for 55 %
            SELECT md5('p' || a.number || '-' || q.n)::uuid, a.id, 'payment',
                   -(700 + a.number % 300)::numeric(10, 2),
                   CASE WHEN NOT {due} THEN date '2026-11-01' + a.number % 30
                        WHEN {pay} < 12 THEN q.due_on + 20 + a.number % 40
                        ELSE q.due_on - a.number % 40 END,
                   q.year, q.quarter, NULL, 'Payment received', '', NULL,
                   'bench:p:' || a.number || ':' || q.n, 'bench', {at}
            FROM payment_account a JOIN affiliation f ON f.person = a.person
            CROSS JOIN {quarter_values}
            WHERE f.starts_on <= q.due_on AND (f.ends_on IS NULL OR f.ends_on >= q.first_day)
              AND CASE WHEN {due} THEN {pay} >= 7 ELSE (a.number * 3) % 100 < 55 END
            UNION ALL
            -- a 3 % surcharge on the quarters paid late or not at all
            SELECT md5('s' || a.number || '-' || q.n)::uuid, a.id, 'surcharge',
                   round((700 + a.number % 300) * 0.03, 2), q.due_on + 1, q.year, q.quarter,
                   NULL, 'Surcharge', '', NULL, 'bench:s:' || a.number || ':' || q.n, 'bench',
                   {at}
            FROM payment_account a JOIN affiliation f ON f.person = a.person
            CROSS JOIN {quarter_values}
            WHERE f.starts_on <= q.due_on AND (f.ends_on IS NULL OR f.ends_on >= q.first_day)
              AND {due} AND {pay} < 12
            UNION ALL
            -- a fifth of the late payers' surcharges waived (a granted waiver's reversal)
            SELECT md5('w' || a.number || '-' || q.n)::uuid, a.id, 'reversal',
                   -round((700 + a.number % 300) * 0.03, 2), q.due_on + 60, q.year, q.quarter,
                   NULL, 'Surcharge waived', 'Waiver granted',
                   md5('s' || a.number || '-' || q.n)::uuid,
                   'waiver:bench:' || a.number || ':' || q.n, 'bench', {at}
            FROM payment_account a JOIN affiliation f ON f.person = a.person
            CROSS JOIN {quarter_values}
            WHERE f.starts_on <= q.due_on AND (f.ends_on IS NULL OR f.ends_on >= q.first_day)
              AND q.due_on + 60 < {TODAY} AND {pay} BETWEEN 7 AND 11 AND a.number % 5 = 0
        ) entries ORDER BY 5, 2""", _BALANCE_TRIGGER)),
        # What the trigger keeps: each quarter's sum and its earliest due day.
        ("quarter balances", """INSERT INTO ledger_quarter_balance (id, account, year, quarter,
            outstanding, due_on)
        SELECT md5('qb' || account || year || '-' || quarter)::uuid, account, year, quarter,
               sum(amount), min(due_on)
        FROM ledger_entry WHERE year IS NOT NULL AND quarter IS NOT NULL
        GROUP BY account, year, quarter"""),
        ("recovery steps", f"""INSERT INTO recovery_step (id, account, year, quarter, kind,
            scheduled_on, done_on, done_by, note, created_at)
        SELECT md5('step' || b.id || s.kind)::uuid, b.account, b.year, b.quarter, s.kind,
               b.due_on + s.after, CASE WHEN s.kind <> 'personal_contact' THEN b.due_on + s.after
               END, CASE WHEN s.kind <> 'personal_contact' THEN 'system' ELSE '' END, '', {at}
        FROM ledger_quarter_balance b
        CROSS JOIN (VALUES ('reminder', 15), ('formal_notice', 45), ('personal_contact', 75))
             AS s(kind, after)
        WHERE b.outstanding > 0 AND b.due_on + s.after < {TODAY}
          AND (s.kind <> 'personal_contact' OR abs(hashtext(b.account::text)) % 2 = 0)"""),
        ("requests", f"""INSERT INTO request (id, reference, person, kind, status, answers,
            idempotency_key, team, assignee, submitted_at, received_on, legal_due, target_due,
            paused_days, paused_since, escalated_at, decided_at, motivation, created_at,
            updated_at)
        SELECT md5('request' || g)::uuid, 'AF-2026-' || lpad(g::text, 7, '0'),
               md5('person' || (1 + (g::bigint * 48271) % {persons}))::uuid, k.kind, s.status,
               CASE k.kind WHEN 'general_question'
                    THEN '{{"subject": "Question", "question": "Une question."}}'::jsonb
                    WHEN 'maternity_aid' THEN jsonb_build_object('birth_date',
                         (d.received - 20)::text)
                    ELSE '{{}}'::jsonb END,
               'bench:' || g, {_team_of_kind()},
               CASE WHEN s.status = 'submitted' OR (s.status = 'received' AND g % 5 < 2) THEN NULL
                    ELSE md5('staff' || (CASE WHEN a.n = 0 THEN {STAFF} ELSE a.n END))::uuid END,
               d.filed, d.received, d.received + interval '4 months',
               d.received + 14, CASE WHEN s.status = 'information_requested' THEN 0
                    WHEN s.open THEN 0 ELSE (g % 4) * 5 END,
               CASE WHEN s.status = 'information_requested' THEN d.received + 5 END,
               CASE WHEN s.open AND d.received + interval '4 months' < {TODAY} AND g % 3 = 0
                    THEN d.received + interval '4 months' END,
               CASE WHEN NOT s.open THEN d.decided END,
               CASE WHEN s.status IN ('granted', 'partly_granted', 'refused')
                    THEN 'Décision motivée (bench).' END,
               d.filed, coalesce(CASE WHEN NOT s.open THEN d.decided END, d.filed)
        FROM generate_series(1, {requests}) g
        CROSS JOIN LATERAL (SELECT ({_kind_array()})[1 + (g * 11) % 100] AS kind) k
        CROSS JOIN LATERAL (SELECT CASE
            WHEN (g * 17) % 100 < 3 THEN 'submitted' WHEN (g * 17) % 100 < 7 THEN 'received'
            WHEN (g * 17) % 100 < 11 THEN 'in_review'
            WHEN (g * 17) % 100 < 13 THEN 'information_requested'
            WHEN (g * 17) % 100 < 14 THEN
                 CASE WHEN k.kind = 'exemption' THEN 'forwarded' ELSE 'in_review' END
            WHEN (g * 17) % 100 < 61 THEN 'granted' WHEN (g * 17) % 100 < 65 THEN 'partly_granted'
            WHEN (g * 17) % 100 < 87 THEN 'refused' ELSE 'withdrawn' END AS status) s0
        CROSS JOIN LATERAL (SELECT s0.status, s0.status IN ('submitted', 'received', 'in_review',
            'information_requested', 'forwarded') AS open) s
        CROSS JOIN LATERAL (SELECT CASE WHEN s.open THEN {TODAY} - (g * 29) % 180
            ELSE {TODAY} - 30 - (g * 29) % 700 END AS day) r
        CROSS JOIN LATERAL (SELECT
            CASE WHEN s.status = 'submitted' THEN NULL ELSE r.day END AS received,
            (CASE WHEN s.status = 'submitted' THEN {TODAY} - g % 4 ELSE r.day - g % 3 END
             + time '08:00' + (g % 600) * interval '1 minute') AT TIME ZONE 'Europe/Brussels'
             AS filed,
            (least(r.day + 1 + (g * 13) % 110, {TODAY} - 1) + time '10:00'
             + (g % 420) * interval '1 minute') AT TIME ZONE 'Europe/Brussels' AS decided) d
        CROSS JOIN LATERAL (SELECT (array_position({_array(list(TEAMS))}, {_team_of_kind()}) - 1)
            + 4 * ((g * 7) % {AGENTS_PER_TEAM - 1}) AS n) a"""),
        ("", f"""INSERT INTO request_reference_counter (year, last_number) VALUES (2026, {requests})
        ON CONFLICT (year) DO UPDATE SET last_number = {requests}"""),
        ("request events", """INSERT INTO request_event (id, request, event, from_status,
            to_status, actor_kind, actor_id, at)
        SELECT md5('event' || e.name || r.id)::uuid, r.id, e.name, e.from_status, e.to_status,
               e.actor_kind, CASE WHEN e.actor_kind = 'staff' THEN r.assignee END, e.at
        FROM request r CROSS JOIN LATERAL (VALUES
            ('submit', 'draft', 'submitted', 'affiliate', r.created_at, true),
            ('acknowledge', 'submitted', 'received', 'system', r.received_on + time '07:00',
             r.received_on IS NOT NULL),
            (CASE r.status WHEN 'granted' THEN 'grant' WHEN 'partly_granted' THEN 'partly_grant'
                 WHEN 'refused' THEN 'refuse' WHEN 'withdrawn' THEN 'withdraw'
                 WHEN 'forwarded' THEN 'forward' ELSE 'take' END,
             'in_review', r.status, CASE WHEN r.status = 'withdrawn' THEN 'affiliate'
                 ELSE 'staff' END, coalesce(r.decided_at, r.received_on + time '09:00'),
             r.status NOT IN ('submitted', 'received'))
        ) AS e(name, from_status, to_status, actor_kind, at, wanted) WHERE e.wanted"""),
        ("payment plans", f"""INSERT INTO payment_plan (id, account, request, status, debt,
            advance, instalments, quarters, approver, breaches, approved_on, offered_on,
            ended_on, created_at)
        SELECT md5('plan' || r.id)::uuid, a.id, r.id,
               CASE WHEN r.status IN ('granted', 'partly_granted')
                         AND r.decided_at > {at} - interval '6 months' THEN 'approved'
                    WHEN r.status IN ('granted', 'partly_granted') THEN 'completed'
                    WHEN r.status = 'refused' THEN 'refused'
                    WHEN r.status = 'withdrawn' THEN 'declined' ELSE 'proposed' END,
               1200.00 + a.number % 2000, 200.00, 6, '2026-Q2, 2026-Q3',
               CASE WHEN a.number % 10 = 0 THEN 'supervisor' ELSE 'agent' END,
               CASE WHEN a.number % 10 = 0 THEN 'advance_too_low' ELSE '' END,
               CASE WHEN r.status IN ('granted', 'partly_granted') THEN r.decided_at::date END,
               NULL, CASE WHEN r.status IN ('granted', 'partly_granted')
                         AND r.decided_at <= {at} - interval '6 months'
                         THEN r.decided_at::date + 180
                    WHEN r.status IN ('refused', 'withdrawn') THEN r.decided_at::date END,
               r.created_at
        FROM request r JOIN payment_account a ON a.person = r.person
        WHERE r.kind = 'payment_plan'"""),
        ("plan instalments", """INSERT INTO plan_instalment (id, plan, number, due_on, amount,
            communication)
        SELECT md5('instalment' || p.id || i)::uuid, p.id, i,
               (p.approved_on + i * interval '1 month')::date,
               round((p.debt - p.advance) / p.instalments, 2),
               c.base || lpad(coalesce(nullif(c.base::bigint % 97, 0), 97)::text, 2, '0')
        FROM (SELECT *, row_number() OVER (ORDER BY id) AS seq FROM payment_plan
              WHERE status IN ('approved', 'completed')) p
        CROSS JOIN generate_series(1, 6) i
        CROSS JOIN LATERAL (SELECT lpad((p.seq % 1000000)::text, 6, '0')
                            || lpad(i::text, 3, '0') || '3' AS base) c"""),
        ("vacuum analyze", "VACUUM (ANALYZE)"),
    ]  # fmt: skip


# Who the fund knows, without their accounts and requests (bench/account.py builds its own).
PEOPLE = ("staff", "persons", "account managers", "affiliations")


async def fill(
    persons: int = PERSONS, *, quiet: bool = False, only: tuple[str, ...] | None = None
) -> dict[str, int]:
    """Fill the database the pool is connected to (migrated, empty); the rows counted. `only`:
    these parts (labels of `statements`) and nothing else, not even the VACUUM."""
    from app.kit import db

    began = time.perf_counter()
    for label, sql in statements(persons):
        if only is not None and label not in only:
            continue
        started = time.perf_counter()
        if isinstance(sql, str):
            await db.engine().run_ddl(sql)
        else:
            async with db.transaction():
                for statement in sql:
                    await db.engine().run_ddl(statement)
        if label and not quiet:
            print(f"  {label:<24} {time.perf_counter() - started:6.1f} s")
    sizes = await counts()
    if not quiet:
        print(f"  filled in {time.perf_counter() - began:.0f} s: " + describe(sizes))
    return sizes


async def counts() -> dict[str, int]:
    from app.kit.db import fetch

    tables = ("person", "affiliation", "payment_account", "ledger_entry", "recovery_step",
              "request", "request_event", "payment_plan", "plan_instalment")  # fmt: skip
    row = (
        await fetch("SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in tables))
    )[0]
    return {key: int(value) for key, value in row.items()}


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}".replace(",", " ") for key, value in sizes.items())


async def use_database(name: str, *, persons: int, keep: bool) -> bool:
    """Point this process at the bench database `name` (created, migrated and filled unless
    `keep` finds it); start the pool. True when it was filled now."""
    from app.kit import db
    from app.kit.settings import get_settings

    needs_fill = await prepare_database(name, keep=keep)
    os.environ["DATABASE_URL"] = with_database(os.environ["DATABASE_URL"], name)
    get_settings.cache_clear()  # piccolo_conf is first imported below, with the bench URL
    await db.start_pool(max_size=4)
    await migrate()  # a kept database gets the migrations written since it was filled
    if needs_fill:
        print(f"filling {name} with {persons} persons …")
        await fill(persons)
    return needs_fill


async def main(persons: int, keep: bool, database: str) -> int:
    from app.kit import db

    try:
        if not await use_database(database, persons=persons, keep=keep):
            print(f"{database} kept: " + describe(await counts()))
    finally:
        await db.close_pool()
    return 0


def setup_environment() -> None:
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    from app.kit.embedded import ensure_environment

    ensure_environment()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--keep", action="store_true", help="reuse a filled database")
    parser.add_argument("--database", default=DATABASE)
    arguments = parser.parse_args()
    if not 0 < arguments.persons <= 900_000:
        parser.error("--persons: 1 to 900 000")
    setup_environment()
    sys.exit(asyncio.run(main(arguments.persons, arguments.keep, arguments.database)))
