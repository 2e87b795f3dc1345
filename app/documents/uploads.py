"""Files in and out of the portal, for every domain that takes attachments (requests, threads).

Uploads are checked by content (documents.rules); downloads are always attachments with the
sniffed type, never rendered inline from our origin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

from litestar import Request, Response
from litestar.datastructures import UploadFile

from app.documents import rules
from app.kit.i18n import lazy_gettext as _

# Ten files of 10 MB at most, plus the form: bigger bodies are refused before parsing.
MAX_BODY = rules.MAX_ATTACHMENTS * rules.MAX_ATTACHMENT_BYTES + 10 * 1024 * 1024

FILE_ERRORS: dict[str, Any] = {
    "empty_file": _("The selected file is empty"),
    "too_large": _("The file must be smaller than 10 MB"),
    "wrong_type": _("The file must be a PDF, JPEG, PNG or HEIC"),
    "too_many_files": _("You can add up to 10 files"),
    "quota": _(
        "You have sent many files in the last hour. Please try again later, or send them by post."
    ),
}


@dataclass(frozen=True, slots=True)
class NewAttachment:
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class StoredFile:
    """What a table row keeps of a checked upload."""

    filename: str
    content_type: str
    size: int
    data: bytes


class Downloadable(Protocol):
    """A stored file as a download needs it (a read model's attachment, a StoredFile)."""

    @property
    def filename(self) -> str: ...

    @property
    def content_type(self) -> str: ...

    @property
    def data(self) -> bytes: ...


def check_attachments(attachments: Sequence[NewAttachment], field: str) -> dict[str, str]:
    """{field: message} for the first bad file, so the form can show it next to the input."""
    if len(attachments) > rules.MAX_ATTACHMENTS:
        return {field: str(FILE_ERRORS["too_many_files"])}
    for item in attachments:
        code = rules.attachment_error(len(item.data), item.data[:16])
        if code:
            return {field: f"{rules.safe_filename(item.filename)}: {FILE_ERRORS[code]}"}
    return {}


def check_quota(
    attachments: Sequence[NewAttachment], field: str, *, files: int, size: int
) -> dict[str, str]:
    """{field: message} when these files would pass the hour's allowance (`files` and `size`
    already uploaded through this channel in the last hour)."""
    code = rules.upload_quota_error(
        files, size, len(attachments), sum(len(a.data) for a in attachments)
    )
    return {field: str(FILE_ERRORS[code])} if code else {}


def stored(item: NewAttachment) -> StoredFile:
    """A checked upload as it is stored (call check_attachments first)."""
    kind = rules.sniff_file_type(item.data[:16])
    if kind is None:
        raise ValueError("unchecked attachment")
    return StoredFile(
        filename=rules.safe_filename(item.filename),
        content_type=kind.content_type,
        size=len(item.data),
        data=item.data,
    )


async def read_uploads(request: Request[Any, Any, Any], name: str = "attachments") -> list[Any]:
    """Uploaded files of one input; an empty file input (no file chosen) gives nothing."""
    form = await request.form()
    files: list[NewAttachment] = []
    for item in form.getall(name) if name in form else []:
        if isinstance(item, UploadFile) and item.filename:
            files.append(NewAttachment(filename=item.filename, data=await item.read()))
    return files


def file_response(file: Downloadable) -> Response[bytes]:
    """Always a download with the sniffed type; names outside Latin-1 go in `filename*`
    (RFC 6266), with an ASCII fallback for old clients."""
    name = file.filename.replace('"', "").replace("\r", "").replace("\n", "")
    fallback = name.encode("ascii", "replace").decode("ascii").replace("?", "_")
    disposition = f'attachment; filename="{fallback}"'
    if fallback != name:
        disposition += f"; filename*=UTF-8''{quote(name)}"
    return Response(
        content=bytes(file.data),
        media_type=file.content_type,
        headers={"content-disposition": disposition, "cache-control": "private, no-store"},
    )
