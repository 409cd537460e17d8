"""Fuzzing the real app in-process: generated GraphQL (valid and invalid, from the committed
schema) and malformed HTTP bodies. 0 answers of 5xx, 0 tracebacks or file paths in any body.

Sized for CI: 2,100 requests in all (500 + 500 + 500 + 600) (hypothesis examples), against one SQLite store.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import graphql
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes
from hypothesis_graphql.strategies import Mode
from starlette.testclient import TestClient

from tests.reliability.servers import TOKEN

SCHEMA = (Path(__file__).resolve().parents[2] / "api" / "schema.graphql").read_text()
LEAKS = re.compile(r"Traceback|File \"|/site-packages/|\.py\b|/work/|/home/|/usr/lib")


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))

SCALARS: dict[str, st.SearchStrategy[graphql.ValueNode]] = {
    "BigInt": st.integers(min_value=-(10**30), max_value=10**30).map(str).map(nodes.String),
    "Date": st.dates().map(str).map(nodes.String),
    "DateTime": st.datetimes().map(lambda d: d.isoformat()).map(nodes.String),
    "JSON": st.one_of(
        st.text(max_size=20).map(nodes.String), st.integers().map(nodes.Int), st.booleans().map(nodes.Boolean),
        st.dictionaries(st.sampled_from(["sku", "kind", "stock", "name", "price"]), st.integers(0, 9).map(nodes.Int),
                        max_size=3).map(lambda d: graphql.ObjectValueNode(fields=tuple(
                            graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=v) for k, v in d.items()))),
    ),
}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)


def checked(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    assert not LEAKS.search(response.text), response.text[:500]
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        assert isinstance(body, dict) and ("data" in body or "errors" in body), body


@fuzz(500)
@given(query=from_schema(SCHEMA, custom_scalars=SCALARS, allow_x00=False))
def test_generated_operations(client: TestClient, query: str) -> None:
    checked(client.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {TOKEN}"}))


@fuzz(500)
@given(query=from_schema(SCHEMA, custom_scalars=SCALARS, mode=Mode.NEGATIVE))
def test_generated_invalid_operations(client: TestClient, query: str) -> None:
    checked(client.post("/graphql", json={"query": query}))


@fuzz(500)
@given(payload=JSON_VALUES, as_get=st.booleans())
def test_arbitrary_json_bodies(client: TestClient, payload: Any, as_get: bool) -> None:
    if as_get:
        params = {"query": json.dumps(payload)[:200], "variables": json.dumps(payload)}
        checked(client.get("/graphql", params=params))
    else:
        checked(client.post("/graphql", content=json.dumps(payload), headers={"content-type": "application/json"}))


@fuzz(600)
@given(
    body=st.binary(max_size=200) | st.text(max_size=200).map(str.encode),
    content_type=st.sampled_from(["application/json", "application/json; charset=latin-1", "text/plain",
                                  "", "application/graphql", "multipart/form-data; boundary=x"]),
    method=st.sampled_from(["POST", "GET", "PUT", "DELETE", "PATCH"]),
)
def test_malformed_bodies(client: TestClient, body: bytes, content_type: str, method: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    checked(client.request(method, "/graphql", content=body, headers=headers))
