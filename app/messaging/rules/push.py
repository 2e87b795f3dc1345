"""Which notices also ring the installed app, and what the push says. PURE.

The affiliate opts in per kind on each device; a notice of one of those kinds sends a Web Push
to every device that wants it. The payload names no person, amount or request: only that
something waits, and the inbox to open (the message itself is read after signing in).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class PushKind(StrEnum):
    INFORMATION_ASKED = "information_asked"
    DECISION = "decision"
    NOTICE_DUE = "notice_due"
    INSTALMENT_DUE = "instalment_due"


# The inbox notice kinds (messaging.service.Notice.kind) behind each push kind.
NOTICE_KINDS: dict[str, PushKind] = {
    "information_request": PushKind.INFORMATION_ASKED,
    "information_reminder": PushKind.INFORMATION_ASKED,
    "decision": PushKind.DECISION,
    "due_notice": PushKind.NOTICE_DUE,
    "company_notice": PushKind.NOTICE_DUE,
    "debit_prenotice": PushKind.NOTICE_DUE,
    "plan_reminder": PushKind.INSTALMENT_DUE,
}
ALL_KINDS: tuple[PushKind, ...] = tuple(PushKind)
OPEN_URL = "/inbox"  # never the notice's own link: it may name a request
# Gone for good (RFC 8030 §7.3: 404 and 410): the subscription is removed.
GONE = frozenset({404, 410})
ENDPOINT_MAX = 1000
KEY_MAX = 200


def push_kind(notice_kind: str) -> PushKind | None:
    return NOTICE_KINDS.get(notice_kind)


def chosen_kinds(values: Iterable[str]) -> list[str]:
    """The kinds a form or a device sent, known ones only, in their order, once each."""
    known = {k.value for k in PushKind}
    wanted = {str(v) for v in values}
    return [k.value for k in PushKind if k.value in known and k.value in wanted]


def outcome(status: int) -> str:
    """What a push service's answer means: sent, gone (remove it), retry later, or dropped
    (a request the service will never take: too big, malformed)."""
    if 200 <= status < 300:
        return "sent"
    if status in GONE:
        return "gone"
    if status == 429 or status >= 500:
        return "retry"
    return "dropped"


def valid_endpoint(endpoint: str, *, allow_loopback: bool = False) -> bool:
    """A push service's address: https, of bounded length (the browser gives it). Outside
    production a loopback http address is let through: the tests' own push service."""
    if not 12 < len(endpoint) <= ENDPOINT_MAX:
        return False
    if endpoint.startswith("https://"):
        return True
    return allow_loopback and endpoint.startswith("http://127.0.0.1:")
