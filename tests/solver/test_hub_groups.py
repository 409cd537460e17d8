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
from solver.deadline import unbounded
from solver.hub import Hub
from solver.hub_groups import end_pairs, structure_id
from solver.hubs import hubs
from solver.request import Request
from tests.solver.bounded import bounded_solver
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
        for hub in hubs(space, unbounded()):
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
    valid = [hub for hub in hubs(space, unbounded()) if hub.valid()]
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
    for hub in hubs(space, unbounded()):
        if hub.valid():
            tables = _tables(hub)
            known = first.setdefault(structure_id(hub), tables)
            assert all(a is b for a, b in zip(tables, known, strict=True))
            platings.setdefault(structure_id(hub), set()).add(hub.mode.plating and hub.mode.plating.rep.material)
    assert all(len(materials) == 1 for materials in platings.values())
