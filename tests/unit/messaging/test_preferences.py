"""Which notice kinds a switched-off topic silences by e-mail, and which always come."""

from __future__ import annotations

import pytest

from app.messaging.preferences import TOPICS, wants_email

ALL_OFF = frozenset(TOPICS)


@pytest.mark.parametrize(
    ("kind", "off", "expected"),
    [
        ("receipt", frozenset({"receipts"}), False),
        ("receipt", frozenset({"messages"}), True),
        ("message", frozenset({"messages"}), False),
        ("document", frozenset({"documents"}), False),
        ("wizard_expiry", frozenset({"guides"}), False),
        ("request_forwarded", frozenset({"receipts"}), False),
        # Legal notices: a deadline runs from them, nothing switches them off.
        ("due_notice", ALL_OFF, True),
        ("company_notice", ALL_OFF, True),
        ("recovery_reminder", ALL_OFF, True),
        ("recovery_formal_notice", ALL_OFF, True),
        ("decision", ALL_OFF, True),
        ("information_request", ALL_OFF, True),
        ("information_reminder", ALL_OFF, True),
        ("plan_lapsed", ALL_OFF, True),
        ("exemption_granted", ALL_OFF, True),
        ("welcome", ALL_OFF, True),
    ],
)
def test_wants_email(kind: str, off: frozenset[str], expected: bool) -> None:
    assert wants_email(kind, off) is expected
