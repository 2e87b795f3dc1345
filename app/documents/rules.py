"""Pure checks for uploaded files: the real type from the first bytes, size, a safe name.

Errors are codes; `app.documents.uploads` turns them into sentences in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 10
# What one affiliate may upload through one channel (requests, or the thread) in an hour: far
# above a real file, low enough that nobody fills the fund's database in an afternoon.
UPLOADS_PER_HOUR = 30
UPLOAD_BYTES_PER_HOUR = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileType:
    content_type: str
    extension: str


def sniff_file_type(head: bytes) -> FileType | None:
    """The real type from the first bytes (magic numbers), whatever the file name says."""
    if head.startswith(b"%PDF-"):
        return FileType("application/pdf", "pdf")
    if head.startswith(b"\xff\xd8\xff"):
        return FileType("image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType("image/png", "png")
    # HEIC/HEIF: an ISO-BMFF 'ftyp' box whose brand is one of Apple's HEIF brands.
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in (
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1",
    ):  # fmt: skip
        return FileType("image/heic", "heic")
    return None


def attachment_error(size: int, head: bytes) -> str | None:
    """An error code for one uploaded file, or None when it is acceptable."""
    if size == 0:
        return "empty_file"
    if size > MAX_ATTACHMENT_BYTES:
        return "too_large"
    if sniff_file_type(head) is None:
        return "wrong_type"
    return None


def safe_filename(name: str) -> str:
    """Keep a readable name, drop any path and control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip()
    return cleaned[:150] or "document"


def upload_quota_error(
    files_this_hour: int, bytes_this_hour: int, new_files: int, new_bytes: int
) -> str | None:
    """ "quota" when these files would go past the hourly allowance, else None."""
    if new_files == 0:
        return None
    if files_this_hour + new_files > UPLOADS_PER_HOUR:
        return "quota"
    if bytes_this_hour + new_bytes > UPLOAD_BYTES_PER_HOUR:
        return "quota"
    return None
