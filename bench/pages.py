"""Requests per second of the home page vs a bare Litestar endpoint, under uvicorn and granian.

    .venv/bin/python bench/pages.py [--seconds 5] [--concurrency 16]

Everything runs on loopback in this one run: embedded PostgreSQL/Redis (under DATA_DIR, default
var/bench), the real app and a bare app, each under both servers. Load is bounded in time.
Prints requests/s and the ratios (real page / bare endpoint), so machines can be compared.
Load comes from wrk when installed (apt-get install wrk), else from an async httpx client.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BARE_APP = "bench.bare_app:app"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(server: str, target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    python = sys.executable
    if server == "uvicorn":
        factory = ["--factory"] if target.endswith("create_app") else []
        cmd = [python, "-m", "uvicorn", target, *factory, "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    else:
        factory = ["--factory"] if target.endswith("create_app") else []
        cmd = [python, "-m", "granian", "--interface", "asgi", *factory, "--host", "127.0.0.1",
               "--port", str(port), "--no-ws", "--log-level", "warning", target]  # fmt: skip
    return subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


async def load(url: str, seconds: float, concurrency: int) -> float:
    done = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline:
                response = await client.get(url)
                response.raise_for_status()
                done += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done / (time.monotonic() - started)


def load_with_wrk(url: str, seconds: float, concurrency: int) -> float | None:
    """wrk (Debian package) drives far more load than a Python client; used when installed."""
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{max(1, int(seconds))}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split(":")[1])
    return None


def measure(
    server: str, target: str, path: str, env: dict[str, str], seconds: float, concurrency: int
) -> float:
    port = free_port()
    process = start(server, target, port, env)
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_up(url)
        asyncio.run(load(url, 1, concurrency))  # warm-up
        measured = load_with_wrk(url, seconds, concurrency)
        return measured if measured is not None else asyncio.run(load(url, seconds, concurrency))
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()

    os.environ.setdefault("DATA_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("LOG_FORMAT", "json")
    sys.path.insert(0, str(ROOT))
    from app.kit.embedded import EmbeddedServices
    from app.kit.settings import get_settings

    settings = get_settings()
    services = EmbeddedServices(settings.data_dir)
    env = dict(os.environ)
    try:
        env.update(
            services.start(database=settings.embedded_database, redis=settings.embedded_redis)
        )
        env["PYTHONPATH"] = str(ROOT)
        results: dict[tuple[str, str], float] = {}
        for server in ("uvicorn", "granian"):
            results[(server, "bare")] = measure(
                server, BARE_APP, "/", env, args.seconds, args.concurrency
            )
            results[(server, "home")] = measure(
                server, "app.main:create_app", "/", env, args.seconds, args.concurrency
            )
        print(f"{'server':<10}{'bare litestar req/s':>22}{'home page req/s':>18}{'home/bare':>12}")
        for server in ("uvicorn", "granian"):
            bare, home = results[(server, "bare")], results[(server, "home")]
            print(f"{server:<10}{bare:>22.0f}{home:>18.0f}{home / bare:>12.2f}")
        best = max(("uvicorn", "granian"), key=lambda s: results[(s, "home")])
        print(f"faster server for real pages: {best}")
    finally:
        services.stop(force=True)


if __name__ == "__main__":
    main()
