"""Real `linkwise serve` processes for the reliability tests: a free loopback port, a real store
(SQLite file or a fresh PostgreSQL schema), started and stopped by the test that needs them."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tests.api.api_helpers import REPO, WORK_BOUNDED, command, free_port
from tests.postgres import postgres_schema as throwaway_schema

TOKEN = "reliability-token"


@contextmanager
def serving(
    database_url: str, *extra: str, env: dict[str, str] | None = None, log_level: str = "warning",
    output: list[str] | None = None, processes: list[subprocess.Popen[str]] | None = None,
) -> Iterator[str]:
    """`linkwise serve` on `database_url`; yields its base URL once /health answers. Its output goes
    to a file (a pipe could fill and stall the server), appended to `output` when it has stopped.
    The process is appended to `processes`, for tests that kill it."""
    port = free_port()
    environ = {**os.environ, "LINKWISE_ENV": "test", "LINKWISE_WARM_ON_LOAD": "false",
               "PYTHONPATH": str(REPO), **WORK_BOUNDED, **(env or {})}
    environ.pop("LINKWISE_MERCHANDISER_TOKEN", None)
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [*command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", database_url,
             "--merchandiser-token", TOKEN, "--log-level", log_level, *extra],
            cwd=REPO, env=environ, stdout=log, stderr=subprocess.STDOUT, text=True,
        )
        base = f"http://127.0.0.1:{port}"
        if processes is not None:
            processes.append(process)
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"linkwise serve exited with {process.returncode}:\n{log.read()}")
                try:
                    if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("linkwise serve did not answer /health within 60 s")
                time.sleep(0.2)
            yield base
        finally:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if output is not None:
                log.seek(0)
                output.append(log.read())


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema for a reliability test (see tests/postgres.py)."""
    with throwaway_schema("lw_rel") as url:
        yield url


def post(
    client: httpx.Client, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
) -> dict[str, Any]:
    """A GraphQL POST that must answer 200 without errors."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]  # type: ignore[no-any-return]
