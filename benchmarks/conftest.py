"""Fixtures for the pytest-benchmark suites: `pytest benchmarks --benchmark-enable`.

Sizes come from LINKWISE_BENCH_SIZES (default "1000,10000"; add 100000 for the large catalog),
selections per size from LINKWISE_BENCH_SELECTIONS (default 4). Every round starts from a fresh
`Solver`, so a round measures a cold request, not a cache hit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

from benchmarks.ops import Answer
from benchmarks.selections import Selection, catalog_of, selections
from solver.service import Solver

SIZES = [int(n) for n in os.environ.get("LINKWISE_BENCH_SIZES", "1000,10000").split(",") if n.strip()]
PER_SIZE = int(os.environ.get("LINKWISE_BENCH_SELECTIONS", "4"))
ROUNDS = int(os.environ.get("LINKWISE_BENCH_ROUNDS", "2"))
CASES = [(n, i) for n in SIZES for i in range(PER_SIZE)]


def case_id(case: tuple[int, int]) -> str:
    return f"{case[0]}parts-sel{case[1]}"


@pytest.fixture(params=CASES, ids=case_id)
def case(request: pytest.FixtureRequest) -> tuple[Any, Selection]:
    n, i = request.param
    catalog = catalog_of(n)
    return catalog, selections(catalog, PER_SIZE)[i]


def bench_op(benchmark: Any, case: tuple[Any, Selection], op: Callable[[Solver, Selection], Answer]) -> None:
    """Time `op` cold (a fresh Solver per round); skip with the reason when not implemented yet."""
    catalog, sel = case
    benchmark.extra_info.update(selection=sel.label(), parts=len(catalog.parts))

    def setup() -> tuple[tuple[Solver, Selection], dict[str, Any]]:
        return (Solver(catalog), sel), {}

    try:
        op(Solver(catalog), sel)  # warm the imports, surface NotImplementedError early
    except NotImplementedError as exc:
        pytest.skip(f"{op.__name__} is not implemented yet: {exc}")
    answer = benchmark.pedantic(op, setup=setup, rounds=ROUNDS, iterations=1)
    benchmark.extra_info["complete"] = answer.complete
