"""The affiliate's suggestions: a right found in their file, asked in one tap or dismissed."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.identity.guards import require_affiliate, who
from app.identity.rules import safe_next
from app.kit import i18n
from app.kit.i18n import gettext as _
from app.rights import queries, service
from app.rights.messages import BODIES, CLAIM, DISMISS, OPEN_FORM, RIGHT_LABELS, STATE_LABELS
from app.rights.rules import ONE_TAP, Right

# Where a right that cannot be asked in one tap is asked (its form or its guide).
FORMS: dict[Right, str] = {
    Right.SURCHARGE_WAIVER: "/account/contributions",
    Right.BRIDGING_RIGHT: "/wizards/bankruptcy",
    Right.PENSION_INFORMATION: "/wizards/pension",
    Right.LEGAL_PENSION: "/wizards/pension",
    Right.PRIMO_STARTER: "/simulator/adjust",
    Right.LOWER_PROVISIONAL: "/simulator/adjust",
}


# The adjustment form takes its fields from the address (app/contributions: GET /adjust).
FORM_FIELDS = {"year": "year", "category": "category", "estimated_income": "income",
               "direction": "direction"}  # fmt: skip


def form_link(finding: queries.FindingView) -> str | None:
    """The form where the right is asked, with what the finding knows already filled in."""
    form = FORMS.get(finding.right)
    if form != "/simulator/adjust":
        return form
    fields = {name: finding.prefill[k] for k, name in FORM_FIELDS.items() if k in finding.prefill}
    return f"{form}?{urlencode(fields)}" if fields else form


def body_text(finding: queries.FindingView) -> str:
    """The suggestion in the reader's language, with the same words as its inbox message."""
    context = service.context_of(finding.right, finding.figures, finding.deadline)
    shown = {
        name: i18n.format_day(value)
        if isinstance(value, date)
        else i18n.format_money(value)
        if isinstance(value, Decimal)
        else str(value)
        for name, value in context.items()
    }
    return _(BODIES[finding.right], **shown)


class RightsController(Controller):
    path = "/rights"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/{finding_id:uuid}", name="rights:finding")
    async def finding(
        self, request: Request[Any, Any, Any], finding_id: FromPath[uuid.UUID]
    ) -> Template:
        _me, actor = await who(request)
        finding = await queries.finding_for_affiliate(actor, finding_id)
        return Template(
            "rights/finding.html",
            context={
                "finding": finding,
                "title": RIGHT_LABELS[finding.right],
                "body": body_text(finding),
                "state": STATE_LABELS[finding.state],
                "one_tap": finding.right in ONE_TAP,
                "form": form_link(finding),
                "claim_label": CLAIM,
                "form_label": OPEN_FORM,
                "dismiss_label": DISMISS,
            },
        )

    @post("/{finding_id:uuid}/claim", name="rights:claim")
    async def claim(
        self, request: Request[Any, Any, Any], finding_id: FromPath[uuid.UUID]
    ) -> Redirect:
        """One tap: the request filed with what the file already says; a right that needs
        more (a reason, the guide's questions) leads to its form instead."""
        _me, actor = await who(request)
        finding = await queries.finding_for_affiliate(actor, finding_id)
        if finding.right not in ONE_TAP:
            return Redirect(path=form_link(finding) or "/", status_code=303)
        request_id = await service.claim_finding(actor, finding_id)
        return Redirect(path=f"/requests/{request_id}?sent=1", status_code=303)

    @post("/{finding_id:uuid}/dismiss", name="rights:dismiss")
    async def dismiss(
        self, request: Request[Any, Any, Any], finding_id: FromPath[uuid.UUID]
    ) -> Redirect:
        """Never suggested again; back where the affiliate was (the inbox, the home page)."""
        _me, actor = await who(request)
        await service.dismiss_finding(actor, finding_id)
        back = safe_next(str((await request.form()).get("next") or f"/rights/{finding_id}"))
        return Redirect(path=back, status_code=303)
