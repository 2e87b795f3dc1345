"""Browser tests: the `make run` web server + one worker on embedded services, Chromium on a phone.

Run in their own pytest process (`make test` does): sync Playwright and pytest-asyncio clash in one.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext

ROOT = Path(__file__).resolve().parents[1]
os.environ["ENV"] = "test"
os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))  # shared by the web and the worker
os.environ.setdefault("DATA_DIR", str(ROOT / "var" / "e2e"))
os.environ.setdefault("PICCOLO_CONF", "app.piccolo_conf")

from app.cli import web_server_command  # noqa: E402
from tests.support import services  # noqa: E402

PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pytest_configure(config: pytest.Config) -> None:
    services.configure_environment(database_name="affilio_e2e")


def pytest_unconfigure(config: pytest.Config) -> None:
    services.stop()


class LiveServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        self.env = {
            **os.environ,
            "BASE_URL": self.url,
            "PORT": str(self.port),
            "HOST": "127.0.0.1",
        }
        self.web: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.log = ROOT / "var" / "e2e" / "server.log"

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = self.log.open("ab")
        python = sys.executable
        self.web = subprocess.Popen(
            web_server_command("127.0.0.1", self.port),
            env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
        self.worker = subprocess.Popen(
            [python, "-m", "workers"], env=self.env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.web.poll() is not None:
                raise RuntimeError(f"the web server exited; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the web server did not become ready; see {self.log}")

    def stop(self) -> None:
        for process in (self.web, self.worker):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = LiveServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    # `make test` finds or installs it (scripts/ensure-chromium) and passes it as CHROMIUM.
    system_chromium = (
        os.environ.get("CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )
    if system_chromium:
        args["executable_path"] = system_chromium
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "viewport": PHONE,
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "fr-BE",
    }


# Every page of every test is watched for Content-Security-Policy violations (issue 16, item 4):
# the listener is injected by the browser (not by the page, so the CSP does not stop it) and
# reports through a binding; a test whose pages broke the policy fails at teardown.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__affilioCsp({
    page: location.pathname, directive: event.effectiveDirective,
    blocked: event.blockedURI, source: event.sourceFile, line: event.lineNumber,
  });
}, true);
"""


def watch_csp(context: BrowserContext, violations: list[dict[str, Any]]) -> None:
    context.expose_binding("__affilioCsp", lambda _source, found: violations.append(found))
    context.add_init_script(CSP_LISTENER)


@pytest.fixture(autouse=True)
def csp_violations(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    violations: list[dict[str, Any]] = []
    opened = Browser.new_context

    def new_context(self: Browser, *args: Any, **kwargs: Any) -> BrowserContext:
        context = opened(self, *args, **kwargs)
        watch_csp(context, violations)
        return context

    monkeypatch.setattr(Browser, "new_context", new_context)
    yield violations
    assert violations == [], f"Content-Security-Policy violations: {violations}"
