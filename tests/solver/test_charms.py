"""solver.charms: charms found impossible have no fill (their plan costs INF, their ways are 0)."""

from __future__ import annotations

import dataclasses

from hypothesis import given

from catalog.demo import load_demo_catalog
from catalog.model import Catalog
from catalog.styles import Style
from solver.charm_counts import charm_ways
from solver.charm_rules import TooManySignatures
from solver.charms import charm_context, charm_plan, charms_impossible, slot_states
from solver.hub import INF
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.every_hub import every_hub
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds())
def test_charms_found_impossible_have_no_fill(world: tuple[Catalog, Style, Request]) -> None:
    """`charms_impossible` lets walks and counts skip a hub before its ends are built: wherever it
    says so, the hub's charm plan costs INF under any load limit and its charm ways are 0. Checked
    in every space options builds (the drawn selection, and each pick set aside)."""
    catalog, style, request = world
    solver = bounded_solver(catalog)
    for asked in (request, *(request.without(f"pick:{p.slot}") for p in request.picks)):
        space = solver.spaces.get(catalog, style, asked)
        for hub in every_hub(space):
            states = slot_states(hub)
            if not hub.valid() or not charms_impossible(states, hub.capacity):
                continue
            top = 4 * hub.chain_load
            try:
                plan = charm_plan(hub)
                assert plan.best(hub.chain_load)[0] == INF and plan.best(top)[0] == INF
                context = charm_context(hub)
                assert charm_ways(states, hub.capacity, top, context and context[1:]).at(top) == 0
            except TooManySignatures:
                continue  # counting rules past what a plan may hold: refused, not decided here


def test_a_slot_that_cannot_hold_its_pick_has_no_ways() -> None:
    """A picked charm the slot cannot hold (retired, say) leaves no fill: not even the empty one
    a slot that needs no charm has otherwise (found by the property above on a random seed)."""
    demo = load_demo_catalog()
    solver = bounded_solver(demo)
    space = solver.spaces.get(demo, demo.style("charm-necklace"), Request())
    hub = next(h for h in every_hub(space) if h.valid() and slot_states(h))
    states = slot_states(hub)
    top = 4 * hub.chain_load
    context = charm_context(hub)
    assert charm_ways(states, hub.capacity, top, context and context[1:]).at(top) > 0
    blocked = [dataclasses.replace(states[0], forced=(), forced_ok=False), *states[1:]]
    assert charms_impossible(blocked, hub.capacity)
    assert charm_ways(blocked, hub.capacity, top, context and context[1:]).at(top) == 0
