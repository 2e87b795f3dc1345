"""Security headers and CSRF configuration."""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig
from litestar.openapi.spec import Reference, SecurityScheme

from app.kit.settings import Settings

CSRF_COOKIE = "affilio_csrf"
CSRF_HEADER = "x-csrftoken"
# The installable app's files (app/home/pwa.py) are the same for everybody and cached by the
# browser and the service worker: they never carry a session or a CSRF cookie.
APP_SHELL_PATHS = ["^/sw\\.js$", "^/manifest\\.webmanifest$", "^/offline/"]
# The JSON API's anonymous calculators (the simulator, the plan preview): GET only, the same
# for everybody; they set no CSRF cookie. Every other /api/v1 path is CSRF-checked.
PUBLIC_API_PATHS = ["^/api/v1/contributions/", "^/api/v1/payments/plan-preview$"]

# No inline script or style, no eval: htmx is configured (meta htmx-config) not to need them.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def security_headers(settings: Settings) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"x-frame-options", b"DENY"),
        (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if settings.https:
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def csrf_config(settings: Settings) -> CSRFConfig:
    return CSRFConfig(
        secret=settings.secret_key,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_secure=settings.https,
        cookie_samesite="lax",
        # Regular expressions searched in the path: anchored, so /x/api/ is not exempt.
        # The JSON API's writes carry the session cookie, so they carry the CSRF header too;
        # only its anonymous, read-only calculators (GET, no cookie of their own) are exempt.
        exclude=[
            *PUBLIC_API_PATHS,
            "^/healthz$",
            "^/readyz$",
            "^/schema",
            "^/static/",
            *APP_SHELL_PATHS,
        ],
    )


# The JSON API's same-origin session auth, as the OpenAPI document states it: the session
# cookie (set at passkey login) and, on every change (POST, PUT, PATCH, DELETE), the CSRF header
# echoing the `affilio_csrf` cookie.
API_SECURITY_SCHEMES: dict[str, SecurityScheme | Reference] = {
    "session": SecurityScheme(
        type="apiKey",
        name="affilio_session",
        security_scheme_in="cookie",
        description="The session cookie of a signed-in affiliate (passkey login).",
    ),
    "csrf": SecurityScheme(
        type="apiKey",
        name=CSRF_HEADER,
        security_scheme_in="header",
        description=f"Changes only: the value of the `{CSRF_COOKIE}` cookie.",
    ),
}
