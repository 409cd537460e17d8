"""In-process fixtures for the reliability tests: the real app on a real SQLite file seeded with the
demo catalog (the server-process tests use tests/reliability/servers.py instead)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.state import open_seeded_store
from catalog.settings import Settings
from catalog.store import Store
from tests.reliability.servers import TOKEN


def reliability_settings(url: str, **changes: Any) -> Settings:
    fields: dict[str, Any] = dict(
        database_url=url, merchandiser_token=TOKEN, env="test", solver_time_limit_s=3600.0,
        solver_work_limit=1_000_000, warm_on_load=False,
    )
    fields.update(changes)
    return Settings(**fields)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('reliability') / 'linkwise.db'}"


@pytest.fixture(scope="module")
def store(db_url: str) -> Iterator[Store]:
    opened = open_seeded_store(reliability_settings(db_url))
    yield opened
    opened.close()


def client_for(settings: Settings, store: Store) -> TestClient:
    """A client that returns a 500 as a response (instead of raising), so tests can count them."""
    return TestClient(create_app(settings, store), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def client(db_url: str, store: Store) -> Iterator[TestClient]:
    with client_for(reliability_settings(db_url), store) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def production(db_url: str, store: Store) -> Iterator[TestClient]:
    with client_for(reliability_settings(db_url, env="production"), store) as test_client:
        yield test_client


