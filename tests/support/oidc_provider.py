"""A real OpenID Connect provider on loopback (tests/support/oidc/provider.mjs, node-oidc-provider
pinned in its package-lock.json), and a browser's walk through its login and consent pages.

`npm ci` runs there the first time (Node 20 is on the machine; see README). Never a mock: the
ID tokens the tests check are signed by the provider's own keys.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin

import httpx

HERE = Path(__file__).with_name("oidc")
APP_BASE = "http://localhost:8000"  # the test client's base URL (tests/support/fixtures.py)
CLIENT_ID, CLIENT_SECRET = "affilio-test", "a-long-secret-of-the-test-client-0123456789"
OTHER_ID, OTHER_SECRET = "another-service", "another-long-secret-of-another-client-9876"
OTHER_REDIRECT = "http://127.0.0.1:9/another-service/callback"

# Account id at the provider -> the claims FAS would release for it.
ACCOUNTS: dict[str, dict[str, str]] = {
    "anna": {"egovNRN": "85073003328", "given_name": "Anna", "family_name": "Janssens"},
    "bert": {"egovNRN": "90010112395", "given_name": "Bert", "family_name": "Claes"},
    "chloe": {"egovNRN": "79021545688", "given_name": "Chloé", "family_name": "Dubois"},
    "nonumber": {"given_name": "Sans", "family_name": "Numéro"},
}


@dataclass(frozen=True)
class Provider:
    issuer: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _install() -> None:
    if (HERE / "node_modules" / "oidc-provider").is_dir():
        return
    if shutil.which("npm") is None:
        raise RuntimeError("the OpenID Connect provider of the tests needs Node 20 with npm")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE,
                   check=True, timeout=300)  # fmt: skip


@contextmanager
def running_provider() -> Iterator[Provider]:
    _install()
    port = _free_port()
    clients = [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
         "redirect_uris": [f"{APP_BASE}/login/federal/callback"]},
        {"client_id": OTHER_ID, "client_secret": OTHER_SECRET, "redirect_uris": [OTHER_REDIRECT]},
    ]  # fmt: skip
    env = {**os.environ, "OIDC_PORT": str(port), "OIDC_CLIENTS": json.dumps(clients),
           "OIDC_ACCOUNTS": json.dumps(ACCOUNTS), "NODE_ENV": "test"}  # fmt: skip
    process = subprocess.Popen(
        ["node", str(HERE / "provider.mjs")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        said = []
        for line in process.stdout:  # warnings first (Node 20 is "unsupported" but works)
            said.append(line)
            if line.startswith("ready ") or len(said) > 20:
                break
        if not said or not said[-1].startswith("ready "):
            raise RuntimeError(f"the OpenID Connect provider did not start: {''.join(said)}")
        # Keep reading what it prints, so a full pipe never blocks it.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield Provider(issuer=said[-1].split(" ", 1)[1].strip())
    finally:
        process.terminate()
        process.wait(timeout=10)


_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"')


async def sign_in_at_provider(url: str, account: str, *, stop_at: str = APP_BASE) -> str:
    """Follow the authorization URL as a browser would: log in as `account` on the provider's
    page, give consent, and return the URL it sends back to (starting with `stop_at`)."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as browser:
        answer = await browser.get(url)
        for _step in range(12):
            if answer.is_redirect:
                url = urljoin(str(answer.url), answer.headers["location"])
                if url.startswith(stop_at):
                    return url
                answer = await browser.get(url)
                continue
            forms = _FORM.findall(answer.text)
            if answer.status_code != 200 or not forms:
                raise AssertionError(f"the provider answered {answer.status_code}: {answer.text}")
            action, body = forms[0]
            fields = {name: unescape(value) for name, value in _HIDDEN.findall(body)}
            fields.update({"login": account, "password": "any"})
            answer = await browser.post(urljoin(str(answer.url), unescape(action)), data=fields)
    raise AssertionError("the provider never sent the browser back")
