"""My privacy (/account/privacy): who at the fund opened my file, all my data in one download,
and the two data-protection requests (correct, erase), each decided by staff within the month
GDPR art. 12(3) allows."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.home import data_export, file_reads
from app.identity.guards import require_affiliate, require_step_up, who
from app.kit.errors import FormInvalid, NotFound
from app.kit.forms import FieldError, integer, raw
from app.kit.http import AnyRequest
from app.requests import service as requests
from app.requests.kinds import RequestKind, spec

# The privacy requests an affiliate files from this page, by the slug in their URL.
KINDS = {"rectification": RequestKind.RECTIFICATION, "erasure": RequestKind.ERASURE}
MAX_KEY = 64


class PrivacyController(Controller):
    path = "/account/privacy"
    guards = [require_affiliate]
    include_in_schema = False

    @get("/", name="privacy:index")
    async def index(self, request: AnyRequest) -> Template:
        _me, actor = await who(request)
        try:
            page = integer(request.query_params.get("page") or "1", minimum=1, maximum=10_000)
        except FieldError:
            page = 1
        reads, more = await file_reads.file_reads_for(actor, page=page or 1)
        mandataries = await file_reads.mandatary_actions_for(actor)
        return Template(
            "home/privacy.html",
            context={"reads": reads, "page": page or 1, "more": more, "mandataries": mandataries},
        )

    @post("/export", name="privacy:export", guards=[require_step_up], status_code=200)
    async def export(self, request: AnyRequest) -> Response[bytes]:
        """Behind a fresh passkey check (a form, so that the check returns to the page and
        no prefetch builds a zip): the zip holds the whole file."""
        _me, actor = await who(request)
        found = await data_export.export_for(actor)
        return Response(
            found.data,
            media_type="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="{found.filename}"',
                "Cache-Control": "no-store",
            },
        )

    @get("/{right:str}", name="privacy:request_form")
    async def request_form(self, right: FromPath[str]) -> Template:
        return _form_page(right, {"key": uuid.uuid4().hex}, {})

    @post("/{right:str}", name="privacy:request_submit")
    async def request_submit(
        self, request: AnyRequest, right: FromPath[str]
    ) -> Template | Redirect:
        kind = _kind(right)
        me, actor = await who(request)
        data = await request.form()
        names = [f.name for f in spec(kind).fields]
        form = {name: raw(data, name) for name in names}
        form["key"] = (raw(data, "key") or uuid.uuid4().hex)[:MAX_KEY]
        try:
            submitted = await requests.submit_request(
                actor,
                person_id=me.id,
                kind=kind,
                answers={name: form[name] for name in names},
                idempotency_key=f"privacy:{form['key']}",
            )
        except FormInvalid as exc:
            return _form_page(right, form, dict(exc.errors), status_code=422)
        return Redirect(path=f"/requests/{submitted.id}?sent=1", status_code=303)


def _kind(slug: str) -> RequestKind:
    kind = KINDS.get(slug)
    if kind is None:
        raise NotFound()
    return kind


def _form_page(
    slug: str, form: dict[str, str], errors: dict[str, str], *, status_code: int = 200
) -> Template:
    kind = _kind(slug)
    context: dict[str, Any] = {
        "slug": slug,
        "kind": kind.value,
        "fields": spec(kind).fields,
        "form": form,
        "errors": errors,
    }
    return Template("home/privacy_request.html", context=context, status_code=status_code)
