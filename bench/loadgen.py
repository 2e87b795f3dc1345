"""What every throughput benchmark needs: embedded services, a server on a free loopback port,
a bounded load (wrk when installed, else an async httpx client) and a clean stop."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
MAX_REQUESTS = 200_000  # hard bound for the httpx client, whatever the duration
SERVERS = ("uvicorn", "granian")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def embedded_environment(data_folder: str) -> Iterator[dict[str, str]]:
    """The environment for servers under test, with embedded PostgreSQL/Redis when unset."""
    os.environ.setdefault("ENV", "development")
    os.environ.setdefault("DATA_DIR", str(ROOT / "var" / data_folder))
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
        yield env
    finally:
        services.stop(force=True)


def start(server: str, target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`target` is module:attribute; a factory when it ends with create_app or _app."""
    factory = ["--factory"] if target.endswith(("create_app", "_app")) else []
    if server == "uvicorn":
        cmd = [sys.executable, "-m", "uvicorn", target, *factory, "--host", "127.0.0.1",
               "--port", str(port), "--no-access-log", "--log-level", "warning"]  # fmt: skip
    else:
        cmd = [sys.executable, "-m", "granian", "--interface", "asgi", *factory,
               "--host", "127.0.0.1", "--port", str(port), "--no-ws", "--log-level", "warning",
               target]  # fmt: skip
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


async def load_with_httpx(
    url: str, seconds: float, concurrency: int, headers: dict[str, str] | None = None
) -> float:
    done = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    # No cookie jar: each request carries the given headers only, as wrk's do.
    async with httpx.AsyncClient(limits=limits, timeout=10, cookies=None) as client:

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < deadline and done < MAX_REQUESTS:
                client.cookies.clear()
                response = await client.get(url, headers=headers)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                done += 1

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return done / (time.monotonic() - started)


def load_with_wrk(
    url: str, seconds: float, concurrency: int, headers: dict[str, str] | None = None
) -> float:
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "5s",
            *extra,
            url,
        ],
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


def default_client() -> str:
    return "wrk" if shutil.which("wrk") else "httpx"


def load_options(description: str | None) -> dict[str, Any]:
    """The command line every throughput benchmark shares, as keyword arguments for measure()."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--client", choices=("httpx", "wrk"), default=None)
    args = parser.parse_args()
    client = args.client or default_client()
    return {"seconds": args.seconds, "concurrency": args.concurrency, "client": client}


def describe_load(options: dict[str, Any]) -> str:
    return (
        f"load: {options['client']}, {options['concurrency']} connections, "
        f"{options['seconds']:g} s each, loopback"
    )


def measure(
    server: str,
    target: str,
    path: str,
    env: dict[str, str],
    *,
    seconds: float,
    concurrency: int,
    client: str,
) -> float:
    """Requests per second of one server, measured alone so runs do not share the CPU."""
    [rate] = measure_many(
        server, target, [(path, None)], env, seconds=seconds, concurrency=concurrency,
        client=client,
    )  # fmt: skip
    return rate


def measure_many(
    server: str,
    target: str,
    paths: list[tuple[str, dict[str, str] | None]],
    env: dict[str, str],
    *,
    seconds: float,
    concurrency: int,
    client: str,
) -> list[float]:
    """Requests per second of each (path, headers) on one server started once, one at a time."""
    port = free_port()
    process = start(server, target, port, env)
    rates: list[float] = []
    try:
        wait_up(f"http://127.0.0.1:{port}{paths[0][0]}", process)
        for path, headers in paths:
            url = f"http://127.0.0.1:{port}{path}"
            asyncio.run(load_with_httpx(url, 1, concurrency, headers))  # warm-up: caches, pools
            if client == "wrk":
                rates.append(load_with_wrk(url, seconds, concurrency, headers))
            else:
                rates.append(asyncio.run(load_with_httpx(url, seconds, concurrency, headers)))
        return rates
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
