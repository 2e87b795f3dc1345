"""The affiliate's view of their court procedures: on "My contributions" (court_context) and
one procedure's own page, reached from its inbox notice."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.identity.guards import require_affiliate, who
from app.kit import audit
from app.kit.errors import NotFound
from app.payments import court


def court_words() -> dict[str, Any]:
    return {
        "step_words": court.STEP_WORDS,
        "next_words": court.NEXT_WORDS,
        "procedure_kind": court.PROCEDURE_KIND,
        "party_kind": court.PARTY_KIND,
    }


async def court_context(actor: audit.Actor) -> dict[str, Any]:
    """The person's court procedures and their words, for the account page."""
    if actor.kind != "affiliate" or actor.id is None:
        return {"court": []}
    return {"court": await court.procedures_of_person(actor.id), **court_words()}


class CourtController(Controller):
    path = "/account/contributions/court"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/{procedure_id:uuid}", name="payments:court")
    async def procedure(
        self, request: Request[Any, Any, Any], procedure_id: FromPath[uuid.UUID]
    ) -> Template:
        """One of the person's own procedures; another's is not found."""
        _me, actor = await who(request)
        if actor.kind != "affiliate" or actor.id is None:
            raise NotFound()
        found = await court.procedure_of_person(actor.id, procedure_id)
        if found is None:
            raise NotFound()
        return Template("payments/court.html", context={"p": found, **court_words()})
