"""The array walk (solver.sweep, solver.walk) against the hub-by-hub walk it replaced where the
choices can be listed (the hub-by-hub walk stays for products too large to list): the same best
total, the same offers for every slot a walk wants, the same example, the same count. Worlds draw
every rule shape (solver.oracle proves either walk against brute force elsewhere)."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.counting import count_hub, count_walk
from solver.deadline import unbounded
from solver.floors import hub_rest_floor
from solver.hub import INF
from solver.hubs import hubs
from solver.request import Request, SlotPick
from solver.solve import SpaceSolution, walk_space
from solver.space import Space
from solver.walk import sweepable
from tests.solver.bounded import bounded_solver
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _offers(solution: SpaceSolution, slot: str) -> list[float]:
    found = solution.marginals.get(slot)
    return [] if found is None or not np.isfinite(found).any() else found.tolist()


def _same(space: Space, collect: bool, only: str | None) -> None:
    walked = walk_space(space, unbounded(), collect, only, by_hub=True)
    swept = walk_space(space, unbounded(), collect, only, by_hub=False)
    assert swept.total == walked.total, (collect, only)
    if swept.total >= INF:
        return
    if not collect:
        return
    wanted = [only] if only is not None else [s.name for s in space.style.slots]
    for slot in wanted:
        assert _offers(swept, slot) == _offers(walked, slot), (only, slot)
        assert swept.members.get(slot, {}) == walked.members.get(slot, {}), (only, slot)
        assert _offers_free(swept, slot) == _offers_free(walked, slot), (only, slot)
    if only is None:
        example, expected = swept.example(), walked.example()
        assert example is not None and expected is not None
        assert example.choice == expected.choice


def _offers_free(solution: SpaceSolution, slot: str) -> list[float]:
    found = solution.free.get(slot)
    return [] if found is None else found.tolist()


@EXAMPLES
@given(worlds())
def test_the_array_walk_answers_as_the_hub_walk(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    solver = bounded_solver(catalog)
    for asked in (Request(), request):
        space = solver.spaces.get(catalog, style, asked)
        if space.infeasible or not sweepable(space):
            continue
        _same(space, True, None)
        _same(space, False, None)
        for slot in style.slots:
            _same(space, True, slot.name)
        counted = sum(count_hub(hub) for hub in hubs(space, unbounded()) if hub_rest_floor(hub) < INF)
        assert count_walk(space, unbounded()) == counted


def test_the_demo_necklace_walks_alike() -> None:
    """A catalog of real size for the demo: every slot's walk, the count."""
    from catalog.demo import load_demo_catalog

    catalog = load_demo_catalog()
    style = catalog.style("charm-necklace")
    solver = bounded_solver(catalog)
    answer = solver.options(style.id, Request())
    assert answer.example is not None
    clasp = dict(answer.example.assembly.choice)["clasp"]  # the cheapest piece's clasp, picked
    for asked in (Request(), Request(picks=(SlotPick(slot="clasp", skus=clasp),))):
        space = solver.spaces.get(catalog, style, asked)
        _same(space, True, None)
        _same(space, False, None)
        for slot in style.slots:
            if slot.kind is not SlotKind.OPTION:
                _same(space, True, slot.name)
