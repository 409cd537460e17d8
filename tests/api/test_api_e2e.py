"""End to end: the real `linkwise serve` in a subprocess on a free port, queried over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from api_helpers import linkwise_server, post

pytestmark = pytest.mark.e2e

TOKEN = "e2e-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = tmp_path_factory.mktemp("e2e") / "linkwise.db"
    with linkwise_server(f"sqlite:///{database}", TOKEN) as base:
        yield base


def test_health_reports_the_seeded_catalog(server: str) -> None:
    assert httpx.get(f"{server}/health").json() == {"status": "ok", "catalogVersion": 1}


def test_graphiql_in_development(server: str) -> None:
    response = httpx.get(f"{server}/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_shopper_query_over_http(server: str) -> None:
    body = post(
        server,
        """{ styles { totalCount nodes { handle } }
        options(style: "name-necklace") { complete example { valid price { total { amountCents } } } } }""",
    )
    assert "errors" not in body, body
    assert body["data"]["styles"]["totalCount"] == 4
    assert body["data"]["options"]["example"]["valid"] is True


def test_merchandiser_mutation_over_http(server: str) -> None:
    query = """mutation($skus: [String!]!) { registerPiece(orderReference: "ORD-E2E-1", skus: $skus) {
        piece { skus } errors { field code } } }"""
    sku = post(server, "{ parts(kind: CHAIN, first: 1) { nodes { sku } } }")["data"]["parts"]["nodes"][0][
        "sku"
    ]
    refused = post(server, query, {"skus": [sku]})
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    done = post(server, query, {"skus": [sku]}, token=TOKEN)
    assert done["data"]["registerPiece"] == {"piece": {"skus": [sku]}, "errors": []}
