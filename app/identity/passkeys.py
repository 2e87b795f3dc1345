"""Pure passkey (WebAuthn) ceremonies around py_webauthn 3.

No storage, no session, no clock: the service stores the challenge and the credential, and
passes them back in. Failures raise PasskeyError with a stable code for the UI.

Policy: discoverable credentials (resident key required) and user verification required,
so a passkey alone is a full, phishing-resistant login (no username step).
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, parse_registration_credential_json
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AttestationConveyancePreference,
    AuthenticatorSelectionCriteria,
    CredentialDeviceType,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

# ES256 is what platform authenticators and security keys produce; RS256 for Windows Hello.
SUPPORTED_ALGORITHMS: list[COSEAlgorithmIdentifier] = [
    COSEAlgorithmIdentifier.ECDSA_SHA_256,
    COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256,
]
CEREMONY_TIMEOUT_MS = 300_000  # hint to the browser; the server-side limit is rules.CHALLENGE_TTL


class PasskeyErrorCode(StrEnum):
    BAD_CHALLENGE = "bad_challenge"
    BAD_ORIGIN = "bad_origin"
    BAD_RP_ID = "bad_rp_id"
    BAD_SIGNATURE = "bad_signature"
    REPLAYED = "replayed"
    USER_NOT_VERIFIED = "user_not_verified"
    USER_NOT_PRESENT = "user_not_present"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    INVALID = "invalid"


class PasskeyError(Exception):
    def __init__(self, code: PasskeyErrorCode, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail  # py_webauthn's message, for logs only — never shown to users


class RelyingPartyErrorCode(StrEnum):
    BAD_URL = "bad_url"
    IP_ADDRESS_HOST = "ip_address_host"
    INSECURE_ORIGIN = "insecure_origin"


class RelyingPartyError(ValueError):
    """Configuration error: the base URL cannot serve as a WebAuthn relying party."""

    def __init__(self, code: RelyingPartyErrorCode, base_url: str) -> None:
        reasons = {
            RelyingPartyErrorCode.BAD_URL: "is not an absolute http(s) URL",
            RelyingPartyErrorCode.IP_ADDRESS_HOST: (
                "uses an IP address; WebAuthn refuses IP RP IDs, use a host name "
                "(e.g. http://localhost:PORT)"
            ),
            RelyingPartyErrorCode.INSECURE_ORIGIN: (
                "uses http for a host other than localhost; browsers only allow WebAuthn "
                "in a secure context"
            ),
        }
        super().__init__(f"{base_url!r} {reasons[code]}")
        self.code = code


@dataclass(frozen=True, slots=True)
class RelyingParty:
    rp_id: str  # host name only
    origin: str  # scheme://host[:port], exactly as the browser serialises it
    name: str


@dataclass(frozen=True, slots=True)
class RegisteredCredential:
    credential_id: bytes
    public_key: bytes  # COSE-encoded, as py_webauthn wants it back at authentication
    sign_count: int
    backup_eligible: bool  # synced passkey (multi-device)
    backed_up: bool
    transports: tuple[str, ...]
    aaguid: str  # authenticator model, e.g. "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True, slots=True)
class AuthResult:
    new_sign_count: int
    backed_up: bool
    user_verified: bool


_DEFAULT_PORTS = {"http": 80, "https": 443}


def rp_from_base_url(base_url: str, *, name: str = "Affilio") -> RelyingParty:
    """Derive the relying party from the portal's public base URL."""
    try:
        parts = urlsplit(base_url.strip())
        port = parts.port
    except ValueError as exc:
        raise RelyingPartyError(RelyingPartyErrorCode.BAD_URL, base_url) from exc
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in _DEFAULT_PORTS or not host:
        raise RelyingPartyError(RelyingPartyErrorCode.BAD_URL, base_url)
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        raise RelyingPartyError(RelyingPartyErrorCode.IP_ADDRESS_HOST, base_url)
    # http is only a secure context on localhost (dev and browser tests).
    if scheme == "http" and host != "localhost" and not host.endswith(".localhost"):
        raise RelyingPartyError(RelyingPartyErrorCode.INSECURE_ORIGIN, base_url)
    # Browsers drop the default port from the origin; keep any other port.
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return RelyingParty(rp_id=host, origin=f"{scheme}://{netloc}", name=name)


def registration_options(
    rp: RelyingParty,
    user_id: bytes,
    user_name: str,
    display_name: str,
    exclude_credential_ids: Sequence[bytes] = (),
) -> tuple[str, bytes]:
    """Options for navigator.credentials.create(), as JSON, and the challenge to store.

    `user_id` is the stable, opaque WebAuthn user handle (1-64 bytes, never the NISS): it
    comes back as userHandle at login.
    """
    # py_webauthn would silently invent a random handle for empty bytes: refuse instead.
    if not 1 <= len(user_id) <= 64:
        raise ValueError("user_id must be 1 to 64 bytes")
    options = generate_registration_options(
        rp_id=rp.rp_id,
        rp_name=rp.name,
        user_id=user_id,
        user_name=user_name,
        user_display_name=display_name,
        timeout=CEREMONY_TIMEOUT_MS,
        attestation=AttestationConveyancePreference.NONE,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        # Stops the same authenticator from being registered twice for one person.
        exclude_credentials=[PublicKeyCredentialDescriptor(id=c) for c in exclude_credential_ids],
        supported_pub_key_algs=SUPPORTED_ALGORITHMS,
    )
    return options_to_json(options), options.challenge


def authentication_options(rp: RelyingParty) -> tuple[str, bytes]:
    """Options for navigator.credentials.get(); no allow list: the passkey names the user."""
    options = generate_authentication_options(
        rp_id=rp.rp_id,
        timeout=CEREMONY_TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return options_to_json(options), options.challenge


# py_webauthn raises one exception type per ceremony; its message is the only discriminator.
# Tests exercise every row with real responses so a wording change upstream fails loudly.
_MESSAGE_CODES: tuple[tuple[str, PasskeyErrorCode], ...] = (
    ("challenge was not expected challenge", PasskeyErrorCode.BAD_CHALLENGE),
    ("unexpected client data origin", PasskeyErrorCode.BAD_ORIGIN),
    ("unexpected rp id hash", PasskeyErrorCode.BAD_RP_ID),
    ("user verification is required", PasskeyErrorCode.USER_NOT_VERIFIED),
    ("user presence was required", PasskeyErrorCode.USER_NOT_PRESENT),
    ("user was not present", PasskeyErrorCode.USER_NOT_PRESENT),
    ("was not greater than current count", PasskeyErrorCode.REPLAYED),
    ("could not verify authentication signature", PasskeyErrorCode.BAD_SIGNATURE),
    ("unsupported credential public key alg", PasskeyErrorCode.UNSUPPORTED_ALGORITHM),
)

# Malformed browser input surfaces as many exception types (base64, CBOR, JSON, key parsing).
_PARSE_ERRORS = (WebAuthnException, ValueError, TypeError, KeyError, IndexError)


def _code_for(exc: Exception) -> PasskeyErrorCode:
    message = str(exc).lower()
    for fragment, code in _MESSAGE_CODES:
        if fragment in message:
            return code
    return PasskeyErrorCode.INVALID


def verify_registration(
    rp: RelyingParty, credential_json: str, expected_challenge: bytes
) -> RegisteredCredential:
    """Verify the browser's registration response (attestation is not checked: "none")."""
    try:
        parsed = parse_registration_credential_json(credential_json)
        verified = verify_registration_response(
            credential=parsed,
            expected_challenge=expected_challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            require_user_presence=True,
            require_user_verification=True,
            supported_pub_key_algs=SUPPORTED_ALGORITHMS,
        )
    except _PARSE_ERRORS as exc:
        raise PasskeyError(_code_for(exc), str(exc)) from exc
    transports = tuple(t.value for t in (parsed.response.transports or ()))
    return RegisteredCredential(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        backup_eligible=verified.credential_device_type == CredentialDeviceType.MULTI_DEVICE,
        backed_up=verified.credential_backed_up,
        transports=transports,
        aaguid=verified.aaguid,
    )


# base64url_to_bytes silently drops foreign characters; identifiers must be exact.
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def _strict_b64url(text: str, what: str) -> bytes:
    if not _BASE64URL.fullmatch(text):
        raise PasskeyError(PasskeyErrorCode.INVALID, f"{what} is not base64url")
    try:
        return base64url_to_bytes(text)
    except ValueError as exc:
        raise PasskeyError(PasskeyErrorCode.INVALID, f"{what} is not base64url") from exc


def _load(credential_json: str) -> dict[str, Any]:
    try:
        data = json.loads(credential_json)
    except (ValueError, TypeError) as exc:
        raise PasskeyError(PasskeyErrorCode.INVALID, "not JSON") from exc
    if not isinstance(data, dict):
        raise PasskeyError(PasskeyErrorCode.INVALID, "not a JSON object")
    return data


def parse_credential_id(credential_json: str) -> bytes:
    """The credential id (rawId), to look the stored credential up before verifying."""
    raw_id = _load(credential_json).get("rawId")
    if not isinstance(raw_id, str) or not raw_id:
        raise PasskeyError(PasskeyErrorCode.INVALID, "missing rawId")
    return _strict_b64url(raw_id, "rawId")


def parse_user_handle(credential_json: str) -> bytes | None:
    """The user handle of a discoverable assertion (our user_id), None if the browser omitted it.

    The service must check it matches the owner of the credential found by id.
    """
    response = _load(credential_json).get("response")
    if not isinstance(response, dict):
        raise PasskeyError(PasskeyErrorCode.INVALID, "missing response")
    handle = response.get("userHandle")
    if handle is None or handle == "":
        return None
    if not isinstance(handle, str):
        raise PasskeyError(PasskeyErrorCode.INVALID, "userHandle is not a string")
    return _strict_b64url(handle, "userHandle")


def verify_authentication(
    rp: RelyingParty,
    credential_json: str,
    expected_challenge: bytes,
    public_key: bytes,
    current_sign_count: int,
) -> AuthResult:
    """Verify an assertion against the stored public key and sign count.

    A sign count that does not increase (unless both are 0, as synced passkeys report)
    raises "replayed": the credential may have been cloned.
    """
    try:
        verified = verify_authentication_response(
            credential=credential_json,
            expected_challenge=expected_challenge,
            expected_rp_id=rp.rp_id,
            expected_origin=rp.origin,
            credential_public_key=public_key,
            credential_current_sign_count=current_sign_count,
            require_user_verification=True,
        )
    except _PARSE_ERRORS as exc:
        raise PasskeyError(_code_for(exc), str(exc)) from exc
    return AuthResult(
        new_sign_count=verified.new_sign_count,
        backed_up=verified.credential_backed_up,
        user_verified=verified.user_verified,
    )
