"""Passkey ceremonies verified for real by py_webauthn, against a software authenticator."""

from __future__ import annotations

import json

import pytest

from app.identity.passkeys import (
    AuthResult,
    PasskeyError,
    PasskeyErrorCode,
    RegisteredCredential,
    RelyingParty,
    RelyingPartyError,
    RelyingPartyErrorCode,
    authentication_options,
    parse_credential_id,
    parse_user_handle,
    registration_options,
    rp_from_base_url,
    verify_authentication,
    verify_registration,
)
from tests.support.soft_authenticator import SoftAuthenticator, b64url, b64url_decode

pytestmark = pytest.mark.unit

RP = RelyingParty(rp_id="portal.example.be", origin="https://portal.example.be", name="Affilio")
USER_ID = b"\x01" * 32


@pytest.fixture
def authenticator() -> SoftAuthenticator:
    return SoftAuthenticator(origin=RP.origin, rp_id=RP.rp_id)


def register(authenticator: SoftAuthenticator) -> RegisteredCredential:
    options_json, challenge = registration_options(RP, USER_ID, "jan@example.be", "Jan Peeters")
    return verify_registration(RP, authenticator.create_from_options(options_json), challenge)


def expect_code(code: PasskeyErrorCode, excinfo: pytest.ExceptionInfo[PasskeyError]) -> None:
    assert excinfo.value.code == code, excinfo.value.detail


class TestRpFromBaseUrl:
    @pytest.mark.parametrize(
        ("base_url", "rp_id", "origin"),
        [
            ("https://portal.example.be", "portal.example.be", "https://portal.example.be"),
            ("https://portal.example.be/", "portal.example.be", "https://portal.example.be"),
            ("https://Portal.Example.be:443/x", "portal.example.be", "https://portal.example.be"),
            (
                "https://portal.example.be:8443",
                "portal.example.be",
                "https://portal.example.be:8443",
            ),
            ("http://localhost:8123", "localhost", "http://localhost:8123"),
            ("http://localhost", "localhost", "http://localhost"),
            ("http://app.localhost:80", "app.localhost", "http://app.localhost"),
        ],
        ids=[
            "plain",
            "slash",
            "default-port-and-case",
            "port",
            "localhost-port",
            "localhost",
            "sub-localhost",
        ],
    )
    def test_ok(self, base_url: str, rp_id: str, origin: str) -> None:
        assert rp_from_base_url(base_url) == RelyingParty(rp_id, origin, "Affilio")

    @pytest.mark.parametrize(
        ("base_url", "code"),
        [
            ("http://127.0.0.1:8000", RelyingPartyErrorCode.IP_ADDRESS_HOST),
            ("https://[::1]:8443", RelyingPartyErrorCode.IP_ADDRESS_HOST),
            ("https://10.0.0.5", RelyingPartyErrorCode.IP_ADDRESS_HOST),
            ("http://portal.example.be", RelyingPartyErrorCode.INSECURE_ORIGIN),
            ("portal.example.be", RelyingPartyErrorCode.BAD_URL),
            ("ftp://portal.example.be", RelyingPartyErrorCode.BAD_URL),
            ("https://portal.example.be:99999", RelyingPartyErrorCode.BAD_URL),
        ],
        ids=["ipv4", "ipv6", "private-ip", "http-remote", "no-scheme", "ftp", "bad-port"],
    )
    def test_refused(self, base_url: str, code: RelyingPartyErrorCode) -> None:
        with pytest.raises(RelyingPartyError) as excinfo:
            rp_from_base_url(base_url)
        assert excinfo.value.code == code
        assert isinstance(excinfo.value, ValueError)

    def test_ip_error_is_explained(self) -> None:
        with pytest.raises(RelyingPartyError, match="localhost"):
            rp_from_base_url("http://127.0.0.1:8000")


class TestRegistrationOptions:
    def test_policy(self) -> None:
        excluded = [b"\xaa" * 16, b"\xbb" * 16]
        options_json, challenge = registration_options(
            RP, USER_ID, "jan@example.be", "Jan Peeters", excluded
        )
        options = json.loads(options_json)
        assert options["rp"] == {"name": "Affilio", "id": "portal.example.be"}
        assert options["user"] == {
            "id": b64url(USER_ID),
            "name": "jan@example.be",
            "displayName": "Jan Peeters",
        }
        assert b64url_decode(options["challenge"]) == challenge
        assert len(challenge) >= 32
        assert [p["alg"] for p in options["pubKeyCredParams"]] == [-7, -257]
        selection = options["authenticatorSelection"]
        assert selection["residentKey"] == "required"
        assert selection["requireResidentKey"] is True
        assert selection["userVerification"] == "required"
        assert options["attestation"] == "none"
        assert [b64url_decode(c["id"]) for c in options["excludeCredentials"]] == excluded

    @pytest.mark.parametrize("user_id", [b"", b"x" * 65], ids=["empty", "too-long"])
    def test_user_handle_size(self, user_id: bytes) -> None:
        with pytest.raises(ValueError):
            registration_options(RP, user_id, "jan", "Jan")

    def test_fresh_challenge_each_time(self) -> None:
        first = registration_options(RP, USER_ID, "a", "A")[1]
        second = registration_options(RP, USER_ID, "a", "A")[1]
        assert first != second


class TestVerifyRegistration:
    def test_ok(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        assert credential.credential_id == authenticator.credential_id
        assert credential.sign_count == 0
        assert credential.backup_eligible is True
        assert credential.backed_up is True
        assert credential.transports == ("hybrid", "internal")
        assert credential.aaguid == "00000000-0000-0000-0000-000000000000"
        assert credential.public_key  # COSE key, reused at authentication

    def test_device_bound_key(self) -> None:
        authenticator = SoftAuthenticator(origin=RP.origin, rp_id=RP.rp_id, synced=False)
        credential = register(authenticator)
        assert (credential.backup_eligible, credential.backed_up) == (False, False)

    def test_wrong_challenge(self, authenticator: SoftAuthenticator) -> None:
        _, challenge = registration_options(RP, USER_ID, "jan", "Jan")
        response = authenticator.create(b"another challenge", USER_ID)
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, response, challenge)
        expect_code(PasskeyErrorCode.BAD_CHALLENGE, excinfo)

    def test_wrong_origin(self, authenticator: SoftAuthenticator) -> None:
        _, challenge = registration_options(RP, USER_ID, "jan", "Jan")
        response = authenticator.create(challenge, USER_ID, origin="https://phish.example.com")
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, response, challenge)
        expect_code(PasskeyErrorCode.BAD_ORIGIN, excinfo)

    def test_wrong_rp_id(self, authenticator: SoftAuthenticator) -> None:
        _, challenge = registration_options(RP, USER_ID, "jan", "Jan")
        response = authenticator.create(challenge, USER_ID, rp_id="example.com")
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, response, challenge)
        expect_code(PasskeyErrorCode.BAD_RP_ID, excinfo)

    def test_user_not_verified(self, authenticator: SoftAuthenticator) -> None:
        _, challenge = registration_options(RP, USER_ID, "jan", "Jan")
        response = authenticator.create(challenge, USER_ID, uv=False)
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, response, challenge)
        expect_code(PasskeyErrorCode.USER_NOT_VERIFIED, excinfo)

    def test_user_not_present(self, authenticator: SoftAuthenticator) -> None:
        _, challenge = registration_options(RP, USER_ID, "jan", "Jan")
        response = authenticator.create(challenge, USER_ID, up=False)
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, response, challenge)
        expect_code(PasskeyErrorCode.USER_NOT_PRESENT, excinfo)

    def test_assertion_is_not_a_registration(self, authenticator: SoftAuthenticator) -> None:
        register(authenticator)
        challenge = b"c" * 32
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, authenticator.get(challenge), challenge)
        expect_code(PasskeyErrorCode.INVALID, excinfo)

    @pytest.mark.parametrize(
        "payload",
        ["", "not json", "[]", "{}", '{"id": "x", "rawId": "x", "response": {}}'],
        ids=["empty", "not-json", "array", "empty-object", "no-response-fields"],
    )
    def test_garbage(self, payload: str) -> None:
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, payload, b"c" * 32)
        expect_code(PasskeyErrorCode.INVALID, excinfo)

    def test_garbage_attestation_object(self, authenticator: SoftAuthenticator) -> None:
        _, challenge = registration_options(RP, USER_ID, "jan", "Jan")
        data = json.loads(authenticator.create(challenge, USER_ID))
        data["response"]["attestationObject"] = b64url(b"\xff\x00garbage")
        with pytest.raises(PasskeyError) as excinfo:
            verify_registration(RP, json.dumps(data), challenge)
        expect_code(PasskeyErrorCode.INVALID, excinfo)


class TestAuthenticationOptions:
    def test_discoverable_and_uv_required(self) -> None:
        options_json, challenge = authentication_options(RP)
        options = json.loads(options_json)
        assert options["rpId"] == "portal.example.be"
        assert options["userVerification"] == "required"
        assert options.get("allowCredentials", []) == []
        assert b64url_decode(options["challenge"]) == challenge


class TestParseHelpers:
    def test_credential_id_and_user_handle(self, authenticator: SoftAuthenticator) -> None:
        register(authenticator)
        options_json, _ = authentication_options(RP)
        response = authenticator.get_from_options(options_json)
        assert parse_credential_id(response) == authenticator.credential_id
        assert parse_user_handle(response) == USER_ID

    def test_user_handle_absent(self, authenticator: SoftAuthenticator) -> None:
        response = authenticator.get(b"c" * 32)  # never registered: no user handle kept
        assert parse_user_handle(response) is None

    @pytest.mark.parametrize(
        "payload",
        ["nope", "[]", "{}", '{"rawId": 5}', '{"rawId": "!!"}'],
        ids=["not-json", "array", "no-raw-id", "raw-id-not-str", "raw-id-not-b64"],
    )
    def test_bad_credential_id(self, payload: str) -> None:
        with pytest.raises(PasskeyError) as excinfo:
            parse_credential_id(payload)
        expect_code(PasskeyErrorCode.INVALID, excinfo)

    @pytest.mark.parametrize(
        "payload",
        ["nope", "{}", '{"response": {"userHandle": 3}}', '{"response": {"userHandle": "a b"}}'],
        ids=["not-json", "no-response", "handle-not-str", "handle-not-b64"],
    )
    def test_bad_user_handle(self, payload: str) -> None:
        with pytest.raises(PasskeyError) as excinfo:
            parse_user_handle(payload)
        expect_code(PasskeyErrorCode.INVALID, excinfo)


class TestVerifyAuthentication:
    def login(
        self, authenticator: SoftAuthenticator, credential: RegisteredCredential, **kwargs: object
    ) -> AuthResult:
        options_json, challenge = authentication_options(RP)
        response = authenticator.get(b64url_decode(json.loads(options_json)["challenge"]), **kwargs)
        return verify_authentication(
            RP, response, challenge, credential.public_key, credential.sign_count
        )

    def test_ok_and_sign_count_increments(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        first = self.login(authenticator, credential)
        assert first == AuthResult(new_sign_count=1, backed_up=True, user_verified=True)
        options_json, challenge = authentication_options(RP)
        second = verify_authentication(
            RP,
            authenticator.get_from_options(options_json),
            challenge,
            credential.public_key,
            first.new_sign_count,
        )
        assert second.new_sign_count == 2

    def test_zero_counter_authenticators_are_accepted(
        self, authenticator: SoftAuthenticator
    ) -> None:
        # Synced passkeys often report 0 forever; 0 -> 0 is not a replay.
        credential = register(authenticator)
        assert self.login(authenticator, credential, sign_count=0).new_sign_count == 0

    @pytest.mark.parametrize("stored", [5, 6], ids=["equal", "went-backwards"])
    def test_replayed(self, authenticator: SoftAuthenticator, stored: int) -> None:
        credential = register(authenticator)
        _, challenge = authentication_options(RP)
        response = authenticator.get(challenge, sign_count=5)
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, response, challenge, credential.public_key, stored)
        expect_code(PasskeyErrorCode.REPLAYED, excinfo)

    def test_same_response_twice_is_replayed(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        _, challenge = authentication_options(RP)
        response = authenticator.get(challenge)
        result = verify_authentication(RP, response, challenge, credential.public_key, 0)
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(
                RP, response, challenge, credential.public_key, result.new_sign_count
            )
        expect_code(PasskeyErrorCode.REPLAYED, excinfo)

    def test_wrong_challenge(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        _, challenge = authentication_options(RP)
        response = authenticator.get(b"stale challenge from another session")
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, response, challenge, credential.public_key, 0)
        expect_code(PasskeyErrorCode.BAD_CHALLENGE, excinfo)

    def test_wrong_origin(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        with pytest.raises(PasskeyError) as excinfo:
            self.login(authenticator, credential, origin="https://portal.example.be.evil.com")
        expect_code(PasskeyErrorCode.BAD_ORIGIN, excinfo)

    def test_wrong_rp_id(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        with pytest.raises(PasskeyError) as excinfo:
            self.login(authenticator, credential, rp_id="example.be")
        expect_code(PasskeyErrorCode.BAD_RP_ID, excinfo)

    def test_user_not_verified(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        with pytest.raises(PasskeyError) as excinfo:
            self.login(authenticator, credential, uv=False)
        expect_code(PasskeyErrorCode.USER_NOT_VERIFIED, excinfo)

    def test_user_not_present(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        with pytest.raises(PasskeyError) as excinfo:
            self.login(authenticator, credential, up=False)
        expect_code(PasskeyErrorCode.USER_NOT_PRESENT, excinfo)

    def test_tampered_client_data(self, authenticator: SoftAuthenticator) -> None:
        # Same challenge and origin, one extra field: only the signature can tell.
        credential = register(authenticator)
        _, challenge = authentication_options(RP)
        data = json.loads(authenticator.get(challenge))
        client_data = json.loads(b64url_decode(data["response"]["clientDataJSON"]))
        client_data["crossOrigin"] = True
        data["response"]["clientDataJSON"] = b64url(json.dumps(client_data).encode())
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, json.dumps(data), challenge, credential.public_key, 0)
        expect_code(PasskeyErrorCode.BAD_SIGNATURE, excinfo)

    def test_tampered_authenticator_data(self, authenticator: SoftAuthenticator) -> None:
        # Bump the counter in authenticatorData without re-signing.
        credential = register(authenticator)
        _, challenge = authentication_options(RP)
        data = json.loads(authenticator.get(challenge))
        auth_data = bytearray(b64url_decode(data["response"]["authenticatorData"]))
        auth_data[-1] ^= 0x80
        data["response"]["authenticatorData"] = b64url(bytes(auth_data))
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, json.dumps(data), challenge, credential.public_key, 0)
        expect_code(PasskeyErrorCode.BAD_SIGNATURE, excinfo)

    @pytest.mark.parametrize("position", [-1, 10], ids=["last-byte", "inside-der"])
    def test_tampered_signature(self, authenticator: SoftAuthenticator, position: int) -> None:
        credential = register(authenticator)
        _, challenge = authentication_options(RP)
        data = json.loads(authenticator.get(challenge))
        signature = bytearray(b64url_decode(data["response"]["signature"]))
        signature[position] ^= 0x01
        data["response"]["signature"] = b64url(bytes(signature))
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, json.dumps(data), challenge, credential.public_key, 0)
        assert excinfo.value.code in {PasskeyErrorCode.BAD_SIGNATURE, PasskeyErrorCode.INVALID}

    def test_signed_by_another_key(self, authenticator: SoftAuthenticator) -> None:
        credential = register(authenticator)
        impostor = SoftAuthenticator(
            origin=RP.origin, rp_id=RP.rp_id, credential_id=authenticator.credential_id
        )
        _, challenge = authentication_options(RP)
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, impostor.get(challenge), challenge, credential.public_key, 0)
        expect_code(PasskeyErrorCode.BAD_SIGNATURE, excinfo)

    def test_registration_response_is_not_an_assertion(
        self, authenticator: SoftAuthenticator
    ) -> None:
        credential = register(authenticator)
        challenge = b"c" * 32
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(
                RP, authenticator.create(challenge, USER_ID), challenge, credential.public_key, 0
            )
        expect_code(PasskeyErrorCode.INVALID, excinfo)

    def test_garbage_public_key(self, authenticator: SoftAuthenticator) -> None:
        register(authenticator)
        _, challenge = authentication_options(RP)
        with pytest.raises(PasskeyError) as excinfo:
            verify_authentication(RP, authenticator.get(challenge), challenge, b"\x00\x01", 0)
        expect_code(PasskeyErrorCode.INVALID, excinfo)
