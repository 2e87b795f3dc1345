"""`make run`'s supervisor: up and ready on fresh embedded services, and Ctrl-C leaves nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _processes_using(folder: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if folder in cmdline:
            found.append(process)
    return found


def test_run_starts_everything_and_ctrl_c_stops_everything() -> None:
    with tempfile.TemporaryDirectory(prefix="affilio-run-", dir="/tmp") as folder:
        port = _free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "ENV", "BASE_URL")
        }
        env.update({"DATA_DIR": folder, "PORT": str(port), "LOG_FORMAT": "json"})
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            url = f"http://localhost:{port}"
            deadline = time.monotonic() + 90
            printed = ""
            while time.monotonic() < deadline:
                line = supervisor.stdout.readline() if supervisor.stdout else ""
                printed += line
                if f"Affilio is running at {url}" in printed:
                    break
                assert supervisor.poll() is None, printed
            assert f"Affilio is running at {url}" in printed
            with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:
                assert response.status == 200
            # Embedded PostgreSQL and Redis run with their data in this folder.
            assert any("postgres" in " ".join(p.cmdline()) for p in _processes_using(folder))
            assert any("redis-server" in " ".join(p.cmdline()) for p in _processes_using(folder))

            children = psutil.Process(supervisor.pid).children(recursive=True)
            assert len(children) >= 2  # the web server and the worker
            supervisor.send_signal(signal.SIGINT)  # what Ctrl-C sends
            supervisor.wait(timeout=60)
            assert supervisor.returncode == 0
        finally:
            if supervisor.poll() is None:
                supervisor.kill()
        time.sleep(0.5)
        assert [c.pid for c in children if c.is_running() and c.status() != "zombie"] == []
        leftovers = [" ".join(p.cmdline()) for p in _processes_using(folder) if p.is_running()]
        assert leftovers == []
        # Nothing is listening on the port any more.
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0
