"""A limit cuts the work it bounds (DESIGN §4): every long loop over parts spends the operation's
budget, so a big computation stops near its limit and says INCOMPLETE. Bounded by work steps
(never the wall clock): the parts a loop looked at are counted, not seconds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from catalog.generator import generate_catalog
from catalog.model import Catalog
from solver import space as space_module
from solver.deadline import STRIDE
from solver.request import Request
from solver.results import ExitStatus
from solver.service import Solver

STYLE = "anklet"  # quick to solve whole, yet ~1,400 parts to compile and list
BOUND = 300  # far below the parts of one slot kind in a 2,000-part catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return generate_catalog(2_000, seed=3)


@pytest.fixture
def examined(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many parts compiling looked at (the unary rules run once per part and slot)."""
    seen = [0]
    unary = space_module.unary_member

    def counting(*args: Any) -> Any:
        seen[0] += 1
        return unary(*args)

    monkeypatch.setattr(space_module, "unary_member", counting)
    yield seen


@pytest.mark.parametrize("operation", ["options", "count", "recommend", "enumerate", "explain"])
def test_a_work_bound_cuts_compiling_a_big_space(catalog: Catalog, examined: list[int], operation: str) -> None:
    solver = Solver(catalog, time_limit_s=None, work_limit=BOUND)
    result = getattr(solver, operation)(STYLE, Request())
    assert result.status is ExitStatus.INCOMPLETE
    assert 0 < examined[0] <= BOUND + STRIDE  # the compile stopped with its budget, not after every part


def test_a_cut_compile_keeps_nothing_and_a_later_request_builds_it_whole(catalog: Catalog) -> None:
    solver = Solver(catalog, time_limit_s=None, work_limit=BOUND)
    assert solver.count(STYLE, Request()).status is ExitStatus.INCOMPLETE
    solver.work_limit = None
    whole = solver.count(STYLE, Request())
    assert whole.status is ExitStatus.COMPLETE
    assert whole.count == Solver(catalog, time_limit_s=None).count(STYLE, Request()).count


def test_a_work_bound_cuts_listing_the_candidates(catalog: Catalog) -> None:
    solver = Solver(catalog, time_limit_s=None)
    assert solver.warm([STYLE])[STYLE] is ExitStatus.COMPLETE
    whole = Solver(catalog, time_limit_s=None).options(STYLE, Request())
    listed = sum(len(s.candidates) + s.outside_style for s in whole.slots)
    assert listed > 2 * BOUND
    solver.work_limit = BOUND  # the spaces are solved: only the listing spends the budget now
    cut = solver.options(STYLE, Request())
    assert cut.status is ExitStatus.INCOMPLETE
    assert sum(len(s.candidates) + s.outside_style for s in cut.slots) <= BOUND + STRIDE


def test_the_warm_up_under_a_work_bound_says_which_styles_it_cut(catalog: Catalog) -> None:
    solver = Solver(catalog, time_limit_s=None, work_limit=BOUND)
    assert set(solver.warm().values()) == {ExitStatus.INCOMPLETE}
