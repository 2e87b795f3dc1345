"""The guides' JSON API (/api/v1/guides) as msgspec structs: the OpenAPI document is generated
from them, and msgspec applies their bounds before a handler runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from litestar.params import Parameter

from app.requests.kinds import RequestKind
from app.requests.states import Status
from app.wizards.model import AnswerType

NAME_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
API_KEY_PATTERN = r"^[A-Za-z0-9_.:-]{1,64}$"
MAX_ANSWER = 1000  # longer than any question accepts (their own limit says so per field)
MAX_ANSWERS = 20


class GuideSlug(StrEnum):
    """The guides (app.wizards.catalogue.WIZARDS, a unit test keeps them equal)."""

    STARTING_OUT = "starting_out"
    NEW_CHILD = "new_child"
    ILLNESS = "illness"
    PAYMENT_DIFFICULTY = "payment_difficulty"
    BANKRUPTCY = "bankruptcy"
    PENSION = "pension"
    CESSATION = "cessation"


StepName = Annotated[
    str, Parameter(pattern=NAME_PATTERN, max_length=64, description="A step of the guide")
]
AnswerText = Annotated[str, msgspec.Meta(max_length=MAX_ANSWER)]


class StepAnswersIn(msgspec.Struct, frozen=True, kw_only=True):
    answers: Annotated[
        dict[Annotated[str, msgspec.Meta(pattern=NAME_PATTERN)], AnswerText],
        msgspec.Meta(
            max_length=MAX_ANSWERS,
            description=(
                "The step's answers by question name, as typed (amounts `1 234,56`, dates "
                "`31/03/2026` or `2026-03-31`, choices by their value, yes/no as `yes`/`no`). "
                "Questions of other steps are ignored."
            ),
            # Litestar's document does not carry a mapping's bounds by itself: stated here.
            extra_json_schema={
                "extra": {
                    "max_properties": MAX_ANSWERS,
                    "property_names": {"type": "string", "pattern": NAME_PATTERN},
                    "additional_properties": {"type": "string", "maxLength": MAX_ANSWER},
                }
            },
        ),
    ]
    idempotency_key: Annotated[
        str,
        msgspec.Meta(
            pattern=API_KEY_PATTERN,
            description="The client's key for this save: sent again, nothing changes.",
        ),
    ]


class SubmitGuideIn(msgspec.Struct, frozen=True, kw_only=True):
    kinds: Annotated[
        list[RequestKind],
        msgspec.Meta(min_length=1, max_length=20, description="The requests to file"),
    ]
    declaration: Annotated[
        Literal[True], msgspec.Meta(description="The person confirms their answers are true")
    ]


class OptionOut(msgspec.Struct, frozen=True, kw_only=True):
    value: str
    label: str


class QuestionOut(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    label: str
    hint: str | None
    type: AnswerType
    required: bool
    options: list[OptionOut]
    answer: str | None  # as stored (canonical): amounts 1234.50, dates ISO, yes/no


class StepOut(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    answered: bool
    url: str  # where to PUT its answers
    questions: list[QuestionOut]


class OfferOut(msgspec.Struct, frozen=True, kw_only=True):
    kind: RequestKind
    label: str


class GuideDraftOut(msgspec.Struct, frozen=True, kw_only=True):
    guide: GuideSlug
    title: str
    draft_id: uuid.UUID | None  # none yet: nothing answered
    updated_at: datetime | None
    next_step: Annotated[
        str, msgspec.Meta(description="The first step still to answer, or `check` when done")
    ]
    complete: bool
    steps: list[StepOut]  # the person's path: the answered steps and the next one
    offers: list[OfferOut]  # complete: the requests the outcome offers to file


class FiledOut(msgspec.Struct, frozen=True, kw_only=True):
    kind: RequestKind
    id: uuid.UUID
    reference: str | None
    status: Status
    status_url: str


class GuideFiledOut(msgspec.Struct, frozen=True, kw_only=True):
    guide: GuideSlug
    draft_id: uuid.UUID
    filed: list[FiledOut]
