"""Scale check: the supervisors' dashboard and the lists behind its figures on the generated
fund (bench/generate.py: 200 000 people, 300 000 requests, about 2.2 million ledger entries and
240 000 recovery steps by default); its query plans printed with their timings.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python bench/dashboard.py [--persons N] [--runs 20]
        [--keep] [--plans]

Uses bench.generate's separate database (affilio_bench_scale, shared with bench/queue.py and
bench/scale.py), the clock frozen at the data's day. Targets (p95): the dashboard, every
figure family, 200 ms (the issue's); the lists behind it 100 ms.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio

from bench import generate
from bench import queue as base

DASHBOARD_MS = 200.0  # the target for the page; its lists are held to the queue's 100


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

    supervisor = audit.Actor(kind="staff", id=generate.staff_id(generate.SUPERVISOR_NUMBER))
    results = [
        await base.timed("dashboard (every figure family)", runs,
                         lambda: dashboard.dashboard(supervisor), DASHBOARD_MS),
        await base.timed("arrears list (current quarter - 1)", runs,
                         lambda: dashboard.arrears_list(supervisor, (2026, 3))),
        await base.timed("recovery list (reminders)", runs,
                         lambda: dashboard.recovery_list(supervisor, "reminder")),
        await base.timed("decisions list (12 weeks, after target)", runs,
                         lambda: dashboard.decision_list(supervisor, week=None, late_only=True)),
    ]  # fmt: skip
    targets = [DASHBOARD_MS] + [base.TARGET_MS] * (len(results) - 1)
    return all(p95 < target for (_, p95), target in zip(results, targets, strict=True))


async def main(persons: int, runs: int, keep: bool, show_plans: bool, database: str) -> int:
    from app.kit import clock, db

    try:
        await generate.use_database(database, persons=persons, keep=keep)
        print("rows: " + generate.describe(await generate.counts()))
        with clock.frozen(generate.ANCHOR):
            if show_plans:
                await plans()
            print(
                f"{runs} runs each, target p95 < {DASHBOARD_MS:.0f} ms (the page), "
                f"< {base.TARGET_MS:.0f} ms (the lists)"
            )
            ok = await measure(runs)
    finally:
        await db.close_pool()
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=generate.PERSONS)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse a filled affilio_bench_scale")
    parser.add_argument("--plans", action="store_true", help="print EXPLAIN ANALYZE of each")
    parser.add_argument("--database", default=generate.DATABASE)
    args = parser.parse_args()
    generate.setup_environment()
    sys.exit(asyncio.run(main(args.persons, args.runs, args.keep, args.plans, args.database)))
