"""Scale check (issue 17, "Scale"): the supervisors' dashboard, the staff queue and the
authority reports on the generated fund (bench/generate.py: 200 000 persons, about 2 million
ledger entries, 300 000 requests).

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.scale [--persons 200000] [--keep]
        [--runs 30] [--plans]

Fills affilio_bench_scale with bench.generate unless --keep finds it, freezes the clock at the
data's day (generate.ANCHOR) and times the real code paths: the dashboard's service and each
figure family's query, the queue's first page (an agent's team; a supervisor's, filtered by
team and by kind; sorted by deadline), both pages once through the whole app over HTTP, and
`reports.build_report` for three year-long periods. --plans prints EXPLAIN (ANALYZE, BUFFERS)
of every query they send. Targets: dashboard < 200 ms, queue p95 < 100 ms, a report < 60 s.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])

import argparse
import asyncio
import json
import secrets
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from types import ModuleType
from typing import Any, cast

from bench import generate

DASHBOARD_MS = 200.0
QUEUE_MS = 100.0
REPORT_S = 60.0
PERIODS = ((date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 12, 31)),
           (date(2025, 12, 1), date(2026, 11, 30)))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Result:
    label: str
    median: float
    p95: float
    unit: str
    target: float

    @property
    def ok(self) -> bool:
        return self.p95 < self.target


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


async def timed(
    label: str, runs: int, target_ms: float, call: Callable[[], Awaitable[Any]]
) -> Result:
    """Median and p95 (ms) of `runs` calls after one that warms the pool, caches and plans."""
    await call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    result = Result(label, statistics.median(samples), _p95(samples), "ms", target_ms)
    print(f"  {label:<52} median {result.median:7.2f} ms   p95 {result.p95:7.2f} ms   "
          f"target < {target_ms:.0f}  {'ok' if result.ok else 'SLOW'}")  # fmt: skip
    return result


@contextmanager
def captured(module: ModuleType, into: list[tuple[str, tuple[Any, ...]]]) -> Iterator[None]:
    """Record the SQL and arguments `module` sends through its `fetch` (what the service
    imported from app.kit.db), still running it."""
    real = getattr(module, "fetch")  # noqa: B009 (the name the module imported)

    async def spy(sql: str, *args: Any) -> list[dict[str, Any]]:
        into.append((sql, args))
        rows: list[dict[str, Any]] = await real(sql, *args)
        return rows

    setattr(module, "fetch", spy)  # noqa: B010
    try:
        yield
    finally:
        setattr(module, "fetch", real)  # noqa: B010


async def explain(sql: str, args: tuple[Any, ...], *, analyze: bool = True) -> list[str]:
    from app.kit.db import fetch

    options = "ANALYZE, BUFFERS" if analyze else "COSTS"
    rows = await fetch(f"EXPLAIN ({options}) " + sql, *args)
    return [row["QUERY PLAN"] for row in rows]


def actors() -> tuple[Any, Any]:
    from app.kit import audit

    agent = audit.Actor(kind="staff", id=generate.staff_id(generate.AGENT_NUMBER))
    supervisor = audit.Actor(kind="staff", id=generate.staff_id(generate.SUPERVISOR_NUMBER))
    return agent, supervisor


async def measure_dashboard(runs: int) -> list[Result]:
    from app.kit import clock
    from app.staff import dashboard, rules

    _agent, supervisor = actors()
    today = clock.today()
    print(f"supervisors' dashboard ({runs} runs each)")
    return [
        await timed("dashboard (dashboard.dashboard, every family)", runs, DASHBOARD_MS,
                    lambda: dashboard.dashboard(supervisor)),
        await timed("  open requests by kind and age band", runs, DASHBOARD_MS,
                    lambda: dashboard.open_requests(today)),
        await timed("  decisions per week (12 weeks)", runs, DASHBOARD_MS,
                    lambda: dashboard.decisions_per_week(rules.last_weeks(today)[0])),
        await timed("  arrears per quarter", runs, DASHBOARD_MS,
                    lambda: dashboard.arrears_per_quarter(today, rules.last_quarters(today)[0])),
        await timed("  recovery in progress", runs, DASHBOARD_MS,
                    lambda: dashboard.recovery_in_progress(today)),
    ]  # fmt: skip


def queue_cases() -> list[tuple[str, Any, Any]]:
    from app.staff.queue import QueueFilters

    agent, supervisor = actors()
    return [
        ("agent: own team, by deadline", agent, QueueFilters()),
        ("agent: own team, kind bridging_right", agent, QueueFilters(kind="bridging_right")),
        ("supervisor: every team, by deadline", supervisor, QueueFilters()),
        ("supervisor: team collections", supervisor, QueueFilters(team="collections")),
        ("supervisor: kind exemption", supervisor, QueueFilters(kind="exemption")),
        ("supervisor: team collections, kind payment_plan", supervisor,
         QueueFilters(team="collections", kind="payment_plan")),
    ]  # fmt: skip


async def measure_queue(runs: int) -> list[Result]:
    from app.staff import queue

    print(f"staff queue, first page of {queue.PAGE_SIZE} with its counts ({runs} runs each)")
    results = []
    for label, actor, filters in queue_cases():
        results.append(
            await timed(label, runs, QUEUE_MS, partial(queue.staff_queue, actor, filters))
        )
    return results


async def measure_http(runs: int) -> list[Result]:
    """The two pages through the whole app (routing, guards, session, template), as
    bench/queue.py does."""
    import httpx

    from app.kit import clock
    from app.main import create_app

    agent, supervisor = actors()
    app = create_app()
    results = []
    print(f"through the app over HTTP ({runs} runs each)")
    transport = httpx.ASGITransport(app=cast(Any, app))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        for label, actor, path, target in (
            ("GET /staff/dashboard/ (supervisor)", supervisor, "/staff/dashboard/", DASHBOARD_MS),
            ("GET /staff/ (agent, by deadline)", agent, "/staff/", QUEUE_MS),
            ("GET /staff/?team=collections (supervisor)", supervisor,
             "/staff/?team=collections", QUEUE_MS),
            ("GET /staff/?kind=exemption (supervisor)", supervisor, "/staff/?kind=exemption",
             QUEUE_MS),
        ):  # fmt: skip
            now = clock.now().isoformat()
            sid = secrets.token_hex(32)
            session = {"auth": {"kind": "staff", "id": str(actor.id), "epoch": 0, "name": "Bench",
                                "created": now, "seen": now, "step_up": now}}  # fmt: skip
            await app.stores.get("sessions").set(sid, json.dumps(session).encode(), expires_in=600)
            client.cookies.delete("affilio_session")
            client.cookies.set("affilio_session", sid)

            async def get(path: str = path) -> None:
                response = await client.get(path)
                assert response.status_code == 200, (path, response.status_code)

            results.append(await timed(label, runs, target, get))
    await app.state.redis.aclose()
    return results


async def measure_reports() -> list[Result]:
    from app.staff import reports, rules

    _agent, supervisor = actors()
    results = []
    print("authority reports (reports.request_report, then the worker's reports.build_report)")
    for start, end in PERIODS:
        report_id = await reports.request_report(supervisor, rules.Period(start, end))
        started = time.perf_counter()
        built = await reports.build_report(report_id)
        seconds = time.perf_counter() - started
        assert built, report_id
        rows = len(await reports.report_rows(rules.Period(start, end)))
        result = Result(f"report {start} … {end}", seconds, seconds, "s", REPORT_S)
        print(f"  {result.label:<52} {seconds:7.2f} s ({rows} rows)   target < "
              f"{REPORT_S:.0f} s  {'ok' if result.ok else 'SLOW'}")  # fmt: skip
        results.append(result)
    return results


async def plans() -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query the dashboard, the queue and a report send."""
    from app.kit import clock
    from app.staff import dashboard, queue, reports, rules

    _agent, supervisor = actors()
    calls: list[tuple[str, ModuleType, Callable[[], Awaitable[Any]]]] = [
        ("dashboard", dashboard, lambda: dashboard.dashboard(supervisor)),
    ]
    for label, actor, filters in queue_cases():
        calls.append((f"queue, {label}", queue, partial(queue.staff_queue, actor, filters)))
    year = rules.Period(date(2026, 1, 1), date(2026, 12, 31))
    calls.append(("report 2026", reports, lambda: reports.report_rows(year)))
    today = clock.today()
    for label, module, call in calls:
        sent: list[tuple[str, tuple[Any, ...]]] = []
        with captured(module, sent):
            await call()
        for number, (sql, args) in enumerate(sent, 1):
            print(f"--- {label}, query {number} (today {today})")
            print("    " + " ".join(sql.split())[:300])
            for line in await explain(sql, args):
                print("   ", line)


async def main(args: argparse.Namespace) -> int:
    from app.kit import clock, db

    began = time.perf_counter()
    try:
        await generate.use_database(args.database, persons=args.persons, keep=args.keep)
        sizes = await generate.counts()
        print("rows: " + generate.describe(sizes))
        with clock.frozen(generate.ANCHOR):
            if args.plans:
                await plans()
            results = await measure_dashboard(args.runs)
            results += await measure_queue(args.runs)
            results += await measure_http(args.runs)
            if not args.no_reports:
                results += await measure_reports()
    finally:
        await db.close_pool()
    print()
    print(f"== scale: {sizes['person']} persons, {sizes['ledger_entry']} ledger entries, "
          f"{sizes['request']} requests; clock at {generate.ANCHOR:%Y-%m-%d} ==")  # fmt: skip
    for r in results:
        figure = (
            f"p95 {r.p95:8.2f} ms (median {r.median:.2f})"
            if r.unit == "ms"
            else (f"{r.p95:8.2f} s")
        )
        ratio = r.p95 / r.target
        print(f"{'PASS' if r.ok else 'MISS'}  {r.label.strip():<52} {figure:<32} "
              f"{ratio:5.2f} of the target < {r.target:.0f} {r.unit}")  # fmt: skip
    print(f"bench took {(time.perf_counter() - began) / 60:.1f} min")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=generate.PERSONS)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse a filled database")
    parser.add_argument("--plans", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) each")
    parser.add_argument("--database", default=generate.DATABASE)
    parser.add_argument("--no-reports", action="store_true", help="skip the reports")
    arguments = parser.parse_args()
    if not 0 < arguments.persons <= 900_000:
        parser.error("--persons: 1 to 900 000")
    generate.setup_environment()
    sys.exit(asyncio.run(main(arguments)))
