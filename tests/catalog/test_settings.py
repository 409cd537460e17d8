"""Typed settings from LINKWISE_* environment variables."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from catalog.settings import Settings, get_settings

ENV_NAMES = (
    "LINKWISE_DATABASE_URL", "LINKWISE_MERCHANDISER_TOKEN", "LINKWISE_SOLVER_TIME_LIMIT_S",
    "LINKWISE_MAX_PAGE_SIZE", "LINKWISE_HOST", "LINKWISE_PORT", "LINKWISE_ENV",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()


def test_defaults() -> None:
    settings = Settings()
    assert settings.database_url == "sqlite:///./linkwise.db"
    assert settings.merchandiser_token is None
    assert settings.solver_time_limit_s == 5.0
    assert (settings.max_page_size, settings.host, settings.port, settings.env) == (
        100, "127.0.0.1", 8000, "development"
    )


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LINKWISE_DATABASE_URL", "postgresql://u:p@db/linkwise")
    monkeypatch.setenv("LINKWISE_MERCHANDISER_TOKEN", "s3cret-token")
    monkeypatch.setenv("LINKWISE_SOLVER_TIME_LIMIT_S", "2.5")
    monkeypatch.setenv("LINKWISE_PORT", "9000")
    monkeypatch.setenv("LINKWISE_ENV", "production")
    settings = get_settings()
    assert settings.database_url == "postgresql://u:p@db/linkwise"
    assert settings.merchandiser_token == "s3cret-token"
    assert settings.solver_time_limit_s == 2.5 and settings.port == 9000 and settings.env == "production"
    assert "s3cret-token" not in repr(settings)
    assert get_settings() is settings  # read once per process


@pytest.mark.parametrize(
    ("name", "value"),
    [("LINKWISE_PORT", "0"), ("LINKWISE_MAX_PAGE_SIZE", "0"), ("LINKWISE_SOLVER_TIME_LIMIT_S", "-1"),
     ("LINKWISE_ENV", "staging")],
)
def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()
