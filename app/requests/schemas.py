"""The request forms as typed structs, each field bounded; the services check the meaning
(a decision needs a motivation, an answer needs text or a file) and say so per field."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

import msgspec

from app.kit.forms import MAX_LONG_TEXT, MAX_SHORT_TEXT, FieldError, Parsed, raw, text
from app.kit.i18n import lazy_gettext as _
from app.requests import messages
from app.requests.kinds import RequestKind
from app.requests.states import Status

MAX_KEY = 64
DECISIONS = ("grant", "partly_grant", "refuse")
TOO_LONG = {
    MAX_SHORT_TEXT: _("Keep it under 200 characters"),
    MAX_LONG_TEXT: _("Keep it under 5 000 characters"),
}


class AskForm(msgspec.Struct, frozen=True):
    subject: str
    question: str
    key: str  # the form's idempotency key: a double tap files one question


class TextForm(msgspec.Struct, frozen=True):
    """One free text: an answer, a question to the affiliate."""

    text: str


class DecisionForm(msgspec.Struct, frozen=True):
    decision: str
    motivation: str


class ReassignForm(msgspec.Struct, frozen=True):
    assignee: uuid.UUID


def _bounded(
    form: dict[str, str], name: str, limit: int, errors: dict[str, str], *, required: bool = False
) -> str:
    try:
        return text(form[name], max_length=limit, required=required)
    except FieldError as exc:
        errors[name] = (
            str(TOO_LONG[limit]) if exc.code == "too_long" else messages.message(exc.code)
        )
        return ""


def parse_ask(data: Mapping[str, Any], *, new_key: str) -> Parsed[AskForm]:
    form = {"subject": raw(data, "subject"), "question": raw(data, "question")}
    form["key"] = (raw(data, "key") or new_key)[:MAX_KEY]
    errors: dict[str, str] = {}
    subject = _bounded(form, "subject", MAX_SHORT_TEXT, errors)
    question = _bounded(form, "question", MAX_LONG_TEXT, errors)
    if errors:
        return Parsed(form, errors)
    return Parsed(form, value=AskForm(subject, question, form["key"]))


def parse_text(data: Mapping[str, Any], name: str) -> Parsed[TextForm]:
    form = {name: raw(data, name)}
    errors: dict[str, str] = {}
    value = _bounded(form, name, MAX_LONG_TEXT, errors)
    if errors:
        return Parsed(form, errors)
    return Parsed(form, value=TextForm(value))


def parse_decision(data: Mapping[str, Any]) -> Parsed[DecisionForm]:
    form = {"decision": raw(data, "decision"), "motivation": raw(data, "motivation")}
    errors: dict[str, str] = {}
    motivation = _bounded(form, "motivation", MAX_LONG_TEXT, errors)
    decision = form["decision"].strip()
    if decision not in DECISIONS:
        decision = ""  # the service says "choose a decision" next to the field
    if errors:
        return Parsed(form, errors)
    return Parsed(form, value=DecisionForm(decision, motivation))


def parse_reassign(data: Mapping[str, Any]) -> Parsed[ReassignForm]:
    form = {"assignee": raw(data, "assignee")}
    try:
        return Parsed(form, value=ReassignForm(uuid.UUID(form["assignee"].strip()[:36])))
    except ValueError:
        return Parsed(form, {"assignee": messages.message("not_a_choice")})


# --------------------------------------------------------------------------- the JSON API (/api/v1)
# The OpenAPI document is generated from these structs: their bounds and patterns are the ones
# the API applies (msgspec checks them before the handler runs), so the schema never promises
# more than the API accepts, nor less.

# At least one visible character, no NUL (PostgreSQL text cannot hold one).
VISIBLE_TEXT = r"^[^\x00]*[^\x00\s][^\x00]*$"
API_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"

ApiKey = Annotated[
    str,
    msgspec.Meta(
        pattern=API_KEY_PATTERN,
        description=(
            "The client's idempotency key (1 to 64 letters, digits, `_ . : -`): the same key "
            "files one request, whatever the number of tries."
        ),
    ),
]


class GeneralQuestionIn(msgspec.Struct, frozen=True, kw_only=True,
                        tag_field="kind", tag="general_question"):  # fmt: skip
    """A question to the account manager (the "Ask a question" form, without attachments)."""

    subject: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_SHORT_TEXT,
                                         pattern=VISIBLE_TEXT)]  # fmt: skip
    question: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LONG_TEXT,
                                          pattern=VISIBLE_TEXT)]  # fmt: skip
    idempotency_key: ApiKey


class PensionHelpIn(msgspec.Struct, frozen=True, kw_only=True,
                    tag_field="kind", tag="pension_help"):  # fmt: skip
    """A question about one's pension (what the pension guide files, asked directly)."""

    question: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LONG_TEXT,
                                          pattern=VISIBLE_TEXT)]  # fmt: skip
    idempotency_key: ApiKey


# The kinds the API files (those filed with text only), one struct each, told apart by `kind`:
# a tagged union (oneOf with a discriminator) in the schema.
NewRequestIn = GeneralQuestionIn | PensionHelpIn


class RequestOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    reference: str | None
    kind: RequestKind
    kind_label: str
    status: Status
    status_label: str
    filed_at: datetime
    deadline: date | None  # the legal deadline of the decision, once received
    status_url: str


class AnswerOut(msgspec.Struct, frozen=True, kw_only=True):
    label: str
    value: str


class RequestEventOut(msgspec.Struct, frozen=True, kw_only=True):
    event: str
    label: str
    status: Status
    at: datetime
    by: Annotated[
        str, msgspec.Meta(description="affiliate, mandatary (for the affiliate), staff or system")
    ]


class RequestDetailOut(RequestOut, frozen=True, kw_only=True):
    answers: list[AnswerOut]
    events: list[RequestEventOut]
    open_question: str | None
    motivation: str | None
    decided_at: datetime | None
    can_withdraw: bool


class SubmittedOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    reference: str | None
    status: Status
    status_url: str
