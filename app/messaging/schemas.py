"""The inbox's JSON API (/api/v1/inbox) as msgspec structs (the OpenAPI document's source)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec


class InboxMessageOut(msgspec.Struct, frozen=True, kw_only=True):
    id: uuid.UUID
    kind: str
    kind_label: str
    subject: str
    body: str
    created_at: datetime
    read: bool
    link: Annotated[str | None, msgspec.Meta(description="Where in the portal it leads")]


class InboxOut(msgspec.Struct, frozen=True, kw_only=True):
    messages: list[InboxMessageOut]  # newest first, a page at a time
    unread: Annotated[int, msgspec.Meta(ge=0, description="Unread inbox messages, in all")]
    thread_unread: Annotated[
        int, msgspec.Meta(ge=0, description="Unread answers of the account manager (thread)")
    ]
    older: Annotated[
        datetime | None,
        msgspec.Meta(description="The next page: pass it as `before`; none on the last page"),
    ]
