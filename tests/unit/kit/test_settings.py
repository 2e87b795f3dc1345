import pytest

from app.kit.settings import Env, SettingsError, load_settings


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("ENV", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "BASE_URL", "PORT", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_development_defaults_to_embedded_services_and_localhost(
    clean_env: pytest.MonkeyPatch,
) -> None:
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
