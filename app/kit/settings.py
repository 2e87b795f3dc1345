"""Typed settings read from the environment, once. Fail closed:

- `ENV` must be said: `make run` sets development, the tests set test, production says so;
  a process started without it refuses to run rather than guess "development";
- embedded mode (no DATABASE_URL / REDIS_URL) is for development and tests; production must name
  its external servers and a secret;
- the public development secret is accepted in development only; tests without SECRET_KEY get
  a random one per run (tests/conftest.py sets one for every process of the run).
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEV_SECRET = "affilio-development-secret-not-for-production-use-000"
# The usual example Belgian IBAN (valid check digits, nobody's account): development and tests
# print it on notices; production must name the fund's own (FUND_IBAN).
DEMO_IBAN = "BE71096123456769"
# A SEPA creditor identifier with valid check digits built on a made-up enterprise number
# (0123456749): development and tests write it in collection files; production must name the
# fund's own (SEPA_CREDITOR_ID, given by its bank).
DEMO_CREDITOR_ID = "BE81ZZZ0123456749"


class Env(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SettingsError(RuntimeError):
    """Raised at start-up when the environment is not usable; the message says what to set."""


@dataclass(frozen=True, slots=True)
class Settings:
    env: Env
    database_url: str | None
    redis_url: str | None
    secret_key: str
    base_url: str
    smtp_url: str | None
    mail_from: str
    data_dir: Path
    host: str
    port: int
    log_json: bool
    # Addresses of the reverse proxies allowed to say who the client is (X-Forwarded-For).
    trusted_proxies: tuple[str, ...] = ()
    # The OpenAPI pages: on in development and test, off in production unless asked for.
    openapi: bool = True
    # Seconds a worker job may run. arq re-runs a dead worker's job only after the longest
    # timeout + 10 s, so it stays short; the fault tests shorten it further.
    job_timeout: int = 30
    # The fund's bank account, printed on every due notice and in its QR code.
    fund_name: str = "Affilio"
    fund_iban: str = DEMO_IBAN
    sepa_creditor_id: str = DEMO_CREDITOR_ID
    # How many business days before the collection date the bank wants the pain.008 file.
    sepa_file_lead_days: int = 2
    fund_bic: str | None = None
    # The fund's enterprise number (BCE/KBO, digits only), on the UBL notices (FUND_BCE); the
    # demo default has valid check digits and belongs to nobody.
    fund_enterprise_number: str = "0123456749"
    # Delivery of UBL notices over the Peppol network: off (no env variable turns it on), nothing
    # implements it until the fund has an access point.
    peppol_delivery: bool = False
    # Printed on every letter and attestation (FUND_ADDRESS, FUND_EMAIL).
    fund_address: str = ""
    fund_email: str = ""
    # The federal login (FAS/CSAM: eID, itsme), an OpenID Connect provider: off unless
    # FEDERAL_OIDC_ISSUER and FEDERAL_OIDC_CLIENT_ID are set (app/identity/federal.py).
    federal_issuer: str | None = None
    # Web Push (app/messaging/push.py): the VAPID private key (PEM, or the raw key base64url)
    # and the contact the push services may write to. Production without a key: push is off;
    # development and tests make a key pair under the data folder.
    vapid_private_key: str | None = None
    vapid_subject: str = ""
    federal_client_id: str | None = None
    federal_client_secret: str | None = None
    # The claim that carries the verified national number (FAS releases it as egovNRN).
    federal_number_claim: str = "egovNRN"
    # Appointments by video (app/messaging/appointments.py): the base of each appointment's
    # meeting link (APPOINTMENT_VIDEO_URL, https in production); unset: no video slots.
    appointment_video_url: str = ""

    @property
    def embedded_database(self) -> bool:
        return self.database_url is None

    @property
    def embedded_redis(self) -> bool:
        return self.redis_url is None

    @property
    def is_production(self) -> bool:
        return self.env is Env.PRODUCTION

    @property
    def is_development(self) -> bool:
        return self.env is Env.DEVELOPMENT

    @property
    def https(self) -> bool:
        return urlsplit(self.base_url).scheme == "https"

    @property
    def loopback(self) -> bool:
        """Served on this machine only (the development mailbox may be shown then)."""
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def load_settings() -> Settings:
    raw_env = (_env("ENV") or "").lower()
    if not raw_env:
        raise SettingsError(
            "ENV is not set: say ENV=development, test or production (`make run` sets "
            "development, `make test` sets test)."
        )
    try:
        env = Env(raw_env)
    except ValueError as exc:
        allowed = ", ".join(e.value for e in Env)
        raise SettingsError(f"ENV={raw_env!r} is not one of: {allowed}") from exc

    port_raw = _env("PORT") or "8000"
    try:
        port = int(port_raw)
    except ValueError as exc:
        raise SettingsError(f"PORT={port_raw!r} is not a number") from exc

    secret = _env("SECRET_KEY")
    database_url = _env("DATABASE_URL")
    redis_url = _env("REDIS_URL")
    if env is Env.PRODUCTION:
        missing = [
            name
            for name, value in (
                ("SECRET_KEY", secret),
                ("DATABASE_URL", database_url),
                ("REDIS_URL", redis_url),
            )
            if not value
        ]
        if missing:
            raise SettingsError(
                "Production mode needs these environment variables: "
                + ", ".join(missing)
                + ". Embedded PostgreSQL/Redis and the development secret are refused there."
            )
        if secret is not None and len(secret) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long in production.")
    if secret == DEV_SECRET and env is not Env.DEVELOPMENT:
        raise SettingsError("The public development SECRET_KEY is refused outside development.")
    if secret is None:
        # Development signs with the public key; a test run without one gets a random key.
        secret = DEV_SECRET if env is Env.DEVELOPMENT else secrets.token_hex(32)
    proxies = tuple(p.strip() for p in (_env("TRUSTED_PROXIES") or "").split(",") if p.strip())
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError as exc:
            raise SettingsError(f"TRUSTED_PROXIES: {proxy!r} is not an address") from exc
    openapi_raw = (_env("OPENAPI") or ("off" if env is Env.PRODUCTION else "on")).lower()
    if openapi_raw not in ("on", "off"):
        raise SettingsError(f"OPENAPI={openapi_raw!r}: say on or off")

    timeout_raw = _env("JOB_TIMEOUT") or "30"
    if not timeout_raw.isdigit() or not 2 <= int(timeout_raw) <= 600:
        raise SettingsError(f"JOB_TIMEOUT={timeout_raw!r}: say a number of seconds, 2 to 600")

    fund_iban = (_env("FUND_IBAN") or "").replace(" ", "").upper()
    if env is Env.PRODUCTION and (not fund_iban or fund_iban == DEMO_IBAN):
        raise SettingsError("Production mode needs FUND_IBAN, the fund's own bank account.")
    if fund_iban and not _valid_iban(fund_iban):
        raise SettingsError(f"FUND_IBAN={fund_iban!r} is not a valid IBAN.")

    creditor_id = (_env("SEPA_CREDITOR_ID") or "").replace(" ", "").upper()
    if env is Env.PRODUCTION and (not creditor_id or creditor_id == DEMO_CREDITOR_ID):
        raise SettingsError("Production mode needs SEPA_CREDITOR_ID, the fund's creditor id.")
    if creditor_id and not _valid_creditor_id(creditor_id):
        raise SettingsError(f"SEPA_CREDITOR_ID={creditor_id!r} is not a valid creditor id.")
    lead_raw = _env("SEPA_FILE_LEAD_DAYS") or "2"
    if not lead_raw.isdigit() or not 1 <= int(lead_raw) <= 10:
        raise SettingsError(f"SEPA_FILE_LEAD_DAYS={lead_raw!r}: say 1 to 10 business days")

    federal_issuer = _env("FEDERAL_OIDC_ISSUER")
    if federal_issuer and env is Env.PRODUCTION and not federal_issuer.startswith("https://"):
        raise SettingsError("FEDERAL_OIDC_ISSUER must be an https:// address in production.")
    if federal_issuer and env is Env.PRODUCTION and not _env("FEDERAL_OIDC_CLIENT_SECRET"):
        raise SettingsError("The federal login needs FEDERAL_OIDC_CLIENT_SECRET in production.")
    video_url = (_env("APPOINTMENT_VIDEO_URL") or "").rstrip("/")
    if video_url and not video_url.startswith("https://") and env is Env.PRODUCTION:
        raise SettingsError("APPOINTMENT_VIDEO_URL must be an https:// address in production.")
    if video_url and not video_url.startswith(("https://", "http://")):
        raise SettingsError(f"APPOINTMENT_VIDEO_URL={video_url!r} is not a web address.")
    base_url = (_env("BASE_URL") or f"http://localhost:{port}").rstrip("/")
    data_dir = Path(_env("DATA_DIR") or PROJECT_ROOT / "var").resolve()
    return Settings(
        env=env,
        database_url=database_url,
        redis_url=redis_url,
        secret_key=secret,
        base_url=base_url,
        smtp_url=_env("SMTP_URL"),
        mail_from=_env("MAIL_FROM") or "Affilio <no-reply@affilio.localhost>",
        data_dir=data_dir,
        host=_env("HOST") or "127.0.0.1",
        port=port,
        log_json=(_env("LOG_FORMAT") or ("json" if env is Env.PRODUCTION else "console")) == "json",
        trusted_proxies=proxies,
        openapi=openapi_raw == "on",
        job_timeout=int(timeout_raw),
        fund_name=_env("FUND_NAME") or "Affilio",
        fund_iban=fund_iban or DEMO_IBAN,
        sepa_creditor_id=creditor_id or DEMO_CREDITOR_ID,
        sepa_file_lead_days=int(lead_raw),
        fund_bic=(_env("FUND_BIC") or "").replace(" ", "").upper() or None,
        fund_enterprise_number=(_env("FUND_BCE") or "0123456749").replace(".", "").replace(" ", ""),
        fund_address=_env("FUND_ADDRESS") or "",
        fund_email=_env("FUND_EMAIL") or "",
        federal_issuer=federal_issuer,
        federal_client_id=_env("FEDERAL_OIDC_CLIENT_ID"),
        federal_client_secret=_env("FEDERAL_OIDC_CLIENT_SECRET"),
        federal_number_claim=_env("FEDERAL_OIDC_NUMBER_CLAIM") or "egovNRN",
        vapid_private_key=_env("VAPID_PRIVATE_KEY"),
        vapid_subject=_vapid_subject(base_url),
        appointment_video_url=video_url,
    )


def _vapid_subject(base_url: str) -> str:
    """Whom a push service may contact (RFC 8292 `sub`: a mailto: or an https: address)."""
    from email.utils import parseaddr

    if subject := _env("VAPID_SUBJECT"):
        return subject
    if fund_email := _env("FUND_EMAIL"):
        return f"mailto:{fund_email}"
    if base_url.startswith("https://"):
        return base_url
    sender = parseaddr(_env("MAIL_FROM") or "no-reply@affilio.localhost")[1]
    return f"mailto:{sender or 'no-reply@affilio.localhost'}"


def _valid_iban(iban: str) -> bool:
    from stdnum import iban as stdnum_iban

    return bool(stdnum_iban.is_valid(iban))


def _valid_creditor_id(creditor_id: str) -> bool:
    """A SEPA creditor identifier: country, two check digits (ISO 7064 mod 97-10 over the
    national identifier and the country, the business code left out), a business code, the
    national identifier (EPC262-08, "Creditor Identifier Overview")."""
    text = creditor_id.replace(" ", "").upper()
    if len(text) < 8 or len(text) > 35 or not text[:2].isalpha() or not text[2:4].isdigit():
        return False
    national = text[7:]
    if not national.isalnum():
        return False
    digits = "".join(str(int(c, 36)) for c in national + text[:2] + text[2:4])
    return int(digits) % 97 == 1


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
