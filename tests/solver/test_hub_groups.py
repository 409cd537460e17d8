"""Hubs of one group (solver.hub_groups) must find the very same end options, pair table and
charm plan, in every space of the base: a walk does that work once per group and hands it to
every hub of the group. Worlds draw every rule shape, clasp × extender tables among them (the
pair table then reads the hub's chain, plating and options)."""

from __future__ import annotations

from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.charms import charm_plan
from solver.end_pairs import EndPairs, end_pair_table
from solver.hub import Hub
from solver.hub_groups import end_pairs, structure_id
from solver.request import Request, SlotPick
from tests.solver.bounded import bounded_solver
from tests.solver.every_hub import every_hub
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _tables(hub: Hub) -> tuple[object, ...]:
    clasps, extenders = hub.end_options(SlotKind.CLASP), hub.end_options(SlotKind.EXTENDER)
    pairs = end_pairs(hub, clasps, extenders) if clasps and extenders else None
    return clasps, extenders, pairs, charm_plan(hub)


@EXAMPLES
@given(worlds())
def test_hubs_of_one_group_find_the_same_tables(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    solver = bounded_solver(catalog)
    for asked in (Request(), request):
        space = solver.spaces.get(catalog, style, asked)
        first: dict[int, tuple[object, ...]] = {}
        for hub in every_hub(space):
            if not hub.valid():
                continue
            tables = _tables(hub)
            known = first.setdefault(structure_id(hub), tables)
            assert all(a is b for a, b in zip(tables, known, strict=True)), (hub.chain.index, hub.mode)


def test_the_demo_necklace_has_fewer_groups_than_hubs() -> None:
    """What grouping is for: the demo charm necklace's hubs share their tables in far fewer groups."""
    from catalog.demo import load_demo_catalog

    catalog = load_demo_catalog()
    style = catalog.style("charm-necklace")
    space = bounded_solver(catalog).spaces.get(catalog, style, Request())
    valid = [hub for hub in every_hub(space) if hub.valid()]
    groups = {structure_id(hub) for hub in valid}
    assert 0 < len(groups) < len(valid)


def test_a_clasp_and_extender_rule_that_reads_the_plating_splits_the_groups() -> None:
    """A table over a clasp, an extender and the plating: hubs of two platings may admit the same
    classes (the same end options) but not the same pairs, so they must not share a group."""
    from catalog.compat import CompatibilityRule
    from catalog.demo import load_demo_catalog

    demo = load_demo_catalog()
    rule = CompatibilityRule.model_validate({
        "id": "no-spring-ring-on-1in-under-rhodium", "mode": "forbidden",
        "columns": [{"kind": "clasp", "attribute": "clasp_type"}, {"kind": "extender", "attribute": "length_mm"},
                    {"kind": "plating", "attribute": "material"}],
        "rows": [["spring_ring", 25.4, "rhodium"]]})
    catalog = demo.model_copy(update={"rules": (*demo.rules, rule)})
    style = catalog.style("charm-necklace")
    space = bounded_solver(catalog).spaces.get(catalog, style, Request())
    first: dict[int, tuple[object, ...]] = {}
    platings: dict[int, set[object]] = {}
    for hub in every_hub(space):
        if hub.valid():
            tables = _tables(hub)
            known = first.setdefault(structure_id(hub), tables)
            assert all(a is b for a, b in zip(tables, known, strict=True))
            platings.setdefault(structure_id(hub), set()).add(hub.mode.plating and hub.mode.plating.rep.material)
    assert all(len(materials) == 1 for materials in platings.values())


def _same_table(shared: EndPairs, fresh: EndPairs) -> None:
    assert shared.values.tolist() == fresh.values.tolist() and shared.top == fresh.top
    assert shared.best_at.tolist() == fresh.best_at.tolist()
    assert shared.row_at.tolist() == fresh.row_at.tolist() and shared.col_at.tolist() == fresh.col_at.tolist()
    assert shared.ways_at == fresh.ways_at


@EXAMPLES
@given(worlds())
def test_a_shared_pair_table_is_the_one_its_own_tables_build(world: tuple[Catalog, Style, Request]) -> None:
    """Narrowings whose end tables hold the same options share one pair table (hub_groups): in
    every space one solver builds (the empty selection, the drawn one, each with one pick set
    aside), each hub's table is the one built afresh from its own end tables."""
    catalog, style, request = world
    solver = bounded_solver(catalog)
    asked = [Request(), request, *(request.without(f"pick:{p.slot}") for p in request.picks)]
    for one in asked:
        space = solver.spaces.get(catalog, style, one)
        for hub in every_hub(space):
            clasps, extenders = hub.end_options(SlotKind.CLASP), hub.end_options(SlotKind.EXTENDER)
            if not hub.valid() or not clasps or not extenders:
                continue
            shared = end_pairs(hub, clasps, extenders)
            fits = shared._source.fits
            _same_table(shared, end_pair_table(fits, clasps.at, extenders.at, clasps, extenders, hub.chain_load))


def test_ring_picks_of_the_demo_necklace_share_only_equal_pair_tables() -> None:
    """A picked extender or clasp ring changes its options' costs and load limits, not their
    classes: tables then differ in what a pair table reads, and must not share one."""
    from catalog.demo import load_demo_catalog

    catalog = load_demo_catalog()
    style = catalog.style("charm-necklace")
    solver = bounded_solver(catalog)
    rings = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]
    checked = 0
    for slot in ("extender_ring", "clasp_ring"):
        for sku in [None, *rings]:
            asked = Request() if sku is None else Request(picks=(SlotPick(slot=slot, skus=(sku,)),))
            space = solver.spaces.get(catalog, style, asked)
            if space.infeasible:
                continue
            for hub in every_hub(space):
                clasps, extenders = hub.end_options(SlotKind.CLASP), hub.end_options(SlotKind.EXTENDER)
                if not hub.valid() or not clasps or not extenders:
                    continue
                shared = end_pairs(hub, clasps, extenders)
                fresh = end_pair_table(shared._source.fits, clasps.at, extenders.at, clasps, extenders, hub.chain_load)
                _same_table(shared, fresh)
                checked += 1
    assert checked
