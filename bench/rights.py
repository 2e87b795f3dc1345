"""Scale check: the nightly proactive-rights evaluation over 200 000 people.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.rights [--persons 200000] [--keep]

Fills a SEPARATE database (affilio_bench_rights on the same server; the app's own database is
never touched), migrates it with the real migrations, generates with generate_series people
with valid national numbers (born 1955–1999, so about a quarter are 60 or older), their status
(main, starter, secondary, helper, pensioner; 3 % stopped on 30/9/2026), a contribution account
with the four quarters of 2026 charged and paid (5 % with a surcharge still owed on Q1), and
births declared by 2 % of them (a maternity-aid request). Then times the real nightly
evaluation (`rights.service.evaluate_everyone`) twice: the first run finds and posts, the second
finds everything already there. Target: 200 000 people in under 10 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

DATABASE = "affilio_bench_rights"
PERSONS = 200_000
TARGET_SECONDS = 600.0
TODAY = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def prepare_database(name: str, *, keep: bool) -> bool:
    """Create the bench database; True when it must be migrated and filled."""
    import asyncpg

    connection = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        exists = await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists and keep:
            return False
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return True


async def migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards(app_name="all", fake=False)
    assert result.success, result.message


def fill_statements(persons: int) -> list[str]:
    # A valid NISS (born before 2000): YYMMDD + counter, check = 97 - (9 digits mod 97); the
    # digits are a mixed-radix reading of g, so every person gets a different number.
    niss = """(SELECT body || lpad((97 - (body::bigint % 97))::text, 2, '0')
        FROM (SELECT lpad((55 + g % 45)::text, 2, '0') || lpad((1 + (g / 45) % 12)::text, 2, '0')
              || lpad((1 + (g / 540) % 28)::text, 2, '0')
              || lpad((1 + (g / 15120) % 997)::text, 3, '0') AS body) b)"""
    return [
        f"""INSERT INTO person (id, national_number, first_name, last_name, email, language,
            session_epoch, created_at, updated_at)
        SELECT md5('person' || g)::uuid, {niss}, 'Prénom' || g, 'Nom' || g,
               'p' || g || '@example.be', CASE WHEN g % 3 = 0 THEN 'nl' ELSE 'fr' END, 0,
               now(), now()
        FROM generate_series(1, {persons}) g""",
        f"""INSERT INTO affiliation (id, person, category, starts_on, ends_on,
            first_main_activity, updated_at)
        SELECT md5('aff' || g)::uuid, md5('person' || g)::uuid,
               (ARRAY['main','main','main','main','main','main','starter','secondary',
                      'secondary','helper','pensioner'])[1 + g % 11],
               date '2015-01-01', CASE WHEN g % 33 = 0 THEN date '2026-09-30' END, false, now()
        FROM generate_series(1, {persons}) g""",
        f"""INSERT INTO payment_account (id, person, opened_at)
        SELECT md5('account' || g)::uuid, md5('person' || g)::uuid, now()
        FROM generate_series(1, {persons}) g""",
        # The four quarters of 2025 Q4 .. 2026 Q3 charged at the 2026 minimum and paid.
        f"""INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on,
            label, reason, idempotency_key, booked_by, created_at)
        SELECT md5('c' || k.kind || g || ':' || q.n)::uuid, md5('account' || g)::uuid, k.kind,
               CASE WHEN k.kind = 'contribution' THEN 890.42 ELSE -890.42 END,
               q.due, q.y, q.q, q.due, 'bench', '', 'bench:' || k.kind || ':' || g || ':' || q.n,
               'system', now()
        FROM generate_series(1, {persons}) g
        CROSS JOIN (VALUES (1, 2025, 4, date '2025-12-31'), (2, 2026, 1, date '2026-03-31'),
                           (3, 2026, 2, date '2026-06-30'), (4, 2026, 3, date '2026-09-30'))
             AS q(n, y, q, due)
        CROSS JOIN (VALUES ('contribution'), ('payment')) AS k(kind)""",
        f"""INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on,
            label, reason, idempotency_key, booked_by, created_at)
        SELECT md5('s' || g)::uuid, md5('account' || g)::uuid, 'surcharge', 26.71,
               date '2026-04-01', 2026, 1, NULL, 'bench', '', 'bench:surcharge:' || g, 'system',
               now()
        FROM generate_series(20, {persons}, 20) g""",
        f"""INSERT INTO request (id, reference, person, kind, status, answers, idempotency_key,
            team, submitted_at, received_on, paused_days, created_at, updated_at)
        SELECT md5('request' || g)::uuid, 'AF-2026-' || lpad(g::text, 6, '0'),
               md5('person' || g)::uuid, 'maternity_aid', 'received',
               jsonb_build_object('birth_date', (date '2026-07-01' + (g % 150))::text),
               'bench:' || g, 'benefits', now(), current_date, 0, now(), now()
        FROM generate_series(50, {persons}, 50) g""",
        "ANALYZE",
    ]


async def fill(persons: int) -> None:
    from app.kit import db

    for statement in fill_statements(persons):
        started = time.perf_counter()
        await db.engine().run_ddl(statement)
        words = statement.split()
        print(f"  {' '.join(words[:3])[:40]:<40} {time.perf_counter() - started:6.1f} s")


async def evaluate(label: str, batch: int) -> tuple[float, int, int]:
    from app.kit import clock
    from app.rights import service

    started = time.perf_counter()
    with clock.frozen(TODAY):
        people, posted = await service.evaluate_everyone(batch=batch)
    seconds = time.perf_counter() - started
    rate = people / seconds if seconds else 0.0
    print(f"  {label:<28} {people:>8} people  {posted:>7} posted  {seconds:7.1f} s  "
          f"{rate:8.0f} people/s")  # fmt: skip
    return seconds, people, posted


async def main(args: argparse.Namespace) -> int:
    from app.kit import db
    from app.kit.settings import get_settings

    needs_fill = await prepare_database(DATABASE, keep=args.keep)
    os.environ["DATABASE_URL"] = _with_database(os.environ["DATABASE_URL"], DATABASE)
    get_settings.cache_clear()  # piccolo_conf is first imported below, with the bench URL
    await db.start_pool(max_size=4)
    try:
        if needs_fill:
            print(f"migrating and filling {DATABASE} with {args.persons} people …")
            await migrate()
            await fill(args.persons)
        from app.kit.db import fetch

        [row] = await fetch("SELECT count(*) AS n FROM affiliation")
        print(f"nightly evaluation of {row['n']} affiliated people, batches of {args.batch}")
        first, people, _posted = await evaluate("first run (finds, posts)", args.batch)
        await evaluate("second run (nothing new)", args.batch)
        budget = TARGET_SECONDS * people / PERSONS
        verdict = "ok" if first < budget else "SLOW"
        print(
            f"total {first:.1f} s for {people} people "
            f"(target {TARGET_SECONDS:.0f} s for {PERSONS}: {budget:.0f} s here) {verdict}"
        )
        return 0 if verdict == "ok" else 1
    finally:
        await db.close_pool()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=PERSONS)
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help=f"reuse a filled {DATABASE}")
    arguments = parser.parse_args()
    if not 0 < arguments.persons <= 10_000_000:
        parser.error("--persons: 1 to 10 000 000")
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    from app.kit.embedded import ensure_environment

    ensure_environment()
    sys.exit(asyncio.run(main(arguments)))
