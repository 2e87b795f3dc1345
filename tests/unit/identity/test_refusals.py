"""Every reason a passkey can be refused has staff words, in each language."""

from __future__ import annotations

import pytest

from app.identity.passkeys import PasskeyErrorCode
from app.identity.refusals import REASONS, reason_label
from app.kit import i18n

# The codes credentials.authenticate_passkey records besides the verifier's own.
SERVICE_CODES = {"expired", "unknown_credential", "revoked_credential", "user_handle_mismatch",
                 "other_account", "inactive_account"}  # fmt: skip


def test_every_refusal_code_has_words() -> None:
    assert {code.value for code in PasskeyErrorCode} | SERVICE_CODES == set(REASONS)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "Le compteur de la clé d'accès a reculé\u00a0: elle a peut-être été copiée"),
        ("nl", "De teller van de toegangssleutel ging achteruit: hij werd misschien gekopieerd"),
        ("en", "The passkey's counter went backwards: it may have been copied"),
    ],
)
def test_a_cloned_authenticator_is_named_in_the_staff_language(lang: str, words: str) -> None:
    with i18n.language(lang):
        assert reason_label("replayed") == words


def test_an_unknown_code_is_shown_as_recorded() -> None:
    assert reason_label("something_new") == "something_new"
