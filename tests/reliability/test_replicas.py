"""Replicas: two `linkwise serve` processes on one real PostgreSQL see each other's catalog edits
on the very next request, and their concurrent edits of one part both survive."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from tests.reliability.servers import TOKEN, post, postgres_schema, serving
from tests.reliability.test_lost_edits import PART, RETIRE, UPDATE, editor, skus, together

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[str, str]]:
    with ExitStack() as stack:
        url = stack.enter_context(postgres_schema())
        first = stack.enter_context(serving(url, "--workers", "1"))
        second = stack.enter_context(serving(url, "--workers", "1"))
        yield first, second


def test_each_replica_sees_the_others_edits_on_the_next_request(replicas: tuple[str, str]) -> None:
    first, second = replicas
    with httpx.Client(base_url=first, timeout=120) as a, httpx.Client(base_url=second, timeout=120) as b:
        start = post(a, "{ catalogVersion }")["catalogVersion"]
        assert post(b, "{ catalogVersion }")["catalogVersion"] == start
        ring, charm = skus(a, "JUMP_RING", 1)[0], skus(a, "CHARM", 1)[0]
        written = post(a, UPDATE, {"sku": ring, "attributes": {"stock": 4242}}, token=TOKEN)["updatePart"]
        assert written["errors"] == [] and written["catalogVersion"] == start + 1
        seen = post(b, "query($sku: String!) { catalogVersion part(sku: $sku) { attributes } }", {"sku": ring})
        assert seen["catalogVersion"] == start + 1 and seen["part"]["attributes"]["stock"] == 4242
        assert post(b, RETIRE, {"sku": charm}, token=TOKEN)["retirePart"]["errors"] == []
        assert post(a, PART, {"sku": charm})["part"]["status"] == "RETIRED"
        query = '{ options(style: "charm-necklace") { catalogVersion slots { candidates { value status } } } }'
        options = post(a, query)
        assert options["options"]["catalogVersion"] == start + 2  # the new version's solver, not a cached one
        status = {c["value"]: c["status"] for s in options["options"]["slots"] for c in s["candidates"]}
        assert status.get(charm, "UNAVAILABLE") != "AVAILABLE"


def test_concurrent_edits_on_two_replicas_both_survive(replicas: tuple[str, str]) -> None:
    first, second = replicas
    with httpx.Client(base_url=first, timeout=120) as a:
        sku = skus(a, "CLASP", 1)[0]
        for round_ in range(4):
            answers = together(
                editor(first, UPDATE, {"sku": sku, "attributes": {"stock": 300 + round_}}),
                editor(second, UPDATE, {"sku": sku, "attributes": {"lead_time_days": 10 + round_}}),
            )
            assert all(x["updatePart"]["errors"] == [] for x in answers), answers
            attributes = post(a, PART, {"sku": sku})["part"]["attributes"]
            assert (attributes["stock"], attributes["lead_time_days"]) == (300 + round_, 10 + round_)
