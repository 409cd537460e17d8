"""Fixtures for the API tests: one SQLite store per test module seeded with the demo catalog,
the app on it with a known merchandiser token, and a `gql` helper that posts a query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from api_helpers import Gql, make_settings
from starlette.testclient import TestClient

from api.app import create_app
from api.state import open_seeded_store
from catalog.settings import Settings
from catalog.store import Store


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
