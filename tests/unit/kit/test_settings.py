import pytest

from app.kit.settings import DEV_SECRET, Env, SettingsError, load_settings

# A creditor id with valid check digits (ISO 7064 mod 97-10 over 0987654312 + BE00 gives 69)
# that is not the demo one: what a fund's bank would give it.
FUND_CREDITOR_ID = "BE69ZZZ0987654312"


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    names = ("ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "BASE_URL", "PORT", "DATA_DIR",
             "HOST", "TRUSTED_PROXIES", "OPENAPI", "FUND_IBAN", "FUND_BIC",
             "FUND_NAME", "SEPA_CREDITOR_ID", "FEDERAL_OIDC_ISSUER", "FEDERAL_OIDC_CLIENT_ID",
             "FEDERAL_OIDC_CLIENT_SECRET")  # fmt: skip
    for name in names:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_development_defaults_to_embedded_services_and_localhost(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("ENV", "development")
    settings = load_settings()
    assert settings.env is Env.DEVELOPMENT
    assert settings.embedded_database and settings.embedded_redis
    # Passkeys need a host name, never an IP address.
    assert settings.base_url == "http://localhost:8000"
    assert not settings.https


def test_production_refuses_to_start_without_secret_and_external_servers(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("ENV", "production")
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert "SECRET_KEY" in message and "DATABASE_URL" in message and "REDIS_URL" in message


def test_production_refuses_a_short_secret(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "short")
    with pytest.raises(SettingsError, match="32 characters"):
        load_settings()


def test_production_with_everything_set(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("FUND_IBAN", "BE62 5100 0754 7061")
    clean_env.setenv("SEPA_CREDITOR_ID", FUND_CREDITOR_ID)
    clean_env.setenv("BASE_URL", "https://affilio.example/")
    settings = load_settings()
    assert settings.is_production and settings.https
    assert settings.base_url == "https://affilio.example"
    assert not settings.embedded_database


def test_bad_env_and_port_are_named(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENV", "staging")
    with pytest.raises(SettingsError, match="staging"):
        load_settings()
    clean_env.setenv("ENV", "development")
    clean_env.setenv("PORT", "eighty")
    with pytest.raises(SettingsError, match="PORT"):
        load_settings()


def test_an_unset_env_refuses_to_start(clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="ENV is not set"):
        load_settings()


def test_the_development_secret_only_in_development(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENV", "development")
    assert load_settings().secret_key == DEV_SECRET
    clean_env.setenv("ENV", "test")
    random_key = load_settings().secret_key
    assert random_key != DEV_SECRET and len(random_key) == 64
    clean_env.setenv("SECRET_KEY", DEV_SECRET)
    with pytest.raises(SettingsError, match="development SECRET_KEY is refused"):
        load_settings()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False),
     ("10.0.0.5", False), ("affilio.example", False)],
    ids=["ipv4", "ipv6", "name", "all", "private", "public-name"],
)  # fmt: skip
def test_loopback_hosts(clean_env: pytest.MonkeyPatch, host: str, loopback: bool) -> None:
    clean_env.setenv("ENV", "development")
    clean_env.setenv("HOST", host)
    assert load_settings().loopback is loopback


def test_openapi_is_off_in_production_unless_asked(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("FUND_IBAN", "BE62 5100 0754 7061")
    clean_env.setenv("SEPA_CREDITOR_ID", FUND_CREDITOR_ID)
    assert load_settings().openapi is False
    clean_env.setenv("OPENAPI", "on")
    assert load_settings().openapi is True
    clean_env.setenv("ENV", "test")
    clean_env.delenv("OPENAPI")
    assert load_settings().openapi is True


def test_trusted_proxies_must_be_addresses(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("ENV", "development")
    clean_env.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7")
    assert load_settings().trusted_proxies == ("10.0.0.0/8", "192.0.2.7")
    clean_env.setenv("TRUSTED_PROXIES", "proxy.internal")
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings()


def test_the_seed_refuses_production(clean_env: pytest.MonkeyPatch) -> None:
    from app.cli import main
    from app.kit.settings import get_settings

    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db.invalid/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache.invalid:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("FUND_IBAN", "BE62 5100 0754 7061")
    clean_env.setenv("SEPA_CREDITOR_ID", FUND_CREDITOR_ID)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit, match="refuses to run in production"):
            main(["seed"])
    finally:
        get_settings.cache_clear()


def test_the_funds_iban_is_required_in_production_and_checked(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("SEPA_CREDITOR_ID", FUND_CREDITOR_ID)
    with pytest.raises(SettingsError, match="FUND_IBAN"):
        load_settings()
    clean_env.setenv("FUND_IBAN", "BE71 0961 2345 6769")  # the public example: not a fund's
    with pytest.raises(SettingsError, match="FUND_IBAN"):
        load_settings()
    clean_env.setenv("FUND_IBAN", "BE62 5100 0754 7062")  # one digit off
    with pytest.raises(SettingsError, match="not a valid IBAN"):
        load_settings()
    clean_env.setenv("FUND_IBAN", "be62 5100 0754 7061")
    assert load_settings().fund_iban == "BE62510007547061"
    clean_env.setenv("ENV", "development")
    clean_env.delenv("FUND_IBAN")
    assert load_settings().fund_iban == "BE71096123456769"


def test_the_creditor_id_is_required_in_production_and_checked(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("FUND_IBAN", "BE62 5100 0754 7061")
    with pytest.raises(SettingsError, match="SEPA_CREDITOR_ID"):
        load_settings()
    clean_env.setenv("SEPA_CREDITOR_ID", "BE81ZZZ0123456749")  # the demo id: not a fund's
    with pytest.raises(SettingsError, match="SEPA_CREDITOR_ID"):
        load_settings()
    clean_env.setenv("SEPA_CREDITOR_ID", "BE68ZZZ0987654312")  # check digits one off
    with pytest.raises(SettingsError, match="not a valid creditor id"):
        load_settings()
    clean_env.setenv("SEPA_CREDITOR_ID", "be69 zzz 0987654312")
    assert load_settings().sepa_creditor_id == "BE69ZZZ0987654312"


def test_the_federal_login_in_production_needs_https_and_a_secret(
    clean_env: pytest.MonkeyPatch,
) -> None:
    clean_env.setenv("ENV", "production")
    clean_env.setenv("DATABASE_URL", "postgresql://db/affilio")
    clean_env.setenv("REDIS_URL", "redis://cache:6379/0")
    clean_env.setenv("SECRET_KEY", "x" * 40)
    clean_env.setenv("FUND_IBAN", "BE62 5100 0754 7061")
    clean_env.setenv("SEPA_CREDITOR_ID", FUND_CREDITOR_ID)
    clean_env.setenv("FEDERAL_OIDC_CLIENT_ID", "affilio")
    clean_env.setenv("FEDERAL_OIDC_ISSUER", "http://idp.example/")
    with pytest.raises(SettingsError, match="https"):
        load_settings()
    clean_env.setenv("FEDERAL_OIDC_ISSUER", "https://idp.example/")
    with pytest.raises(SettingsError, match="FEDERAL_OIDC_CLIENT_SECRET"):
        load_settings()
    clean_env.setenv("FEDERAL_OIDC_CLIENT_SECRET", "s" * 32)
    assert load_settings().federal_issuer == "https://idp.example/"
