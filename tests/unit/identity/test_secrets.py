"""One-time secrets (link tokens, e-mail codes) and e-mail normalisation — pure."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from app.identity import rules

pytestmark = pytest.mark.unit
SECRET = "test-secret-key-of-enough-length-000000"
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class TestLinkTokens:
    def test_tokens_are_long_random_and_url_safe(self) -> None:
        tokens = {rules.new_link_token() for _ in range(50)}
        assert len(tokens) == 50
        for token in tokens:
            assert len(token) >= 43 and all(c.isalnum() or c in "-_" for c in token)

    def test_digest_is_sha256_hex_and_never_the_token(self) -> None:
        token = rules.new_link_token()
        digest = rules.token_digest(token)
        assert digest == hashlib.sha256(token.encode()).hexdigest()
        assert token not in digest and len(digest) == 64

    @pytest.mark.parametrize(
        ("elapsed", "expired"),
        [(timedelta(hours=71, minutes=59), False), (timedelta(hours=72), True)],
        ids=["just-before-72h", "at-72h"],
    )
    def test_links_last_72_hours(self, elapsed: timedelta, expired: bool) -> None:
        assert rules.activation_link_expired(T0, T0 + elapsed) is expired


class TestEmailCodes:
    def test_codes_have_six_digits_with_leading_zeros_kept(self) -> None:
        codes = [rules.new_otp() for _ in range(300)]
        assert all(len(c) == 6 and c.isdigit() for c in codes)
        assert len(set(codes)) > 250

    def test_digest_is_keyed_by_secret_and_address(self) -> None:
        digest = rules.otp_digest("012345", email="a@example.be", secret=SECRET)
        assert digest != hashlib.sha256(b"012345").hexdigest()
        assert digest != rules.otp_digest("012345", email="b@example.be", secret=SECRET)
        assert digest != rules.otp_digest("012345", email="a@example.be", secret=SECRET + "x")

    @pytest.mark.parametrize(
        ("typed", "matches"),
        [
            ("012345", True),
            (" 012 345 ", True),
            ("12345", False),
            ("012346", False),
            ("01234a", False),
            ("", False),
        ],
        ids=["exact", "spaces", "short", "wrong", "letter", "empty"],
    )
    def test_matching(self, typed: str, matches: bool) -> None:
        digest = rules.otp_digest("012345", email="A@Example.be", secret=SECRET)
        assert rules.otp_matches(typed, digest, email="a@example.be", secret=SECRET) is matches

    @pytest.mark.parametrize(
        ("elapsed", "expired"),
        [(timedelta(minutes=9, seconds=59), False), (timedelta(minutes=10), True)],
        ids=["before-10-min", "at-10-min"],
    )
    def test_codes_last_ten_minutes(self, elapsed: timedelta, expired: bool) -> None:
        assert rules.otp_expired(T0, T0 + elapsed) is expired

    def test_five_tries(self) -> None:
        assert [rules.otp_attempts_left(n) for n in range(7)] == [5, 4, 3, 2, 1, 0, 0]


class TestNormaliseEmail:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (" Jan.Peeters@Example.BE ", "jan.peeters@example.be"),
            ("jan@example", None),
            ("jan@@example.be", None),
            ("jan peeters@example.be", None),
            ("", None),
            ("a" * 250 + "@x.be", None),
        ],
        ids=["trim-lower", "no-dot", "two-at", "space", "empty", "too-long"],
    )
    def test_table(self, raw: str, expected: str | None) -> None:
        assert rules.normalise_email(raw) == expected


class TestRateLimits:
    def test_failed_logins_ten_per_fifteen_minutes(self) -> None:
        assert rules.FAILED_LOGINS == rules.RateLimit(10, timedelta(minutes=15))

    def test_code_sends_are_limited_per_address_below_per_ip(self) -> None:
        assert rules.OTP_SENDS_PER_EMAIL.limit < rules.OTP_SENDS_PER_IP.limit


class TestSafeNext:
    @pytest.mark.parametrize(
        ("target", "expected"),
        [
            ("/account", "/account"),
            ("/staff/x?y=1", "/staff/x?y=1"),
            (None, "/"),
            ("https://evil.example/", "/"),
            ("//evil.example", "/"),
            ("/\\evil.example", "/"),
            ("account", "/"),
        ],
        ids=["path", "query", "none", "absolute", "scheme-relative", "backslash", "relative"],
    )
    def test_table(self, target: str | None, expected: str) -> None:
        assert rules.safe_next(target) == expected
