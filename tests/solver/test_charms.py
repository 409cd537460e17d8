"""solver.charms: the per-(ring, weight) sums of free charms, dense or sorted, against a dict;
charms found impossible have no fill."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.charm_rules import TooManySignatures
from solver.charms import _sum_by_key, charm_context, charm_plan, charm_ways, charms_impossible, slot_states
from solver.deadline import unbounded
from solver.hub import INF
from solver.hubs import hubs
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 3)), max_size=30), st.booleans())
def test_sums_by_key(rows: list[tuple[int, int]], sparse: bool) -> None:
    # `sparse` spreads the keys far apart, so that the sorted path runs too.
    key = np.array([k * (10**6 if sparse else 1) for k, _ in rows], dtype=np.int64)
    amounts = np.array([a for _, a in rows], dtype=np.int64)
    expected: dict[int, int] = {}
    for k, a in zip(key.tolist(), amounts.tolist(), strict=True):
        expected[k] = expected.get(k, 0) + a
    sums, keys = _sum_by_key(key, amounts)
    assert dict(zip(keys.tolist(), sums.tolist(), strict=True)) == {k: v for k, v in expected.items() if v > 0}
    assert keys.tolist() == sorted(keys.tolist())


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
        for hub in hubs(space, unbounded()):
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
