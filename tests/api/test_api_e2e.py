"""End to end: the real `linkwise serve` in a subprocess on a free port, queried over HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
TOKEN = "e2e-token"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def command() -> list[str]:
    """The installed console script when there is one, else the module."""
    script = Path(sys.executable).with_name("linkwise")
    if script.exists() or shutil.which("linkwise") == str(script):
        return [str(script)]
    return [sys.executable, "-m", "api.cli"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    database = tmp_path_factory.mktemp("e2e") / "linkwise.db"
    env = {**os.environ, "LINKWISE_ENV": "development", "PYTHONPATH": str(REPO)}
    env.pop("LINKWISE_MERCHANDISER_TOKEN", None)
    process = subprocess.Popen(
        [
            *command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{database}",
            "--merchandiser-token",
            TOKEN,
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"linkwise serve exited with {process.returncode}:\n{output}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("linkwise serve did not answer /health within 30 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def post(
    base: str, query: str, variables: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


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
