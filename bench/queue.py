"""Scale check: the staff queue and "my requests" on the generated fund (bench/generate.py:
200 000 people and 300 000 requests by default).

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.queue [--persons N] [--runs 50] [--keep]

Uses bench.generate's SEPARATE database (affilio_bench_scale on the same server; the app's own
database is never touched; --keep reuses it, as bench/scale.py and bench/dashboard.py do),
freezes the clock at the data's day, then times the real query functions and the HTTP pages
(median and p95 of N runs). Target: under 100 ms each.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (this file shadows stdlib queue)

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

from bench import generate

TARGET_MS = 100.0
AGENTS_PER_TEAM = generate.AGENTS_PER_TEAM


async def timed(
    label: str, runs: int, call: Callable[[], Awaitable[Any]], target_ms: float = TARGET_MS
) -> tuple[float, float]:
    await call()  # warm the pool, caches and the plan
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    verdict = "ok" if p95 < target_ms else "SLOW"
    print(f"  {label:<46} median {median:7.2f} ms   p95 {p95:7.2f} ms   {verdict}")
    return median, p95


async def measure(runs: int) -> bool:
    from app.kit import audit
    from app.requests import queries
    from app.staff import queue
    from app.staff.queue import QueueFilters

    agent = audit.Actor(kind="staff", id=generate.staff_id(generate.AGENT_NUMBER))
    supervisor = audit.Actor(kind="staff", id=generate.staff_id(generate.SUPERVISOR_NUMBER))
    person = audit.Actor(kind="affiliate", id=generate.person_id(42))
    results = [
        await timed("staff queue (agent, team, by deadline)", runs,
                    lambda: queue.staff_queue(agent, QueueFilters())),
        await timed("staff queue (agent, overdue)", runs,
                    lambda: queue.staff_queue(agent, QueueFilters(overdue=True))),
        await timed("staff queue (agent, mine, due this week)", runs,
                    lambda: queue.staff_queue(agent, QueueFilters(assignee="me",
                                                                  due_this_week=True))),
        await timed("staff queue (supervisor, every team)", runs,
                    lambda: queue.staff_queue(supervisor, QueueFilters())),
        await timed("staff queue (supervisor, kind filter)", runs,
                    lambda: queue.staff_queue(supervisor, QueueFilters(kind="exemption"))),
        await timed("teams load (supervisor)", runs, lambda: queue.team_loads(supervisor)),
        await timed("my requests (affiliate)", runs,
                    lambda: queries.requests_for_affiliate(person)),
    ]  # fmt: skip
    results += await measure_http(runs, agent, person)
    return all(p95 < TARGET_MS for _, p95 in results)


async def measure_http(runs: int, agent: Any, person: Any) -> list[tuple[float, float]]:
    """The HTML pages through the whole app (routing, guards, session, template)."""
    import json
    import secrets

    import httpx

    from app.kit import clock
    from app.main import create_app

    app = create_app()
    transport = httpx.ASGITransport(app=app)
    results = []
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
        for label, kind, account, path in (
            ("HTTP GET /staff/ (agent)", "staff", agent.id, "/staff/"),
            ("HTTP GET /requests (affiliate)", "affiliate", person.id, "/requests"),
        ):
            now = clock.now().isoformat()
            sid = secrets.token_hex(32)
            session = {"auth": {"kind": kind, "id": str(account), "epoch": 0, "name": "Bench",
                                "created": now, "seen": now, "step_up": now}}  # fmt: skip
            await app.stores.get("sessions").set(sid, json.dumps(session).encode(), expires_in=600)
            client.cookies.delete("affilio_session")
            client.cookies.set("affilio_session", sid)

            async def get(path: str = path) -> None:
                response = await client.get(path)
                assert response.status_code == 200, response.status_code

            results.append(await timed(label, runs, get))
    await app.state.redis.aclose()
    return results


async def main(persons: int, runs: int, keep: bool, database: str) -> int:
    from app.kit import clock, db

    try:
        await generate.use_database(database, persons=persons, keep=keep)
        print("rows: " + generate.describe(await generate.counts()))
        print(f"{runs} runs each, target p95 < {TARGET_MS:.0f} ms")
        with clock.frozen(generate.ANCHOR):
            ok = await measure(runs)
    finally:
        await db.close_pool()
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=generate.PERSONS)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse a filled affilio_bench_scale")
    parser.add_argument("--database", default=generate.DATABASE)
    args = parser.parse_args()
    generate.setup_environment()
    sys.exit(asyncio.run(main(args.persons, args.runs, args.keep, args.database)))
