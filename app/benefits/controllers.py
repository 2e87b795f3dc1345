"""The affiliate's benefits: their entitlements, and each one's schedule of payments."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.benefits import queries, undue
from app.benefits.messages import labels
from app.identity.guards import require_affiliate, who
from app.kit import clock
from app.requests.messages import appeal_paragraph


class BenefitsController(Controller):
    path = "/benefits"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="benefits:index")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        _me, actor = await who(request)
        entitlements = await queries.entitlements_for_affiliate(actor)
        return Template("benefits/index.html", context={"entitlements": entitlements, **labels()})

    @get("/{entitlement_id:uuid}", name="benefits:detail")
    async def detail(
        self, request: Request[Any, Any, Any], entitlement_id: FromPath[uuid.UUID]
    ) -> Template:
        _me, actor = await who(request)
        entitlement = await queries.entitlement_for_affiliate(actor, entitlement_id)
        claims = await undue.undue_for_affiliate(actor, entitlement_id)
        return Template(
            "benefits/detail.html",
            context={
                "entitlement": entitlement,
                "next_payment": entitlement.next_payment(clock.today()),
                "claims": [(c, undue.transfer_of(c)) for c in claims],
                "appeal_text": appeal_paragraph() if claims else "",
                **labels(),
            },
        )
