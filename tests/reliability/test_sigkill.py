"""Faults: the server is SIGKILLed while merchandisers write and while a big catalog is imported,
on SQLite and on PostgreSQL. After a restart every acknowledged write is there, nothing
half-written is visible, and every version still loads."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from catalog.generator import generate_catalog
from catalog.io import dump_catalog
from catalog.store import Store
from tests.reliability.servers import TOKEN, postgres_schema, serving
from tests.reliability.test_lost_edits import UPDATE

pytestmark = pytest.mark.e2e

WRITERS = 4
IMPORTED_PARTS = 10_000  # about 1.8 s to import over HTTP on an idle 2-core machine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'killed.db'}"
    else:
        with postgres_schema() as url:
            yield url


def killed_while(database: str, work: Any, after_s: float) -> None:
    """Start a one-worker server, run `work(base)` in threads, SIGKILL the server after `after_s`."""
    processes: list[Any] = []
    with serving(database, "--workers", "1", processes=processes) as base:
        threads = [threading.Thread(target=work, args=(base, i), daemon=True) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(after_s)
        os.kill(processes[0].pid, signal.SIGKILL)
        processes[0].wait()
        for thread in threads:
            thread.join(60)


def every_version_loads(database: str) -> int:
    store = Store.from_url(database)
    try:
        versions = store.versions()
        for info in versions:
            assert len(store.load(info.version).parts) == info.part_count
        return versions[-1].version
    finally:
        store.close()


def test_sigkill_during_mutations_loses_no_acknowledged_write(database: str) -> None:
    with serving(database, "--workers", "1") as base:  # seed, and find the parts to edit
        nodes = httpx.post(f"{base}/graphql", json={"query": "{ parts(kind: CHARM, first: 8) { nodes { sku } } }"},
                           timeout=60).json()["data"]["parts"]["nodes"]
    skus = [node["sku"] for node in nodes][:WRITERS]
    acknowledged: dict[str, int] = {}
    attempted: dict[str, set[int]] = {sku: set() for sku in skus}

    def writer(base: str, index: int) -> None:
        sku = skus[index]
        with httpx.Client(base_url=base, timeout=30) as client:
            for stock in range(1, 10_000):
                attempted[sku].add(stock)
                try:
                    body = client.post("/graphql", json={"query": UPDATE, "variables": {
                        "sku": sku, "attributes": {"stock": stock}}},
                        headers={"Authorization": f"Bearer {TOKEN}"}).json()
                except httpx.HTTPError:
                    return  # the server died under us
                assert body["data"]["updatePart"]["errors"] == [], body
                acknowledged[sku] = stock

    killed_while(database, writer, after_s=random.uniform(1.0, 2.0))
    assert acknowledged, "no write was acknowledged before the kill"
    every_version_loads(database)
    with serving(database, "--workers", "1") as base, httpx.Client(base_url=base, timeout=60) as client:
        for sku in skus:
            part = client.post("/graphql", json={"query": "query($s: String!) { part(sku: $s) { attributes } }",
                                                 "variables": {"s": sku}}).json()["data"]["part"]
            stock = part["attributes"]["stock"]
            if sku in acknowledged:  # the last acknowledged value, or one sent after it (committed, unanswered)
                assert stock >= acknowledged[sku] and stock in attempted[sku], (sku, stock, acknowledged[sku])


def test_sigkill_during_an_import_leaves_no_half_version(database: str) -> None:
    document = dump_catalog(generate_catalog(IMPORTED_PARTS, seed=3))
    with serving(database, "--workers", "1"):
        pass  # seeded with the demo catalog
    before = every_version_loads(database)
    for attempt, window in enumerate(((0.3, 1.2), (1.0, 2.5))):  # mid-import, then around the commit
        def importer(base: str, index: int) -> None:
            if index:
                return
            try:
                httpx.post(f"{base}/graphql", json={
                    "query": "mutation($d: JSON!) { importCatalog(document: $d) { catalogVersion } }",
                    "variables": {"d": document}}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
            except httpx.HTTPError:
                pass

        killed_while(database, importer, after_s=random.uniform(*window))
        latest = every_version_loads(database)  # each version whole, or not there at all
        assert latest in (before, before + 1), (attempt, before, latest)
        before = latest
