"""My documents (/documents): every PDF the fund made for the affiliate, newest first, each
downloadable by its owner only; and the fiscal attestation of a past year, asked in one step."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.documents import queries as documents
from app.documents.uploads import file_response
from app.identity.guards import require_affiliate, who
from app.kit import clock
from app.kit.errors import FormInvalid
from app.kit.forms import FieldError, integer
from app.kit.http import AnyRequest
from app.kit.i18n import gettext as _
from app.payments import service as payments


class DocumentsController(Controller):
    path = "/documents"
    guards = [require_affiliate]
    include_in_schema = False

    async def _page(self, request: AnyRequest, *, errors: dict[str, str] | None = None,
                    asked: str = "", status_code: int = 200) -> Template:  # fmt: skip
        me, actor = await who(request)
        return Template(
            "documents/list.html",
            context={
                "documents": await documents.documents_for(actor),
                "years": await payments.attestations.fiscal_years(me.id, clock.today()),
                "certificate": await payments.attestations.may_have_certificate(me.id),
                "errors": errors or {},
                "asked": asked or request.query_params.get("asked", ""),
            },
            status_code=status_code,
        )

    @get("/", name="documents:list")
    async def list_documents(self, request: AnyRequest) -> Template:
        return await self._page(request)

    @post("/fiscal-attestation", name="documents:fiscal_attestation")
    async def fiscal_attestation(self, request: AnyRequest) -> Template | Redirect:
        """Asked once: a worker makes it and the inbox says when it is there."""
        _me, actor = await who(request)
        raw = str((await request.form()).get("year") or "")
        try:
            year = integer(raw, minimum=1990, maximum=2100) or 0
            await payments.attestations.request_fiscal_attestation(actor, year)
        except FieldError:
            return await self._page(request, errors={"year": _("Choose a year")},
                                    status_code=422)  # fmt: skip
        except FormInvalid as exc:
            return await self._page(request, errors=dict(exc.errors), status_code=422)
        return Redirect(path=f"/documents?asked={year}", status_code=303)

    @post("/affiliation-certificate", name="documents:affiliation_certificate")
    async def affiliation_certificate(self, request: AnyRequest) -> Template | Redirect:
        _me, actor = await who(request)
        try:
            await payments.attestations.request_affiliation_certificate(actor)
        except FormInvalid as exc:
            return await self._page(request, errors=dict(exc.errors), status_code=422)
        return Redirect(path="/documents?asked=certificate", status_code=303)

    @get("/{document_id:uuid}", name="documents:download")
    async def download(
        self, request: AnyRequest, document_id: FromPath[uuid.UUID]
    ) -> Response[Any]:
        _me, actor = await who(request)
        return file_response(await documents.document_for(actor, document_id))
