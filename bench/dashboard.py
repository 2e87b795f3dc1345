"""Scale check: the supervisors' dashboard over 100 000 people, 300 000 requests, 1 200 000
ledger entries and 60 000 recovery steps; its query plans printed with their timings.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python bench/dashboard.py [--runs 20] [--keep] [--plans]

Uses bench.queue's separate database (affilio_bench) and fill, then adds the ledger. Target:
every figure family and the page under 100 ms (p95).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import os
import time
import uuid

from bench import queue as base

ACCOUNTS = 100_000
QUARTERS = 12  # 2024-Q1 … 2026-Q4: a contribution each, most paid

LEDGER = [
    f"""INSERT INTO payment_account (id, person, opened_at)
    SELECT md5('account' || g)::uuid, md5('person' || g)::uuid, now()
    FROM generate_series(1, {ACCOUNTS}) g ON CONFLICT DO NOTHING""",
    # One contribution per account and quarter, due at the quarter's end.
    f"""INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on,
        label, reason, idempotency_key, booked_by, created_at)
    SELECT md5('c' || a || '-' || q)::uuid, md5('account' || a)::uuid, 'contribution', 850.00,
           make_date(2024 + (q - 1) / 4, ((q - 1) % 4) * 3 + 1, 5), 2024 + (q - 1) / 4,
           (q - 1) % 4 + 1,
           (make_date(2024 + (q - 1) / 4, ((q - 1) % 4) * 3 + 1, 1) + interval '3 months'
            - interval '1 day')::date, '', '', 'bench:c:' || a || ':' || q, 'system', now()
    FROM generate_series(1, {ACCOUNTS}) a, generate_series(1, {QUARTERS}) q""",
    # 95 % of them paid in full.
    f"""INSERT INTO ledger_entry (id, account, kind, amount, booked_on, year, quarter, due_on,
        label, reason, idempotency_key, booked_by, created_at)
    SELECT md5('p' || a || '-' || q)::uuid, md5('account' || a)::uuid, 'payment', -850.00,
           make_date(2024 + (q - 1) / 4, ((q - 1) % 4) * 3 + 2, 10), 2024 + (q - 1) / 4,
           (q - 1) % 4 + 1, NULL, '', '', 'bench:p:' || a || ':' || q, 'system', now()
    FROM generate_series(1, {ACCOUNTS}) a, generate_series(1, {QUARTERS}) q
    WHERE (a + q) % 20 <> 0""",
    f"""INSERT INTO recovery_step (id, account, year, quarter, kind, scheduled_on, done_on,
        done_by, note, created_at)
    SELECT md5('s' || a || '-' || q || k)::uuid, md5('account' || a)::uuid,
           2024 + (q - 1) / 4, (q - 1) % 4 + 1, k, current_date - 30,
           CASE WHEN k = 'personal_contact' THEN NULL ELSE current_date - 20 END, '', '', now()
    FROM generate_series(1, {ACCOUNTS}) a, generate_series(1, {QUARTERS}) q,
         unnest(ARRAY['reminder', 'personal_contact']) k
    WHERE (a + q) % 40 = 0""",
    # What autovacuum does on a live database: statistics and the visibility map (index-only
    # scans need it).
    "VACUUM ANALYZE ledger_entry",
    "VACUUM ANALYZE ledger_quarter_balance",
    "VACUUM ANALYZE recovery_step",
    "VACUUM ANALYZE request",
]


async def fill_ledger() -> None:
    from app.kit import db

    for statement in LEDGER:
        started = time.perf_counter()
        await db.engine().run_ddl(statement)
        print(
            f"  {' '.join(statement.split()[:3])[:40]:<40} {time.perf_counter() - started:6.1f} s"
        )


async def plans() -> None:
    from app.kit import clock, db
    from app.staff import dashboard, rules

    today = clock.today()
    queries = {
        "open requests": (dashboard.open_requests, (today,)),
        "decisions per week": (dashboard.decisions_per_week, (rules.last_weeks(today)[0],)),
        "arrears per quarter": (
            dashboard.arrears_per_quarter,
            (today, rules.last_quarters(today)[0]),
        ),
        "recovery in progress": (dashboard.recovery_in_progress, (today,)),
    }
    from app.kit import db as kit_db

    for label, (function, args) in queries.items():
        captured: list[tuple[str, tuple[object, ...]]] = []
        original = kit_db.fetch

        async def spy(
            sql: str, *values: object, into: list[tuple[str, tuple[object, ...]]] = captured
        ) -> list[dict[str, object]]:
            into.append((sql, values))
            return []

        dashboard.fetch = spy  # type: ignore[assignment]
        try:
            await function(*args)
        finally:
            dashboard.fetch = original  # type: ignore[assignment]
        sql, values = captured[0]
        rows = await db.fetch("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, *values)
        print(f"--- {label}")
        for row in rows:
            print("   ", row["QUERY PLAN"])


async def measure(runs: int) -> bool:
    from app.kit import audit
    from app.staff import dashboard

    supervisor = audit.Actor(kind="staff", id=uuid.UUID(base._md5(f"staff{base.AGENTS_PER_TEAM}")))
    results = [
        await base.timed("dashboard (every figure family)", runs,
                         lambda: dashboard.dashboard(supervisor)),
        await base.timed("arrears list (current quarter - 1)", runs,
                         lambda: dashboard.arrears_list(supervisor, (2026, 3))),
        await base.timed("recovery list (reminders)", runs,
                         lambda: dashboard.recovery_list(supervisor, "reminder")),
        await base.timed("decisions list (12 weeks, after target)", runs,
                         lambda: dashboard.decision_list(supervisor, week=None, late_only=True)),
    ]  # fmt: skip
    return all(p95 < base.TARGET_MS for _, p95 in results)


async def main(runs: int, keep: bool, show_plans: bool) -> int:
    from app.kit import db
    from app.kit.settings import get_settings

    needs_fill = await base.prepare_database("affilio_bench", keep=keep)
    os.environ["DATABASE_URL"] = base._with_database(os.environ["DATABASE_URL"], "affilio_bench")
    get_settings.cache_clear()
    await db.start_pool(max_size=4)
    try:
        if needs_fill:
            print("migrating and filling affilio_bench …")
            await base.migrate()
            await base.fill()
            await fill_ledger()
        if keep and os.environ.get("BENCH_VACUUM"):
            for statement in LEDGER[-4:]:
                await db.engine().run_ddl(statement)
        if show_plans:
            await plans()
        print(f"{runs} runs each, target p95 < {base.TARGET_MS:.0f} ms")
        ok = await measure(runs)
    finally:
        await db.close_pool()
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse a filled affilio_bench")
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE of each")
    args = parser.parse_args()
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    from app.kit.embedded import ensure_environment

    ensure_environment()
    sys.exit(asyncio.run(main(args.runs, args.keep, args.plans)))
