from dataclasses import replace

from app.kit.security import CONTENT_SECURITY_POLICY, security_headers
from app.kit.settings import load_settings


def test_hsts_only_when_served_over_https() -> None:
    settings = load_settings()
    plain = dict(security_headers(replace(settings, base_url="http://localhost:8000")))
    secure = dict(security_headers(replace(settings, base_url="https://affilio.example")))
    assert b"strict-transport-security" not in plain
    assert secure[b"strict-transport-security"].startswith(b"max-age=31536000")


def test_csp_forbids_inline_and_eval_scripts_and_framing() -> None:
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_csrf_exemptions_are_anchored() -> None:
    from app.kit.security import csrf_config
    from app.kit.settings import load_settings

    exempt = csrf_config(load_settings()).exclude
    assert isinstance(exempt, list) and exempt
    assert all(pattern.startswith("^") for pattern in exempt), exempt
