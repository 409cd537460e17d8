"""Production mode hides the schema from strangers; GraphiQL (development) loads nothing from a CDN."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.graphiql import ASSETS, LOCAL
from catalog.store import Store
from tests.reliability.conftest import client_for, reliability_settings

TYPO = "{ catalogVersio }"  # graphql-core would suggest catalogVersion


@pytest.fixture(scope="module")
def development(db_url: str, store: Store) -> Iterator[TestClient]:
    with client_for(reliability_settings(db_url, env="development"), store) as test_client:
        yield test_client


@pytest.mark.parametrize("query", ["{ __schema { types { name } } }", '{ __type(name: "Query") { name } }'])
def test_no_introspection_in_production(production: TestClient, client: TestClient, query: str) -> None:
    refused = production.post("/graphql", json={"query": query}).json()
    assert refused["data"] is None and "introspection" in refused["errors"][0]["message"].lower()
    assert "errors" not in client.post("/graphql", json={"query": query}).json()  # test mode keeps it


def test_no_suggestions_in_production(production: TestClient, client: TestClient) -> None:
    assert "Did you mean" in client.post("/graphql", json={"query": TYPO}).text
    hidden = production.post("/graphql", json={"query": TYPO}).json()
    assert hidden["errors"] and all("Did you mean" not in e["message"] for e in hidden["errors"])
    enum = production.post("/graphql", json={"query": "{ parts(kind: CHAN) { totalCount } }"}).json()
    assert enum["errors"] and all("Did you mean" not in e["message"] for e in enum["errors"])


def test_no_graphiql_in_production(production: TestClient) -> None:
    page = production.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert production.get("/graphiql-assets/graphiql.min.js").status_code == 404


def test_graphiql_loads_only_shipped_assets(development: TestClient) -> None:
    page = development.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page.text)
    referenced = set(re.findall(r'(?:src|href)="(/graphiql-assets/[^"]+)"', page.text))
    assert referenced == {f"/graphiql-assets/{name}" for name in LOCAL.values()}
    for path in referenced:
        asset = development.get(path)
        assert asset.status_code == 200, path
        assert asset.content == (ASSETS / path.rsplit("/", 1)[1]).read_bytes()
