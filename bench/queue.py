"""Scale check: the staff queue and "my requests" over 100 000 people and 300 000 requests.

    DATA_DIR=/tmp/affilio-bench .venv/bin/python -m bench.queue [--runs 50] [--keep]

Fills a SEPARATE database (affilio_bench on the same server; the app's own database is never
touched), migrates it with the real migrations, generates the rows with generate_series (a few
seconds), then times the real query functions and the HTTP pages (median and p95 of N runs).
Target: under 100 ms each.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (this file shadows stdlib queue)

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PERSONS = 100_000
REQUESTS = 300_000
TEAMS = ("general", "pensions", "benefits", "collections")
AGENTS_PER_TEAM = 25
TARGET_MS = 100.0


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def prepare_database(name: str, *, keep: bool) -> bool:
    """Create and migrate the bench database; True when it must be filled."""
    import asyncpg

    admin = os.environ["DATABASE_URL"]
    connection = await asyncpg.connect(admin)
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


FILL = [
    # 100 staff members in 4 teams (agents + one supervisor per team).
    f"""INSERT INTO staff_user (id, email, full_name, role, team, language, active, session_epoch,
        created_at)
    SELECT md5('staff' || g)::uuid, 'agent' || g || '@fund.be', 'Agent ' || g,
           CASE WHEN g % {AGENTS_PER_TEAM} = 0 THEN 'supervisor' ELSE 'agent' END,
           (ARRAY{list(TEAMS)})[1 + g % {len(TEAMS)}], 'fr', true, 0, now()
    FROM generate_series(1, {AGENTS_PER_TEAM * len(TEAMS)}) g""",
    f"""INSERT INTO person (id, national_number, first_name, last_name, email, language,
        session_epoch, created_at, updated_at)
    SELECT md5('person' || g)::uuid, lpad(g::text, 11, '0'), 'Prénom' || g, 'Nom' || g,
           'p' || g || '@example.be', CASE WHEN g % 3 = 0 THEN 'nl' ELSE 'fr' END, 0, now(), now()
    FROM generate_series(1, {PERSONS}) g""",
    f"""INSERT INTO account_manager (id, person, staff, assigned_at)
    SELECT md5('am' || g)::uuid, md5('person' || g)::uuid,
           md5('staff' || (1 + g % {AGENTS_PER_TEAM * len(TEAMS)}))::uuid, now()
    FROM generate_series(1, {PERSONS}) g""",
    # Three requests per person on average; ~15 % still open, the rest decided or withdrawn.
    f"""INSERT INTO request (id, reference, person, kind, status, answers, idempotency_key, team,
        assignee, submitted_at, received_on, legal_due, target_due, paused_days, paused_since,
        escalated_at, decided_at, motivation, created_at, updated_at)
    SELECT md5('request' || g)::uuid, 'AF-2026-' || lpad(g::text, 6, '0'),
           md5('person' || (1 + g % {PERSONS}))::uuid,
           (ARRAY['general_question','payment_plan','exemption','surcharge_waiver',
                  'provisional_adjustment','maternity_aid','bridging_right'])[1 + g % 7],
           s.status, '{{"subject": "S", "question": "Q"}}'::jsonb, 'bench:' || g,
           t.team, md5('staff' || (1 + g % {AGENTS_PER_TEAM * len(TEAMS)}))::uuid,
           d.at, d.at::date, (d.at + interval '4 months')::date,
           (d.at + interval '14 days')::date, 0,
           CASE WHEN s.status = 'information_requested' THEN (d.at + interval '3 days')::date END,
           NULL, CASE WHEN s.status IN ('granted','refused','withdrawn') THEN d.at END,
           NULL, d.at, d.at
    FROM generate_series(1, {REQUESTS}) g
    CROSS JOIN LATERAL (SELECT CASE
        WHEN g % 20 = 0 THEN 'received' WHEN g % 20 = 1 THEN 'in_review'
        WHEN g % 20 = 2 THEN 'information_requested' WHEN g % 20 < 12 THEN 'granted'
        WHEN g % 20 < 18 THEN 'refused' ELSE 'withdrawn' END AS status) s
    CROSS JOIN LATERAL (SELECT (ARRAY{list(TEAMS)})[1 + (g / 7) % {len(TEAMS)}] AS team) t
    CROSS JOIN LATERAL (SELECT now() - (g % 400) * interval '1 day' AS at) d""",
    "INSERT INTO request_reference_counter (year, last_number) "
    f"VALUES (2026, {REQUESTS}) ON CONFLICT (year) DO UPDATE SET last_number = {REQUESTS}",
    """INSERT INTO request_event (id, request, event, from_status, to_status, actor_kind, at)
    SELECT md5('event' || r.id)::uuid, r.id, 'submit', 'draft', 'submitted', 'affiliate',
           r.created_at FROM request r""",
    "ANALYZE",
]


async def fill() -> None:
    from app.kit import db

    for statement in FILL:
        started = time.perf_counter()
        await db.engine().run_ddl(statement)
        words = statement.split()
        print(f"  {' '.join(words[:3])[:40]:<40} {time.perf_counter() - started:6.1f} s")


async def timed(label: str, runs: int, call: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    await call()  # warm the pool, caches and the plan
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    verdict = "ok" if p95 < TARGET_MS else "SLOW"
    print(f"  {label:<46} median {median:7.2f} ms   p95 {p95:7.2f} ms   {verdict}")
    return median, p95


async def measure(runs: int) -> bool:
    from app.kit import audit
    from app.requests import queries
    from app.staff import queue
    from app.staff.queue import QueueFilters

    agent = audit.Actor(kind="staff", id=uuid.UUID(_md5("staff1")))
    supervisor = audit.Actor(kind="staff", id=uuid.UUID(_md5(f"staff{AGENTS_PER_TEAM}")))
    person = audit.Actor(kind="affiliate", id=uuid.UUID(_md5("person42")))
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


def _md5(text: str) -> str:
    import hashlib

    return hashlib.md5(text.encode()).hexdigest()


async def main(runs: int, keep: bool) -> int:
    from app.kit import db
    from app.kit.settings import get_settings

    needs_fill = await prepare_database("affilio_bench", keep=keep)
    os.environ["DATABASE_URL"] = _with_database(os.environ["DATABASE_URL"], "affilio_bench")
    get_settings.cache_clear()  # piccolo_conf is first imported below, with the bench URL
    await db.start_pool(max_size=4)
    try:
        if needs_fill:
            print("migrating and filling affilio_bench …")
            await migrate()
            await fill()
        print(f"{runs} runs each, target p95 < {TARGET_MS:.0f} ms")
        ok = await measure(runs)
    finally:
        await db.close_pool()
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="reuse a filled affilio_bench")
    args = parser.parse_args()
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    from app.kit.embedded import ensure_environment

    ensure_environment()
    sys.exit(asyncio.run(main(args.runs, args.keep)))
