"""Which e-mail address and language a known file keeps once a claimant is linked into it."""

from __future__ import annotations

import pytest

from app.identity.rules import MergedContact, MergedEmail, merged_contact

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("file_email", "file_language", "claimant_email", "claimant_language", "expected"),
    [
        # The fund recorded the file's address: it stays, whatever the claimant proved.
        (
            "lotte@example.be", "fr", "noa@example.be", "nl",
            MergedContact("lotte@example.be", "fr", MergedEmail.KEPT_FILE),
        ),
        (
            "Lotte@Example.be", "nl", "lotte@example.be", "fr",
            MergedContact("Lotte@Example.be", "nl", MergedEmail.SAME),
        ),
        (
            "lotte@example.be", "fr", None, "nl",
            MergedContact("lotte@example.be", "fr", MergedEmail.KEPT_FILE),
        ),
        # No address on the file: the proven sign-up address, with the claimant's language.
        (
            None, "fr", "noa@example.be", "nl",
            MergedContact("noa@example.be", "nl", MergedEmail.TAKEN_FROM_CLAIMANT),
        ),
        (
            "  ", "fr", "noa@example.be", "en",
            MergedContact("noa@example.be", "en", MergedEmail.TAKEN_FROM_CLAIMANT),
        ),
        (None, "nl", None, "fr", MergedContact(None, "nl", MergedEmail.NONE)),
    ],
)  # fmt: skip
def test_the_file_keeps_its_own_address_when_it_has_one(
    file_email: str | None,
    file_language: str,
    claimant_email: str | None,
    claimant_language: str,
    expected: MergedContact,
) -> None:
    assert merged_contact(file_email, file_language, claimant_email, claimant_language) == expected


def test_outcome_codes_are_stable() -> None:
    assert [m.value for m in MergedEmail] == ["kept_file", "same", "taken_from_claimant", "none"]
