"""A tiny software WebAuthn authenticator + client for tests (EC P-256, attestation "none").

It builds byte-exact registration and assertion responses, as a browser's
`credential.toJSON()` would, so py_webauthn verifies them for real.
Every knob a test needs to break a ceremony (origin, rp id, flags, counter) is a parameter.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass, field
from typing import Any

import cbor2  # dependency of py_webauthn itself
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

FLAG_UP = 0x01
FLAG_UV = 0x04
FLAG_BE = 0x08
FLAG_BS = 0x10
FLAG_AT = 0x40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _client_data(kind: str, challenge: bytes, origin: str) -> bytes:
    return json.dumps(
        {"type": kind, "challenge": b64url(challenge), "origin": origin, "crossOrigin": False},
        separators=(",", ":"),
    ).encode()


@dataclass
class SoftAuthenticator:
    """One discoverable credential on one authenticator."""

    origin: str
    rp_id: str
    synced: bool = True  # BE/BS flags, like a synced platform passkey
    aaguid: bytes = bytes(16)
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    sign_count: int = 0
    user_handle: bytes | None = None

    def _cose_public_key(self) -> bytes:
        numbers = self.private_key.public_key().public_numbers()
        # COSE_Key: kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y.
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _flags(self, *, up: bool, uv: bool) -> int:
        flags = (FLAG_UP if up else 0) | (FLAG_UV if uv else 0)
        if self.synced:
            flags |= FLAG_BE | FLAG_BS
        return flags

    def create(
        self,
        challenge: bytes,
        user_id: bytes,
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        up: bool = True,
        uv: bool = True,
    ) -> str:
        """A registration response (PublicKeyCredential JSON)."""
        self.user_handle = user_id
        rp_id_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        attested = (
            self.aaguid
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_public_key()
        )
        auth_data = (
            rp_id_hash
            + bytes([self._flags(up=up, uv=uv) | FLAG_AT])
            + struct.pack(">I", self.sign_count)
            + attested
        )
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = _client_data("webauthn.create", challenge, origin or self.origin)
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "attestationObject": b64url(attestation_object),
                    "transports": ["hybrid", "internal"],
                },
            }
        )

    def create_from_options(self, options_json: str) -> str:
        """Behave like the browser: take the RP's creation options as they are."""
        options: dict[str, Any] = json.loads(options_json)
        assert options["rp"]["id"] == self.rp_id
        return self.create(
            b64url_decode(options["challenge"]), b64url_decode(options["user"]["id"])
        )

    def get(
        self,
        challenge: bytes,
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        up: bool = True,
        uv: bool = True,
        sign_count: int | None = None,
    ) -> str:
        """An assertion response. The counter increments unless `sign_count` is forced."""
        if sign_count is None:
            self.sign_count += 1
            sign_count = self.sign_count
        rp_id_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        auth_data = rp_id_hash + bytes([self._flags(up=up, uv=uv)]) + struct.pack(">I", sign_count)
        client_data = _client_data("webauthn.get", challenge, origin or self.origin)
        signature = self.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "authenticatorAttachment": "platform",
                "clientExtensionResults": {},
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature),
                    "userHandle": b64url(self.user_handle) if self.user_handle else None,
                },
            }
        )

    def get_from_options(self, options_json: str) -> str:
        options: dict[str, Any] = json.loads(options_json)
        assert options["rpId"] == self.rp_id
        return self.get(b64url_decode(options["challenge"]))
