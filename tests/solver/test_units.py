"""The vectorised charm × ring geometry says exactly what catalog.rules says, pair by pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog import rules
from catalog.demo import load_demo_catalog
from catalog.generator import generate_catalog
from catalog.model import Catalog
from catalog.types import SlotKind
from solver.request import Request, SlotPick
from solver.space import compile_space
from solver.units import centigrams, unit_geometry


def _by_rules(space, slot, chain):  # type: ignore[no-untyped-def]
    """The pairs as the rules decide them one at a time."""
    physics = space.catalog.physics
    load = centigrams(chain.max_load_g)
    ring_slot = space.ring_of.get(slot)
    charms = [c for c in space.base_classes[slot] if centigrams(c.rep.weight_g) <= load]
    if ring_slot is None:
        return {(c.index, -1) for c in charms if not rules.charm_mounts_directly(c.rep, chain, physics)}
    body = rules.chain_body(chain)
    found = set()
    for charm in charms:
        loop = rules.charm_loop(charm.rep)
        if loop is None:
            continue
        for ring in space.base_classes[ring_slot]:
            if (not rules.ring_passes(ring.rep, body, physics)
                    and centigrams(charm.rep.weight_g) <= centigrams(ring.rep.max_load_g)
                    and not rules.ring_join(ring.rep, body, loop, physics)):
                found.add((charm.index, ring.index))
    return found


@pytest.mark.parametrize("catalog", [load_demo_catalog(), generate_catalog(1_000, 7)], ids=["demo", "generated"])
def test_unit_geometry_matches_the_rules(catalog: Catalog) -> None:
    checked = 0
    for style in catalog.styles:
        space = compile_space(catalog, style, Request())
        chains = space.base_classes[style.carrier.name][:25]
        for slot in (s.name for s in style.slots if s.kind.value == "charm"):
            for chain in chains:
                got = unit_geometry(space, slot, chain.rep, centigrams(chain.rep.max_load_g))
                pairs = list(zip(got.charm.tolist(), got.ring.tolist(), strict=True))
                assert len(pairs) == len(set(pairs))
                assert set(pairs) == _by_rules(space, slot, chain.rep)
                assert pairs == sorted(pairs)  # charm-major order, as the hubs rely on for ties
                weights = {c.index: centigrams(c.rep.weight_g) for c in space.base_classes[slot]}
                assert got.weight.tolist() == [weights[c] for c, _ in pairs]
                checked += len(pairs)
    assert checked > 100


@pytest.mark.parametrize("catalog", [load_demo_catalog(), generate_catalog(1_000, 7)], ids=["demo", "generated"])
def test_end_geometry_matches_the_rules(catalog: Catalog) -> None:
    from catalog.types import SlotKind
    from solver.ends import end_geometry

    checked = 0
    for style in catalog.styles:
        space = compile_space(catalog, style, Request())
        physics = catalog.physics
        for kind in (SlotKind.CLASP, SlotKind.EXTENDER):
            for slot in style.slots_of(kind):
                rings = space.base_classes[space.ring_of[slot.name]]
                for chain in space.base_classes[style.carrier.name][:15]:
                    fits = end_geometry(space, slot.name, kind, chain.rep)
                    end = rules.chain_end(chain.rep)
                    for cls in space.base_classes[slot.name]:
                        hold = rules.clasp_loop(cls.rep) if kind is SlotKind.CLASP else rules.extender_end(cls.rep)
                        want = [not rules.ring_passes(r.rep, end, physics)
                                and not rules.ring_join(r.rep, end, hold, physics) for r in rings]
                        assert fits[cls.index].tolist() == want
                        checked += sum(want)
    assert checked > 100


@given(st.lists(st.integers(0, 30), max_size=60), st.sets(st.integers(0, 30), max_size=12))
def test_runs_of_finds_every_position_of_the_wanted_values(values: list[int], wanted: set[int]) -> None:
    from solver.units import _runs_of

    ordered = np.array(sorted(values), dtype=np.int64)
    got = _runs_of(ordered, np.array(sorted(wanted), dtype=np.int64)).tolist()
    assert got == [i for i, v in enumerate(ordered.tolist()) if v in wanted]


def test_a_narrowed_charm_slot_keeps_the_units_every_pair_mask_keeps() -> None:
    """hub_units reads only the picked charms' runs of the geometry when few are left: the same
    positions as masking every pair."""
    from solver.units import class_table, hub_units

    catalog = generate_catalog(1_000, 7)
    style = next(s for s in catalog.styles if s.slots_of(SlotKind.CHARM))
    slot = style.slots_of(SlotKind.CHARM)[0].name
    ring_slot = next(j.ring for j in style.joins if slot in (j.a, j.b) and j.ring)
    charms = [p for p in catalog.parts_of(SlotKind.CHARM)][:60]
    checked = 0
    for charm in charms[::7]:
        request = Request(picks=(SlotPick(slot=slot, skus=(charm.sku,), exact=True),))
        space = compile_space(catalog, style, request)
        assert len(space.classes[slot]) * 8 < space.sizes[slot]  # the narrowed path is taken
        for chain in space.base_classes[style.carrier.name][:10]:
            geometry = unit_geometry(space, slot, chain.rep, centigrams(chain.rep.max_load_g))
            charm_ok = np.ones(space.sizes[slot], dtype=bool)
            ring_ok = np.arange(space.sizes[ring_slot]) % 3 != 0  # a hub admitting some rings
            got = hub_units(space, slot, geometry, charm_ok, ring_ok, 0).positions.tolist()
            keep = class_table(space, slot).alive[geometry.charm] & (
                ring_ok & class_table(space, ring_slot).alive)[geometry.ring]
            assert got == np.flatnonzero(keep).tolist()
            checked += len(got)
    assert checked > 0
