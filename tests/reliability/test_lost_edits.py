"""No lost edits: concurrent merchandisers against a real server, on SQLite and on PostgreSQL.

Every acknowledged write must be present at the end, and no retired part may come back on sale.
Editors start together behind a barrier so their transactions really overlap.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from catalog.demo import load_demo_catalog
from catalog.io import dump_catalog
from tests.reliability.servers import TOKEN, post, postgres_schema, serving

pytestmark = pytest.mark.e2e

UPDATE = """mutation($sku: String!, $attributes: JSON!) {
  updatePart(sku: $sku, attributes: $attributes) { catalogVersion errors { field code message } } }"""
RETIRE = """mutation($sku: String!) { retirePart(sku: $sku) { catalogVersion errors { code } } }"""
PART = """query($sku: String!) { part(sku: $sku) { status attributes } }"""
ROUNDS = int(os.environ.get("LINKWISE_RELIABILITY_ROUNDS", "6"))  # more for a longer soak


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('edits') / 'linkwise.db'}"
        with serving(url) as base:
            yield base
    else:
        with postgres_schema() as url, serving(url) as base:
            yield base


def together(*calls: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
    """Run the calls at once (a barrier releases them together); their answers in order."""
    barrier = threading.Barrier(len(calls))

    def go(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(go, calls))


def skus(client: httpx.Client, kind: str, first: int) -> list[str]:
    data = post(client, f"{{ parts(kind: {kind}, first: {first}) {{ nodes {{ sku status }} }} }}")
    return [node["sku"] for node in data["parts"]["nodes"] if node["status"] == "ACTIVE"]


def editor(base: str, mutation: str, variables: dict[str, Any]) -> Callable[[], dict[str, Any]]:
    def call() -> dict[str, Any]:
        with httpx.Client(base_url=base, timeout=120) as client:
            return post(client, mutation, variables, token=TOKEN)

    return call


def test_concurrent_edits_of_different_fields_all_survive(server: str) -> None:
    with httpx.Client(base_url=server, timeout=120) as client:
        sku = skus(client, "JUMP_RING", 1)[0]
        for round_ in range(ROUNDS):
            stock, lead, name = 1000 + round_, 3 + round_, f"Ring edited in round {round_}"
            answers = together(
                editor(server, UPDATE, {"sku": sku, "attributes": {"stock": stock}}),
                editor(server, UPDATE, {"sku": sku, "attributes": {"lead_time_days": lead}}),
                editor(server, UPDATE, {"sku": sku, "attributes": {"name": name}}),
            )
            assert all(a["updatePart"]["errors"] == [] for a in answers), answers
            versions = {a["updatePart"]["catalogVersion"] for a in answers}
            assert len(versions) == 3, f"three writes, three versions: {answers}"
            part = post(client, PART, {"sku": sku})["part"]
            attributes = part["attributes"]
            assert (attributes["stock"], attributes["lead_time_days"], attributes["name"]) == (stock, lead, name)


def test_retire_racing_update_never_resurrects(server: str) -> None:
    with httpx.Client(base_url=server, timeout=120) as client:
        victims = skus(client, "CHARM", ROUNDS)
        assert len(victims) == ROUNDS
        for round_, sku in enumerate(victims):
            stock = 700 + round_
            calls = [editor(server, UPDATE, {"sku": sku, "attributes": {"stock": stock}}),
                     editor(server, RETIRE, {"sku": sku})]
            answers = together(*(calls if round_ % 2 else reversed(calls)))
            assert all(not next(iter(a.values()))["errors"] for a in answers), answers
            part = post(client, PART, {"sku": sku})["part"]
            assert part["status"] == "RETIRED", f"round {round_}: the update put {sku} back on sale"
            assert part["attributes"]["stock"] == stock, f"round {round_}: the stock update was lost"


def test_define_and_import_racing_keep_every_acknowledged_write(server: str) -> None:
    define = """mutation($input: PartInput!) { definePart(input: $input) { catalogVersion errors { code message } } }"""
    imported = """mutation($doc: JSON!) { importCatalog(document: $doc) { catalogVersion errors { code message } } }"""
    with httpx.Client(base_url=server, timeout=120) as client:
        template = post(client, PART, {"sku": skus(client, "JUMP_RING", 1)[0]})["part"]["attributes"]
        document = dump_catalog(load_demo_catalog())  # what the server was seeded with
        defined = []
        for round_ in range(3):
            sku = f"JR-RACE-{round_}"
            attributes = {**template, "sku": sku, "name": f"Race ring {round_}"}
            attributes.pop("kind", None)
            part_input = {"kind": "JUMP_RING", "attributes": attributes}
            answers = together(
                editor(server, define, {"input": part_input}),
                editor(server, imported, {"doc": document}),
                editor(server, UPDATE, {"sku": template["sku"], "attributes": {"stock": 50 + round_}}),
            )
            assert all(not next(iter(a.values()))["errors"] for a in answers), answers
            defined.append(sku)
        for sku in defined:
            assert post(client, PART, {"sku": sku})["part"] is not None, f"{sku} was acknowledged, then lost"

