"""Which notices also come by e-mail: the affiliate switches off the topics they do not want;
legal notices (payment notices, reminders and formal notices, decisions, information asked
with its deadline, a payment plan's steps) always come, since a deadline runs from them.
Everything lands in the inbox whatever is chosen here."""

from __future__ import annotations

from typing import Any, Final

from app.kit.i18n import lazy_gettext as _

# Optional topics, by notice kind (or the prefix of a family of kinds).
TOPICS: Final[dict[str, tuple[str, ...]]] = {
    "receipts": ("receipt", "request_forwarded"),
    "messages": ("message",),
    "documents": ("document",),
    "guides": ("wizard_expiry",),
}
TOPIC_LABELS: dict[str, Any] = {
    "receipts": _("Receipts of my requests, and a request sent on to INASTI"),
    "messages": _("A new message from my account manager"),
    "documents": _("A new document in my documents"),
    "guides": _("A guide I started is about to be deleted"),
}
LEGAL_LABELS: tuple[Any, ...] = (
    _("Payment notices, reminders and formal notices"),
    _("Decisions on my requests, and information the fund asks with its deadline"),
    _("The steps of a payment plan"),
)
_BY_KIND = {kind: topic for topic, kinds in TOPICS.items() for kind in kinds}


def topic_of(kind: str) -> str | None:
    """The optional topic a notice kind belongs to; None: it always comes by e-mail."""
    return _BY_KIND.get(kind)


def wants_email(kind: str, switched_off: frozenset[str]) -> bool:
    topic = topic_of(kind)
    return topic is None or topic not in switched_off
