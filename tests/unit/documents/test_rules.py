"""Uploaded files: the real type from the first bytes, size limits, safe names, downloads."""

from __future__ import annotations

import pytest

from app.documents.rules import (
    MAX_ATTACHMENT_BYTES,
    attachment_error,
    safe_filename,
    sniff_file_type,
    upload_quota_error,
)
from app.documents.uploads import NewAttachment, StoredFile, check_attachments, file_response
from app.kit import i18n

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7", "application/pdf"),
        (b"\xff\xd8\xff\xdb", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\x00\x00\x00\x18ftypheic", "image/heic"),
        (b"\x00\x00\x00\x18ftypmp42", None),
        (b"GIF89a", None),
        (b"MZ\x90\x00", None),
    ],
    ids=["pdf", "jpeg", "png", "heic", "mp4", "gif", "exe"],
)
def test_sniff_file_type(head: bytes, expected: str | None) -> None:
    found = sniff_file_type(head)
    assert (found.content_type if found else None) == expected


def test_attachment_errors() -> None:
    assert attachment_error(0, b"") == "empty_file"
    assert attachment_error(MAX_ATTACHMENT_BYTES + 1, b"%PDF-") == "too_large"
    assert attachment_error(MAX_ATTACHMENT_BYTES, b"%PDF-") is None
    assert attachment_error(10, b"<html>") == "wrong_type"
    assert safe_filename("C:\\Users\\me\\scan<1>.pdf") == "scan1.pdf"
    assert safe_filename("../../") == "document"


def test_eleven_files_are_refused_before_any_is_read() -> None:
    files = [NewAttachment(f"{n}.pdf", b"%PDF-1.7") for n in range(11)]
    with i18n.language("en"):
        found = check_attachments(files, "attachments")
    assert found == {"attachments": "You can add up to 10 files"}


def test_the_bad_file_is_named_in_the_message() -> None:
    files = [NewAttachment("ok.pdf", b"%PDF-1.7"), NewAttachment("../evil.html", b"<html>")]
    with i18n.language("nl"):
        found = check_attachments(files, "proof")
    assert found == {"proof": "evil.html: Het bestand moet een PDF, JPEG, PNG of HEIC zijn"}


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("scan.pdf", 'attachment; filename="scan.pdf"'),
        (
            "attestation_été.pdf",
            'attachment; filename="attestation__t_.pdf"; '
            "filename*=UTF-8''attestation_%C3%A9t%C3%A9.pdf",
        ),
        ('a"b.pdf', 'attachment; filename="ab.pdf"'),
    ],
    ids=["ascii", "accents", "quote"],
)
def test_downloads_are_attachments_and_keep_non_latin_names(name: str, disposition: str) -> None:
    response = file_response(
        StoredFile(filename=name, content_type="application/pdf", size=5, data=b"%PDF-")
    )
    assert response.headers["content-disposition"] == disposition
    assert response.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize(
    ("files", "size", "new_files", "new_size", "error"),
    [
        (0, 0, 10, 10_000, None),
        (29, 0, 1, 10, None),
        (30, 0, 1, 10, "quota"),
        (20, 99 * 1024 * 1024, 1, 1024 * 1024, None),
        (20, 99 * 1024 * 1024, 1, 1024 * 1024 + 1, "quota"),
        (30, 0, 0, 0, None),  # no file at all: always fine
    ],
    ids=["first", "thirtieth", "thirty-first", "exactly-100-mb", "over-100-mb", "text-only"],
)
def test_upload_quota(
    files: int, size: int, new_files: int, new_size: int, error: str | None
) -> None:
    assert upload_quota_error(files, size, new_files, new_size) == error
