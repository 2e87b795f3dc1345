"""Worker processes and waiting, for the fault tests."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.kit.embedded import EmbeddedRedis

ROOT = Path(__file__).resolve().parents[2]
# Seconds: arq re-runs a killed worker's job after its timeout + 10 s; the relay re-offers a job
# Redis forgot after twice the timeout.
SHORT_JOB_TIMEOUT = "4"


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout: float) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(0.2)
    return False


def worker_env(redis_url: str, job_timeout: str) -> dict[str, str]:
    return {**os.environ, "REDIS_URL": redis_url, "ENV": "test", "JOB_TIMEOUT": job_timeout}


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`python -m workers`, the production entry point (relay + arq worker)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "workers"], cwd=ROOT, env=env, stdout=out, stderr=out
        )


def stop(*processes: subprocess.Popen[bytes] | None) -> None:
    for process in processes:
        if process is None or process.poll() is not None:
            continue
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_web(log: Path) -> tuple[subprocess.Popen[bytes], str, int]:
    """The web server as `make run` serves it (granian), on a free port, ready to answer.
    It shares the run's database and Redis (the environment the conftest set)."""
    import time
    import urllib.request

    from app.cli import web_server_command

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BASE_URL": url, "PORT": str(port), "HOST": "127.0.0.1"}
    with log.open("ab") as out:
        server = subprocess.Popen(
            web_server_command("127.0.0.1", port), env=env, stdout=out, stderr=out, cwd=ROOT
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the web server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return server, url, port
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("the web server did not become ready")


@dataclass
class WorkerRig:
    """A private Redis and a worker process on it (`python -m workers`), for outage tests."""

    folder: Path
    redis: EmbeddedRedis
    worker: subprocess.Popen[bytes]

    @property
    def log(self) -> Path:
        return self.folder / "worker.log"


@contextmanager
def worker_rig(prefix: str) -> Iterator[WorkerRig]:
    with tempfile.TemporaryDirectory(prefix=prefix, dir="/tmp") as folder:  # short socket path
        redis_server = EmbeddedRedis(Path(folder))
        redis_server.start()
        log = Path(folder) / "worker.log"
        worker = start_worker(worker_env(redis_server.url, SHORT_JOB_TIMEOUT), log)
        try:
            yield WorkerRig(Path(folder), redis_server, worker)
        finally:
            stop(worker)
            redis_server.stop()
