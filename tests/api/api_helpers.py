"""Shared by the API tests (and the page tests): the merchandiser token, the demo style, the
GraphQL poster, and the real `linkwise serve` in a subprocess."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from starlette.testclient import TestClient

from catalog.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TOKEN = "test-merchandiser-token"
STYLE = "name-necklace"
STARTUP_S = 120  # for `linkwise serve` to answer /health


class Gql:
    """Posts GraphQL documents; `data()` also asserts that no error came back."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        status: int = 200,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        body = self(query, variables, token=token)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def errors(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        status: int = 200,
    ) -> list[dict[str, Any]]:
        body = self(query, variables, token=token, status=status)
        assert body.get("errors"), body
        errors: list[dict[str, Any]] = body["errors"]
        return errors


def make_settings(url: str, **changes: Any) -> Settings:
    """Test settings: a known token, a generous solver limit, small pages."""
    fields: dict[str, Any] = dict(
        database_url=url, merchandiser_token=TOKEN, env="test", solver_time_limit_s=3600.0,
        solver_work_limit=1_000_000, max_page_size=50,
        warm_on_load=False,  # each mutation makes a version; warming them all would only add CPU load
    )
    fields.update(changes)
    return Settings(**fields)


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


# Test servers bound each solve by work steps, with a wall clock no machine reaches (as the
# in-process settings above): a busy machine must not turn an answer a test reads incomplete.
WORK_BOUNDED = {"LINKWISE_SOLVER_TIME_LIMIT_S": "3600", "LINKWISE_SOLVER_WORK_LIMIT": "1000000"}


@contextlib.contextmanager
def linkwise_server(database_url: str, token: str, **environment: str) -> Iterator[str]:
    """`linkwise serve` on a free loopback port over `database_url` (seeded with the demo catalog
    when empty); yields its base URL once /health answers, and stops it afterwards. Its output goes
    to a file: a pipe nobody reads fills after some tracebacks, and the server then blocks on its
    next log line, with every request to it."""
    port = free_port()
    env = {**os.environ, "LINKWISE_ENV": "development", "PYTHONPATH": str(REPO), **WORK_BOUNDED, **environment}
    env.pop("LINKWISE_MERCHANDISER_TOKEN", None)
    with tempfile.TemporaryFile("w+") as log:
        yield from _serving(database_url, token, port, env, log)


def _serving(database_url: str, token: str, port: int, env: dict[str, str], log: IO[str]) -> Iterator[str]:
    process = subprocess.Popen(
        [
            *command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--database-url",
            database_url,
            "--merchandiser-token",
            token,
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Generous: the server warms the catalog before it answers, slowly on a busy machine.
        deadline = time.monotonic() + STARTUP_S
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"linkwise serve exited with {process.returncode}:\n{log.read()}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"linkwise serve did not answer /health within {STARTUP_S} s")
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
    """POSTs a GraphQL document to a running server; the body (data and errors) as JSON."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = httpx.post(
        f"{base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=60
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
