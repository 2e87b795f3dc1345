"""The anonymous owner's token: only its digest reaches the database."""

from __future__ import annotations

import hashlib
import secrets

from app.kit.http import WIZARD_DRAFT_COOKIE
from app.wizards.drafts import token_digest
from app.wizards.tables import WizardDraft


def test_the_digest_is_sha256_hex_and_fits_the_column() -> None:
    token = secrets.token_urlsafe(32)
    digest = token_digest(token)
    assert digest == hashlib.sha256(token.encode("utf-8")).hexdigest()
    assert digest != token
    assert len(digest) == 64 <= WizardDraft.owner_token.length


def test_the_cookie_name_is_named_once_for_wizards_and_identity() -> None:
    assert WIZARD_DRAFT_COOKIE == "affilio_wizard"
