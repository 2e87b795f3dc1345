"""Load: affiliates and staff on the production-style processes, and a bare endpoint, one run.

    .venv/bin/python bench/load.py [--users 300] [--spawn-rate 30] [--seconds 60]
                                   [--bare-users N] [--staff 6] [--wait 1,3]

Loopback only, bounded in time. Embedded PostgreSQL/Redis under DATA_DIR (default var/load,
emptied first so runs compare), migrations, the demo data, then N affiliates and a few staff
members, each given a passkey through the real activation-link ceremony by a software
authenticator whose private key the bench keeps. Then the production-style processes (granian
with 2 workers on a free port, one arq worker `python -m workers`) and locust, headless and in
this process, for --seconds once every user has started: affiliates log in with their passkey
and browse (home, simulator page and API, a guide, my requests), file a question and read it;
staff log in, open the queue and take and decide their own new requests. Afterwards every
request the affiliates filed is looked up in the database (it must be there, in a status the
staff queue lists). Last, the bare Litestar endpoint (bench/bare_app.py) under granian with 2
workers, the same number of users for the same time, so the figures compare.

Prints per request: count, p50/p95/p99 (ms, exact), requests/s and error %, for the ramp (users
starting and logging in) and for the steady state, where the targets apply (p95 ≤ 150 ms for
pages, ≤ 50 ms for the simulator API) with ok or BELOW. Exit code 0 only with no error and
every submission found; timings are printed, not asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a file: the project root, not bench/, goes on the path
    sys.path[0] = str(Path(__file__).resolve().parents[1])  # (bench/queue.py shadows stdlib)

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench import loadgen

ROOT = loadgen.ROOT
PAGE_TARGET_MS = 150.0
API_TARGET_MS = 50.0
NOT_PAGES = ("login: ", "step-up: ", "submit request", "staff take", "staff decide")
OUTBOX_WAIT = 120.0  # seconds the worker gets to drain its queue before and after the load


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=300, help="simultaneous users")
    parser.add_argument("--spawn-rate", type=float, default=30, help="users started per second")
    parser.add_argument("--seconds", type=float, default=60, help="load time of each phase")
    parser.add_argument("--bare-users", type=int, default=None, help="default: --users")
    parser.add_argument("--staff", type=int, default=6, help="staff members among the users")
    parser.add_argument("--wait", default="1,3", help="think time between actions, s (min,max)")
    args = parser.parse_args()
    low, high = (float(x) for x in args.wait.split(","))
    args.wait = (low, high)
    args.staff = max(1, min(args.staff, args.users - 1))
    args.bare_users = args.bare_users or args.users
    return args


# -- the environment and the processes --------------------------------------------------------


def prepare_environment(port: int) -> None:
    """Settings the servers and this process share; before anything imports app settings."""
    if "DATA_DIR" not in os.environ:  # the bench's own folder: a fresh database every run
        shutil.rmtree(ROOT / "var" / "load", ignore_errors=True)
        os.environ["DATA_DIR"] = str(ROOT / "var" / "load")
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")
    os.environ["PORT"] = str(port)
    # The passkeys' origin: the app is opened as http://localhost:PORT (an IP cannot be an RP id).
    os.environ["BASE_URL"] = f"http://localhost:{port}"
    # Loopback is the reverse proxy: each simulated person then has its own address.
    os.environ["TRUSTED_PROXIES"] = "127.0.0.1/32"


def run_cli(command: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "app.cli", command], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


@contextmanager
def process(name: str, cmd: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A child whose output goes to var/load-<name>.log (the last run's)."""
    log = open(ROOT / "var" / f"load-{name}.log", "wb")
    child = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        yield child
    finally:
        child.terminate()
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        log.close()


def granian(target: str, port: int, *, factory: bool) -> list[str]:
    from app.cli import web_server_command

    cmd = web_server_command("127.0.0.1", port, workers=2)
    if not factory:
        cmd.remove("--factory")
    cmd[-1] = target
    return cmd


# -- accounts ---------------------------------------------------------------------------------


def national_number(n: int) -> str:
    """A valid NISS (born in 1972), different for each n below 335 000."""
    body = f"72{(n // 27_916) % 12 + 1:02d}{(n // 997) % 28 + 1:02d}{n % 997 + 1:03d}"
    return f"{body}{97 - int(body) % 97:02d}"


def address(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255 or 1}"


async def create_accounts(affiliates: int, staff: int) -> list[tuple[str, uuid.UUID, str]]:
    """People and staff members through the identity service, each with an activation link."""
    from app.identity import service
    from app.identity.people import NewPerson
    from app.identity.service import LinkPurpose
    from app.kit import db
    from app.kit.audit import SYSTEM

    run = uuid.uuid4().hex[:6]
    made: list[tuple[str, uuid.UUID, str]] = []
    await db.start_pool(max_size=4)
    try:
        for n in range(affiliates):
            person = await service.create_person(
                NewPerson(national_number=national_number(n + 1), first_name=f"Charge{n}",
                          last_name="Bench", email=f"load{n}.{run}@example.be",
                          language="fr" if n % 3 else "nl"),
                actor=SYSTEM,
            )  # fmt: skip
            url = await service.issue_activation_link("affiliate", person, actor=SYSTEM,
                                                      send_mail=False)  # fmt: skip
            made.append(("affiliate", person, url))
        for n in range(staff):
            member = await service.create_staff_user(
                email=f"agent{n}.{run}@fund.be", full_name=f"Agent Bench {n}", role="agent",
                team="general", language="fr", actor=SYSTEM,
            )  # fmt: skip
            url = await service.issue_activation_link(
                "staff", member, purpose=LinkPurpose.STAFF_INVITE, actor=SYSTEM, send_mail=False
            )
            made.append(("staff", member, url))
    finally:
        await db.close_pool()
    return made


async def register_passkeys(base: str, made: list[tuple[str, uuid.UUID, str]]) -> list[Any]:
    """The activation ceremony over HTTP, as the browser runs it, with a software key."""
    import json

    import httpx

    from app.kit.security import CSRF_COOKIE
    from tests.support.soft_authenticator import SoftAuthenticator

    limit = asyncio.Semaphore(8)
    origin = os.environ["BASE_URL"]

    async def one(n: int, kind: str, account_id: uuid.UUID, url: str) -> tuple[Any, ...]:
        token = url.rsplit("/", 1)[1]
        key = SoftAuthenticator(origin=origin, rp_id="localhost")
        who = address(n + 1)
        client = httpx.AsyncClient(base_url=base, timeout=30, headers={"x-forwarded-for": who})
        async with limit, client:
            (await client.get(f"/activate/{token}")).raise_for_status()
            headers = {"x-csrftoken": client.cookies[CSRF_COOKIE]}
            options = await client.post("/passkeys/register/options", json={"token": token},
                                         headers=headers)  # fmt: skip
            options.raise_for_status()
            body = options.json()
            credential = json.loads(key.create_from_options(json.dumps(body["publicKey"])))
            answer = {"ceremony": body["ceremony"], "credential": credential}
            done = await client.post("/passkeys/register", json=answer, headers=headers)
            if done.status_code not in (200, 201):
                raise RuntimeError(f"registration refused: {done.status_code} {done.text[:200]}")
        return kind, account_id, key, who

    return list(await asyncio.gather(*(one(n, *row) for n, row in enumerate(made))))


def warm_up(base: str, guide: str) -> None:
    """A few anonymous visits to each page first, so both workers have their templates and
    caches ready before anything is measured (a restarted server would have them soon too)."""
    import httpx

    pages = ["/", "/simulator/?year=2025&category=main&income=30000", "/wizards", guide,
             "/api/v1/contributions/simulation?year=2025&category=main&income=30000"]  # fmt: skip
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(10):
            for page in pages:
                client.get(page).raise_for_status()


async def outbox_drained(timeout: float) -> int:
    """Wait for the worker to finish the outbox; the jobs still open then."""
    from app.kit import db

    await db.start_pool(max_size=1)
    try:
        deadline = time.monotonic() + timeout
        while True:
            rows = await db.fetch(
                "SELECT count(*) AS n FROM outbox_job WHERE status IN ('pending', 'enqueued')"
            )
            left = int(rows[0]["n"])
            if left == 0 or time.monotonic() > deadline:
                return left
            await asyncio.sleep(0.5)
    finally:
        await db.close_pool()


async def check_submissions(submitted: dict[str, uuid.UUID | None]) -> tuple[bool, list[str]]:
    """Every request an affiliate filed is in the table, routed, in a status the queue lists."""
    from app.kit import db
    from app.requests import states

    listed = {s.value for s in states.OPEN} | {s.value for s in states.FINAL}
    await db.start_pool(max_size=1)
    try:
        rows = await db.fetch(
            "SELECT id, idempotency_key, status, team, reference FROM request "
            "WHERE idempotency_key = ANY({})",
            list(submitted),
        )
    finally:
        await db.close_pool()
    by_key = {row["idempotency_key"]: row for row in rows}
    lines: list[str] = []
    answered = {k: v for k, v in submitted.items() if v is not None}
    unanswered = [k for k, v in submitted.items() if v is None]
    missing = [k for k in answered if k not in by_key or by_key[k]["id"] != answered[k]]
    unlisted = [k for k in answered if k in by_key and by_key[k]["status"] not in listed]
    statuses: dict[str, int] = {}
    for key in answered:
        if key in by_key:
            statuses[by_key[key]["status"]] = statuses.get(by_key[key]["status"], 0) + 1
    lines.append(
        f"submissions answered with their page: {len(answered)}; found in the requests table: "
        f"{len(answered) - len(missing)}; in a status the staff queue lists: "
        f"{len(answered) - len(missing) - len(unlisted)}"
    )
    lines.append("  by status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    if unanswered:
        stored = sum(1 for k in unanswered if k in by_key)
        lines.append(f"  posted without an answer: {len(unanswered)} (of which stored: {stored})")
    ok = not missing and not unlisted and not unanswered
    return ok, lines


# -- locust -----------------------------------------------------------------------------------


@dataclass
class Samples:
    """Every response of one phase, by request name: exact percentiles, not locust's buckets."""

    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)
    started: float = 0.0
    ended: float = 0.0

    def add(self, name: str, ms: float, error: Any) -> None:
        self.times.setdefault(name, []).append(ms)
        if error is not None:
            self.errors[name] = self.errors.get(name, 0) + 1
            text = f"{name}: {str(error)[:160]}"
            self.messages[text] = self.messages.get(text, 0) + 1


def run_load(
    user_classes: list[Any],
    host: str,
    users: int,
    rate: float,
    seconds: float,
    ready: Callable[[], bool] = lambda: True,
) -> tuple[Samples, Samples]:
    """The load for `seconds` once every user has started and is `ready` (logged in):
    (ramp, steady state)."""
    import gevent
    from locust.env import Environment

    env = Environment(user_classes=user_classes, host=host, stop_timeout=15)
    ramp, steady = Samples(started=time.monotonic()), Samples()
    phase = [ramp]

    def on_request(name: str, response_time: float, exception: Any, **_: Any) -> None:
        phase[0].add(name, response_time, exception)

    def steady_state() -> None:
        while not ready():
            gevent.sleep(0.05)
        ramp.ended = steady.started = time.monotonic()
        phase[0] = steady
        gevent.sleep(seconds)
        steady.ended = time.monotonic()
        runner.quit()

    def on_spawned(**_: Any) -> None:
        gevent.spawn(steady_state)

    env.events.request.add_listener(on_request)  # type: ignore[no-untyped-call]
    env.events.spawning_complete.add_listener(on_spawned)  # type: ignore[no-untyped-call]
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=rate)
    runner.greenlet.join()
    return ramp, steady


def target_of(name: str) -> float | None:
    if name == "simulator API":
        return API_TARGET_MS
    if name == "bare endpoint" or name.startswith(NOT_PAGES):
        return None
    return PAGE_TARGET_MS


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, max(0, round(q * len(sorted_ms)) - 1))]


def row(name: str, ms: list[float], errors: int, seconds: float) -> tuple[str, float]:
    ms = sorted(ms)
    p95 = percentile(ms, 0.95)
    return (
        f"  {name:<28}{len(ms):>7}{percentile(ms, 0.5):>7.0f}{p95:>7.0f}"
        f"{percentile(ms, 0.99):>7.0f}{len(ms) / seconds:>8.1f}{100 * errors / len(ms):>7.2f}",
        p95,
    )


def table(title: str, samples: Samples, *, targets: bool) -> tuple[list[str], int, int]:
    """The table of one phase; its error count and how many p95 miss their target."""
    seconds = max(samples.ended - samples.started, 1e-3)
    header = f"  {'request':<28}{'count':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>8}{'err %':>7}"
    lines = [f"{title} ({seconds:.0f} s)", header + ("  target p95" if targets else "")]
    below = 0
    for name in sorted(samples.times):
        line, p95 = row(name, samples.times[name], samples.errors.get(name, 0), seconds)
        target = target_of(name) if targets else None
        if target is not None:
            below += p95 > target
            line += f"  ≤ {target:.0f} ms {'ok' if p95 <= target else 'BELOW'}"
        lines.append(line)
    every = [ms for times in samples.times.values() for ms in times]
    errors = sum(samples.errors.values())
    if every:
        lines.append(row("all", every, errors, seconds)[0])
    for text, times in sorted(samples.messages.items(), key=lambda item: -item[1])[:10]:
        lines.append(f"  error ×{times}: {text}")
    return lines, errors, below


def main() -> int:
    args = options()
    # Stopped from outside (a timeout, Ctrl-C): the finally blocks stop every process we began.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port, bare_port = loadgen.free_port(), loadgen.free_port()
    prepare_environment(port)
    base = f"http://localhost:{port}"
    report: list[str] = []
    with loadgen.embedded_environment("load") as env:
        os.environ.update(env)
        from app.kit.settings import get_settings

        get_settings.cache_clear()
        started = time.monotonic()
        run_cli("migrate", env)
        run_cli("seed", env)
        affiliates = args.users - args.staff
        made = asyncio.run(create_accounts(affiliates, args.staff))
        with (
            process("web", granian("app.main:create_app", port, factory=True), env) as web,
            process("worker", [sys.executable, "-m", "workers"], env),
        ):
            loadgen.wait_up(f"http://127.0.0.1:{port}/readyz", web)
            accounts = asyncio.run(register_passkeys(base, made))
            from app.wizards.catalogue import WIZARDS

            first = next(iter(WIZARDS.values()))
            guide = f"/wizards/{first.slug}/{first.first_step}"
            warm_up(base, guide)
            left = asyncio.run(outbox_drained(OUTBOX_WAIT))
            print(f"ready in {time.monotonic() - started:.0f} s: {affiliates} affiliates and "
                  f"{args.staff} staff with passkeys; outbox left {left}", flush=True)  # fmt: skip

            # Locust patches the standard library for gevent on import; this late is fine here
            # (nothing of ssl's is in use), so its warning would only be noise.
            warnings.filterwarnings("ignore", message="Monkey-patching ssl")
            from bench import load_users

            plan = load_users.PLAN
            for kind, account_id, key, who in accounts:
                account = load_users.Account(kind=kind, id=account_id, key=key, address=who)
                (plan.affiliates if kind == "affiliate" else plan.staff).append(account)
            plan.wait = args.wait
            plan.guide = guide
            load_users.Staff.fixed_count = args.staff
            ramp, steady = run_load(
                [load_users.Affiliate, load_users.Staff], base, args.users, args.spawn_rate,
                args.seconds, ready=lambda: plan.started >= args.users,
            )  # fmt: skip
            think = f"think time {args.wait[0]:g}–{args.wait[1]:g} s"
            lines, ramp_errors, _ = table(
                f"portal, ramp: {args.users} users start at {args.spawn_rate:g}/s and log in",
                ramp, targets=False,
            )  # fmt: skip
            report += lines
            lines, errors, below = table(
                f"portal, all {args.users} users ({args.staff} staff) logged in, {think}, "
                "2 granian workers + 1 arq worker", steady, targets=True,
            )  # fmt: skip
            errors += ramp_errors
            report += lines
            left = asyncio.run(outbox_drained(OUTBOX_WAIT))
            found, check = asyncio.run(check_submissions(plan.submitted))
            report.append(f"staff decisions: {len(plan.decided)}; outbox left afterwards: {left}")
            report += check
        with process("bare", granian("bench.bare_app:app", bare_port, factory=False), env) as bare:
            loadgen.wait_up(f"http://127.0.0.1:{bare_port}/", bare)
            with httpx.Client(timeout=10) as client:  # the same warm-up as the portal's
                for _ in range(50):
                    client.get(f"http://localhost:{bare_port}/").raise_for_status()
            load_users.PLAN.wait = args.wait
            bare_ramp, bare_steady = run_load(
                [load_users.BareVisitor], f"http://localhost:{bare_port}", args.bare_users,
                args.spawn_rate, args.seconds,
            )  # fmt: skip
            bare_lines, bare_errors, _ = table(
                f"bare endpoint, all {args.bare_users} users started, {think}, "
                "2 granian workers", bare_steady, targets=False,
            )  # fmt: skip
            bare_errors += sum(bare_ramp.errors.values())
            report += bare_lines
    print("\n".join(report))
    ok = errors == 0 and bare_errors == 0 and found
    print(f"result: {'ok' if ok else 'FAILED'} ({errors + bare_errors} errors; submissions "
          f"{'all found' if found else 'NOT all found'}; {below} p95 below target)")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
