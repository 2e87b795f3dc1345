"""HTTP helpers shared by the request, staff and messaging pages: uploads in, files out."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.datastructures import UploadFile

from app.requests.messages import EVENT_LABELS, STATUS_LABELS
from app.requests.service import NewAttachment

# Ten files of 10 MB at most, plus the form: bigger bodies are refused before parsing.
MAX_BODY = 110 * 1024 * 1024


async def read_uploads(request: Request[Any, Any, Any], name: str = "attachments") -> list[Any]:
    """Uploaded files of one input; an empty file input (no file chosen) gives nothing."""
    form = await request.form()
    files: list[NewAttachment] = []
    for item in form.getall(name) if name in form else []:
        if isinstance(item, UploadFile) and item.filename:
            files.append(NewAttachment(filename=item.filename, data=await item.read()))
    return files


def file_response(row: dict[str, Any]) -> Response[bytes]:
    """Always a download with the sniffed type: never rendered inline from our origin."""
    name = row["filename"].replace('"', "")
    return Response(
        content=bytes(row["data"]),
        media_type=row["content_type"],
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "private, no-store",
        },
    )


def labels() -> dict[str, Any]:
    return {"status_labels": STATUS_LABELS, "event_labels": EVENT_LABELS}
