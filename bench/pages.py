"""Requests per second of the portal's pages against a bare Litestar endpoint, same run.

    .venv/bin/python bench/pages.py [--seconds 3] [--concurrency 16] [--runs 3]
                                    [--servers granian,uvicorn] [--client wrk|httpx]
                                    [--only /healthz,home]

Everything runs on loopback: embedded PostgreSQL/Redis (under DATA_DIR, default var/bench)
with the demo data seeded and one request filed for the demo affiliate; then, for each server
(one worker each), the bare app and the real app, one at a time, each page loaded alone for
`--seconds` after a warm-up. The whole series is repeated `--runs` times; the table gives the
median requests/s of each page and its ratio to the bare endpoint's median.

Anonymous pages are asked as a first visit (no cookie, gzip accepted): the answer sets the
CSRF cookie. Signed-in pages carry a session cookie written to the session store for the demo
affiliate or the demo staff member (the same session a passkey login stores).
Targets (issue 16): anonymous pages >= 0.30 x bare, /healthz >= 0.50 x, signed-in >= 0.10 x.
Load comes from wrk when installed (`make bench` installs it), else from httpx.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (bench/queue.py shadows stdlib)

import argparse
import asyncio
import json
import os
import secrets
import statistics
from dataclasses import dataclass

from bench import loadgen

BARE_APP = "bench.bare_app:app"
REAL_APP = "app.main:create_app"
ANONYMOUS_TARGET, HEALTH_TARGET, SIGNED_IN_TARGET = 0.30, 0.50, 0.10


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    who: str  # "visitor", "affiliate" or "staff"

    @property
    def target(self) -> float:
        if self.path == "/healthz":
            return HEALTH_TARGET
        return ANONYMOUS_TARGET if self.who == "visitor" else SIGNED_IN_TARGET


def pages(request_id: str) -> list[Page]:
    return [
        Page("/healthz", "/healthz", "visitor"),
        Page("home", "/", "visitor"),
        Page("guides index", "/wizards", "visitor"),
        Page("a guide's first step", "/wizards/starting_out/who", "visitor"),
        Page("simulator with a result", "/simulator/?category=main&income=30000", "visitor"),
        Page("contact", "/contact", "visitor"),
        Page("my requests", "/requests", "affiliate"),
        Page("a request", f"/requests/{request_id}", "affiliate"),
        Page("my account", "/account/contributions/", "affiliate"),
        Page("staff queue", "/staff/", "staff"),
    ]


async def prepare() -> tuple[str, dict[str, str]]:
    """Migrate, seed the demo, file one request; a session id for each signed-in role."""
    from litestar.stores.redis import RedisStore
    from redis.asyncio import Redis

    from app.cli import _migrate, _seed
    from app.identity import queries as identity_queries
    from app.kit import audit, clock, db
    from app.requests import service as requests_service
    from app.seed import DEMO_PERSON, DEMO_STAFF_EMAIL

    await _migrate()
    await _seed()
    await db.start_pool(max_size=2)
    try:
        person = await identity_queries.person_id_by_national_number(DEMO_PERSON.national_number)
        staff = await identity_queries.staff_id_by_email(DEMO_STAFF_EMAIL)
        assert person is not None and staff is not None, "the demo seed made no accounts"
        filed = await requests_service.submit_request(
            audit.Actor(kind="affiliate", id=person), person_id=person, kind="general_question",
            answers={"subject": "Banc d'essai", "question": "Une question pour mesurer la page."},
            idempotency_key="bench-pages",
        )  # fmt: skip
    finally:
        await db.close_pool()
    redis = Redis.from_url(os.environ["REDIS_URL"])
    store = RedisStore(redis=redis, namespace="affilio:session")
    sessions: dict[str, str] = {}
    now = clock.now().isoformat()
    for kind, account in (("affiliate", person), ("staff", staff)):
        sid = secrets.token_hex(32)
        auth = {"kind": kind, "id": str(account), "epoch": 0, "name": "Bench",
                "created": now, "seen": now, "step_up": now}  # fmt: skip
        await store.set(sid, json.dumps({"auth": auth}).encode(), expires_in=3600)
        sessions[kind] = sid
    await redis.aclose()
    return str(filed.id), sessions


def headers_for(page: Page, sessions: dict[str, str]) -> dict[str, str]:
    headers = {"Accept-Encoding": "gzip"}
    if page.who != "visitor":
        headers["Cookie"] = f"affilio_session={sessions[page.who]}"
    return headers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--servers", default=",".join(loadgen.SERVERS))
    parser.add_argument("--client", choices=("httpx", "wrk"), default=None)
    parser.add_argument("--only", default="", help="comma-separated page labels (all when empty)")
    args = parser.parse_args()
    options = {
        "seconds": args.seconds,
        "concurrency": args.concurrency,
        "client": args.client or loadgen.default_client(),
    }
    servers = [s for s in args.servers.split(",") if s in loadgen.SERVERS]
    with loadgen.embedded_environment("bench") as env:
        os.environ.update(env)
        request_id, sessions = asyncio.run(prepare())
        wanted = {label for label in args.only.split(",") if label}
        listed = [p for p in pages(request_id) if not wanted or p.label in wanted]
        if not listed:
            raise SystemExit(f"--only names no page: {args.only}")
        figures: dict[tuple[str, str], list[float]] = {}
        for run in range(args.runs):
            # Alternate the order so neither server always runs on a warmer machine.
            for server in servers if run % 2 == 0 else servers[::-1]:
                figures.setdefault((server, "bare"), []).append(
                    loadgen.measure(server, BARE_APP, "/", env, **options)
                )
                for page, rate in zip(
                    listed,
                    loadgen.measure_many(
                        server,
                        REAL_APP,
                        [(p.path, headers_for(p, sessions)) for p in listed],
                        env,
                        **options,
                    ),
                    strict=True,
                ):
                    figures.setdefault((server, page.label), []).append(rate)
    print(loadgen.describe_load(options) + f", one worker, median of {args.runs} runs")
    for server in servers:
        bare = statistics.median(figures[(server, "bare")])
        print(f"\n{server}: bare litestar endpoint {bare:,.0f} req/s")
        print(f"  {'page':<26}{'req/s':>9}{'x bare':>9}{'target':>9}  ")
        for page in listed:
            rate = statistics.median(figures[(server, page.label)])
            ratio = rate / bare
            verdict = "ok" if ratio >= page.target else "BELOW"
            print(f"  {page.label:<26}{rate:>9,.0f}{ratio:>9.2f}{page.target:>9.2f}  {verdict}")
    if any(p.label == "home" for p in listed):
        best = max(servers, key=lambda s: statistics.median(figures[(s, "home")]))
        print(f"\nfaster server for the home page (medians): {best}")


if __name__ == "__main__":
    main()
