"""solver.floors: the floor is never above a hub's cheapest piece, and the walks that skip hubs
by it give what a walk of every hub gives (the best total, and one part slot's offers)."""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver import sweep as sweep_module
from solver.deadline import unbounded
from solver.floors import Pruning, hub_rest_floor
from solver.hub import INF
from solver.hubsolve import HubResult, hub_fixed_cost
from solver.request import Request, SlotPick
from solver.results import CandidateStatus
from solver.solve import solve_space
from solver.space import Space
from solver.walk import Walk
from tests.solver.bounded import bounded_solver
from tests.solver.every_hub import every_hub, hub_total
from tests.solver.worlds import worlds

EXAMPLES = settings(max_examples=int(os.environ.get("LINKWISE_EXAMPLES", "200")), deadline=None,
                    suppress_health_check=list(HealthCheck))


def _space(catalog: Catalog, style: Style, request: Request) -> Space:
    return bounded_solver(catalog).spaces.get(catalog, style, request, unbounded())


@EXAMPLES
@given(worlds())
def test_the_floor_is_never_above_a_hubs_cheapest_piece(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    space = _space(catalog, style, request)
    if space.infeasible:
        return
    for hub in every_hub(space):
        total = hub_total(hub)
        rest = hub_rest_floor(hub)
        if rest >= INF:
            assert total >= INF  # skipped by every walk and by count: it must hold no piece
        elif hub.valid():
            assert hub_fixed_cost(hub) + hub.net.cost + rest <= total


def check_walks(catalog: Catalog, style: Style, request: Request) -> None:
    # Two solvers: the whole walk's answer must not be read back from the skipping walks' memo.
    whole = solve_space(_space(catalog, style, request), unbounded())
    space = _space(catalog, style, request)
    assert solve_space(space, unbounded(), collect=False).total == whole.total
    for name in [s.name for s in style.slots if s.kind is not SlotKind.OPTION]:
        skipping = solve_space(space, unbounded(), only=name)
        assert skipping.total == whole.total
        expected, found = whole.marginals.get(name), skipping.marginals.get(name)
        if expected is None:
            assert found is None or bool(np.all(found >= INF)), name
        else:
            assert found is not None and np.array_equal(found, expected), name
        assert skipping.class_member_totals(name) == whole.class_member_totals(name), name


@EXAMPLES
@given(worlds())
def test_walks_that_skip_hubs_give_what_a_whole_walk_gives(world: tuple[Catalog, Style, Request]) -> None:
    check_walks(*world)

def test_a_generated_shop_skips_hubs_and_answers_as_a_whole_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many chains and finishes, one pick of each part slot: the skipping walks agree with
    whole walks, and the bound does skip hubs (the test is not vacuous): solver.sweep skips a
    group of hubs when each one's floor is no lower than its bar."""
    from catalog.generator import generate_catalog

    catalog = generate_catalog(600, seed=4)
    skipped = 0
    original = sweep_module._skipped

    def counted(walk: Walk, pruning: Pruning, sink: HubResult, group: int, at: np.ndarray, best: float) -> bool:
        nonlocal skipped
        found = original(walk, pruning, sink, group, at, best)
        if found:
            skipped += len(at)  # by the bound: the group's hubs could not have lowered what the walk wants
            for i in at.tolist():
                assert hub_total(walk.hub(i)) >= walk.floor[i]
        return found

    monkeypatch.setattr(sweep_module, "_skipped", counted)
    compared = 0
    for style in catalog.styles:
        listed = bounded_solver(catalog).options(style.id, Request())
        for slot in listed.slots:
            available = [c.value for c in slot.candidates if c.status is CandidateStatus.AVAILABLE]
            if slot.kind == SlotKind.OPTION.value or not available:
                continue
            request = Request(picks=(SlotPick(slot=slot.slot, skus=(available[len(available) // 2],)),))
            check_walks(catalog, style, request)
            compared += 1
    assert compared > 20 and skipped > 100
