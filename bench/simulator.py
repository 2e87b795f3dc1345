"""Requests per second of the simulator JSON API vs a bare Litestar JSON endpoint (uvicorn).

    .venv/bin/python bench/simulator.py [--seconds 5] [--concurrency 16] [--client httpx|wrk]

One run, loopback only: embedded PostgreSQL/Redis under DATA_DIR (default var/bench-simulator),
the real app (`app.main:create_app`) and a bare Litestar app with one trivial JSON endpoint
(`bare_json_app` below), each served by uvicorn with the same options, measured one after the
other so they do not share the CPU. Load is bounded in time and in requests. Prints both figures
and the ratio, so machines can be compared. Load comes from wrk when installed
(apt-get install wrk), else from an async httpx client (which is itself CPU bound: its figures
are lower, the ratio stays meaningful).
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
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SIMULATION = "/api/v1/contributions/simulation?year=2025&category=main&income=25000"
BARE_PATH = "/json"
MAX_REQUESTS = 200_000  # hard bound for the httpx client, whatever the duration


def bare_json_app() -> Any:
    """The baseline: one trivial JSON endpoint, nothing else (no middleware, no templates)."""
    from litestar import Litestar, get

    @get(BARE_PATH, sync_to_thread=False)
    def payload() -> dict[str, str]:
        return {"quarterly_contribution": "1281.25"}

    return Litestar(route_handlers=[payload])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", target, "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(
        cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


async def load_with_httpx(url: str, seconds: float, concurrency: int) -> float:
    done = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline and done < MAX_REQUESTS:
                response = await client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                done += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done / (time.monotonic() - started)


def load_with_wrk(url: str, seconds: float, concurrency: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split(":")[1])
    raise RuntimeError(f"no figure in wrk's output:\n{out}")


def measure(
    target: str, path: str, env: dict[str, str], seconds: float, concurrency: int, client: str
) -> float:
    port = free_port()
    process = start(target, port, env)
    try:
        url = f"http://127.0.0.1:{port}{path}"
        wait_up(url, process)
        asyncio.run(load_with_httpx(url, 1, concurrency))  # warm-up: imports, caches, pools
        if client == "wrk":
            return load_with_wrk(url, seconds, concurrency)
        return asyncio.run(load_with_httpx(url, seconds, concurrency))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--client", choices=("httpx", "wrk"), default=None)
    args = parser.parse_args()
    client = args.client or ("wrk" if shutil.which("wrk") else "httpx")

    os.environ.setdefault("DATA_DIR", str(ROOT / "var" / "bench-simulator"))
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
        bare = measure(
            "bench.simulator:bare_json_app", BARE_PATH, env, args.seconds, args.concurrency, client
        )
        api = measure(
            "app.main:create_app", SIMULATION, env, args.seconds, args.concurrency, client
        )
        print(f"load: {client}, {args.concurrency} connections, {args.seconds:g} s each, loopback")
        print(f"bare Litestar JSON endpoint   {bare:>10.0f} req/s")
        print(f"GET {SIMULATION}")
        print(f"simulator API                 {api:>10.0f} req/s")
        print(f"ratio simulator / bare        {api / bare:>10.2f}")
    finally:
        services.stop(force=True)


if __name__ == "__main__":
    main()
