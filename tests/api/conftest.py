"""Fixtures for the API tests: one SQLite store per test module seeded with the demo catalog,
the app on it with a known merchandiser token, and a `gql` helper that posts a query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_helpers import TOKEN, Gql
from starlette.testclient import TestClient

from api.app import create_app
from api.state import open_seeded_store
from catalog.settings import Settings
from catalog.store import Store


def make_settings(url: str, **changes: Any) -> Settings:
    fields: dict[str, Any] = dict(
        database_url=url, merchandiser_token=TOKEN, env="test", solver_time_limit_s=10.0, max_page_size=50
    )
    fields.update(changes)
    return Settings(**fields)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("api") / "linkwise.db"
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def settings(db_url: str) -> Settings:
    return make_settings(db_url)


@pytest.fixture(scope="module")
def store(settings: Settings) -> Iterator[Store]:
    store = open_seeded_store(settings)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def gql(client: TestClient) -> Gql:
    return Gql(client)
