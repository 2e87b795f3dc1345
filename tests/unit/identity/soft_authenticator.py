"""Kept for `from soft_authenticator import …` in this folder; the code is in tests/support."""

from tests.support.soft_authenticator import (
    FLAG_AT,
    FLAG_BE,
    FLAG_BS,
    FLAG_UP,
    FLAG_UV,
    SoftAuthenticator,
    b64url,
    b64url_decode,
)

__all__ = [
    "FLAG_AT",
    "FLAG_BE",
    "FLAG_BS",
    "FLAG_UP",
    "FLAG_UV",
    "SoftAuthenticator",
    "b64url",
    "b64url_decode",
]
