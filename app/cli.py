"""`python -m app.cli run|migrate|seed|outbox|routes|payments import-coda FILE`: the commands
behind the Makefile and the fund's operations.

`run` is a small supervisor: embedded PostgreSQL and Redis (unless the environment names
external ones), migrations, demo data, then the web server and one worker; Ctrl-C stops all of
it in order (web and worker first, then Redis, then PostgreSQL) and leaves no process behind.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.request
from typing import Any

from app.kit.embedded import EmbeddedServices
from app.kit.settings import SettingsError, get_settings

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    # If the supervisor is killed outright, the kernel stops its children too: no orphans.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass
    os.setpgrp()  # Ctrl-C reaches the supervisor only; it stops children in order


async def _migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    from app.kit import db

    await db.start_pool(max_size=2)
    try:
        result = await run_forwards(app_name="all", fake=False)
        if not result.success:
            raise SystemExit(f"migrations failed: {result.message}")
    finally:
        await db.close_pool()


async def _seed() -> Any:
    from app.kit import db
    from app.seed import seed_demo

    await db.start_pool(max_size=2)
    try:
        return await seed_demo()
    finally:
        await db.close_pool()


def migrate() -> None:
    from app.kit.embedded import ensure_environment

    ensure_environment()
    asyncio.run(_migrate())


def seed() -> None:
    from app.kit.embedded import ensure_environment

    if get_settings().is_production:
        raise SystemExit("seed creates demo accounts: it refuses to run in production")
    ensure_environment()
    accounts = asyncio.run(_seed())
    print(
        f"demo affiliate NISS {accounts.person_national_number}; demo staff {accounts.staff_email}"
    )
    print(f"activation links: {accounts.person_activation_url} {accounts.staff_activation_url}")


def web_server_command(host: str, port: int, workers: int = 1) -> list[str]:
    """Granian serves the real pages faster than uvicorn here (bench/pages.py measures both)."""
    return [
        sys.executable, "-m", "granian", "--interface", "asgi", "--factory",
        "--host", host, "--port", str(port), "--workers", str(workers),
        "--no-ws", "--no-access-log", "--log-level", "warning",
        "app.main:create_app",
    ]  # fmt: skip


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def _stop(process: subprocess.Popen[bytes] | None, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def run() -> int:
    try:
        settings = get_settings()
    except SettingsError as exc:
        print(f"Affilio cannot start: {exc}", file=sys.stderr)
        return 2
    services = EmbeddedServices(settings.data_dir)
    web: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None
    stopping = False

    def request_stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        urls = services.start(database=settings.embedded_database, redis=settings.embedded_redis)
        os.environ.update(urls)
        get_settings.cache_clear()
        if urls:
            print(f"Embedded services under {settings.data_dir}: " + ", ".join(urls), flush=True)
        asyncio.run(_migrate())
        accounts = asyncio.run(_seed())
        env = dict(os.environ)
        web = subprocess.Popen(web_server_command(settings.host, settings.port), env=env,
                               preexec_fn=_die_with_parent)  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "-m", "workers"], env=env, preexec_fn=_die_with_parent
        )
        local_url = f"http://localhost:{settings.port}"
        if not _wait_ready(local_url, web):
            print("The web server did not become ready; see the log above.", file=sys.stderr)
            return 1
        print("", flush=True)
        print(f"  Affilio is running at {local_url}", flush=True)
        print(f"  Demo affiliate NISS: {accounts.person_national_number}", flush=True)
        print(f"  Demo staff member:   {accounts.staff_email}", flush=True)
        print("  One-time links to create a passkey (open them in your browser):", flush=True)
        print(f"    demo affiliate: {accounts.person_activation_url}", flush=True)
        print(f"    demo staff:     {accounts.staff_activation_url}", flush=True)
        print(f"  Local mailbox: {local_url}/dev/mailbox", flush=True)
        print("  Press Ctrl-C to stop.", flush=True)
        print("", flush=True)
        while not stopping:
            if web.poll() is not None:
                print("The web server stopped unexpectedly.", file=sys.stderr)
                return 1
            if worker.poll() is not None:
                print("The worker stopped; starting it again.", file=sys.stderr)
                worker = subprocess.Popen(
                    [sys.executable, "-m", "workers"], env=env, preexec_fn=_die_with_parent
                )
            time.sleep(0.5)
        return 0
    finally:
        print("Stopping Affilio…", flush=True)
        _stop(web)
        _stop(worker)
        services.stop(force=True)
        print("Stopped.", flush=True)


def outbox(failed_only: bool) -> None:
    from app.kit.embedded import ensure_environment

    ensure_environment()

    async def show() -> None:
        from app.kit import db
        from app.kit.tables import OutboxJob

        await db.start_pool(max_size=1)
        try:
            query = OutboxJob.select().order_by(OutboxJob.created_at, ascending=False).limit(50)
            if failed_only:
                query = query.where(OutboxJob.status == "failed")
            for row in await query:
                print(
                    f"{row['created_at']:%Y-%m-%d %H:%M:%S} {row['status']:<8} "
                    f"{row['name']:<32} tries={row['attempts']} {row['last_error'] or ''}"
                )
        finally:
            await db.close_pool()

    asyncio.run(show())


def import_coda(path: str) -> int:
    """Import a CODA statement: one JSON line with the counts, exit 0; or the line and the
    reason of the refusal on stderr, exit 1. Safe beside a running `make run` (same DATA_DIR):
    the embedded servers are shared, the import is one transaction."""
    import json
    from pathlib import Path

    from app.kit.embedded import ensure_environment

    ensure_environment()

    async def run_import() -> int:
        from app.kit import db
        from app.kit.audit import Actor
        from app.payments.rules.coda import CodaError
        from app.payments.service import import_statement

        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            print(json.dumps({"error": "unreadable", "reason": exc.strerror or str(exc)}),
                  file=sys.stderr)  # fmt: skip
            return 1
        await db.start_pool(max_size=2)
        try:
            result = await import_statement(Actor(kind="system"), data, filename=Path(path).name)
        except CodaError as exc:
            print(json.dumps({"error": exc.code, "line": exc.line, "reason": exc.reason}),
                  file=sys.stderr)  # fmt: skip
            return 1
        finally:
            await db.close_pool()
        print(json.dumps(result.as_json()))
        return 0

    return asyncio.run(run_import())


def routes() -> None:
    """Every route with its methods, guards and name, one per line."""
    from app.kit.routes import route_table
    from app.main import create_app

    for row in route_table(create_app()):
        print(row.line())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="affilio")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="embedded services + migrations + demo data + web + worker")
    commands.add_parser("migrate", help="apply the Piccolo migrations")
    commands.add_parser("seed", help="create the demo accounts (idempotent)")
    outbox_parser = commands.add_parser("outbox", help="list recent outbox jobs")
    outbox_parser.add_argument("--failed", action="store_true")
    commands.add_parser("routes", help="list every route with its guards")
    payments_parser = commands.add_parser("payments", help="the contribution account")
    payments_commands = payments_parser.add_subparsers(dest="payments_command", required=True)
    coda_parser = payments_commands.add_parser("import-coda", help="import a CODA bank statement")
    coda_parser.add_argument("file")
    arguments = parser.parse_args(argv)
    if arguments.command == "run":
        # `make run` is the development entry point: the one place ENV defaults.
        os.environ.setdefault("ENV", "development")
        return run()
    if arguments.command == "migrate":
        migrate()
    elif arguments.command == "seed":
        seed()
    elif arguments.command == "outbox":
        outbox(arguments.failed)
    elif arguments.command == "routes":
        routes()
    elif arguments.command == "payments":
        return import_coda(arguments.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
