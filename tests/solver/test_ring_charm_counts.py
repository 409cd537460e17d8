"""Ring and charm counts against brute force: every ring and charm of every world they cover, and
impact() through the service after warm() for every part, covered or not."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.deadline import Deadline, running
from solver.request import Request
from solver.results import ExitStatus
from solver.ring_charm_counts import covered, hung_by_ring, kept_ring_charm_counts
from tests.solver.bounded import WORK_LIMIT, bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_count_marginals import twinned_worlds
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import with_twins, worlds

KINDS = (SlotKind.JUMP_RING, SlotKind.CHARM)


def check_counts(catalog: Catalog, style: Style) -> None:
    """warm() builds the counts exactly where the pass covers the style; they match brute force
    for every ring and charm of the catalog, those the slots' rules drop too."""
    solver = bounded_solver(catalog)
    assert solver.warm() == {style.id: ExitStatus.COMPLETE}
    space = solver.spaces.get(catalog, style, Request(), Deadline(None, WORK_LIMIT))
    counts = kept_ring_charm_counts(space)
    if not covered(space):  # a shape the pass leaves to impact's narrowed count (charm rules)
        assert counts is None
        return
    assert counts is not None
    valid = valid_assemblies(catalog, style, Request())
    for kind in KINDS:
        for part in catalog.parts_of(kind):
            expected = sum(1 for e in valid if part.sku in e.assembly.skus())
            assert counts.pieces_with(space, kind, part.sku) == expected, (kind, part.sku)


@st.composite
def twinned_rings_and_charms(draw: st.DrawFn) -> tuple[Catalog, Style, Request]:
    """A world whose rings or charms may come twice (another SKU and price, the same class): a
    count that forgets a ring's or a charm's class size, or counts a set with one charm twice,
    shows."""
    catalog, _, request = draw(worlds(min_charms=1))
    data: dict[str, Any] = catalog.model_dump(mode="json")
    twinned, style = with_twins(draw, data, draw(st.sampled_from(["jump_ring", "charm"])))
    return twinned, style, request


@EXAMPLES
@given(worlds())
def test_ring_charm_counts_match_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_counts(catalog, style)


@EXAMPLES
@given(twinned_rings_and_charms())
def test_ring_charm_counts_with_twin_rings_and_charms(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_counts(catalog, style)


@EXAMPLES
@given(twinned_worlds())
def test_ring_charm_counts_with_twin_ends(world: tuple[Catalog, Style, Request]) -> None:
    """Twin chains, clasps, extenders or platings, rings with loads that bind and charms that load them."""
    catalog, style, _ = world
    check_counts(catalog, style)


@EXAMPLES
@given(worlds(charm_rules_always=True))
def test_impact_after_warm_under_charm_rules(world: tuple[Catalog, Style, Request]) -> None:
    """Charm rules (counting rules, at_least among them, and charm tables): the pass gives way to
    the narrowed count, and impact() of every part still matches brute force, complete."""
    catalog, style, _ = world
    solver = bounded_solver(catalog)
    assert solver.warm() == {style.id: ExitStatus.COMPLETE}
    valid = valid_assemblies(catalog, style, Request())
    for part in catalog.parts:
        expected = sum(1 for e in valid if part.sku in e.assembly.skus())
        report = solver.impact(part.sku)
        assert [c.count for c in report.counts] == [expected], part.sku
        assert report.status is ExitStatus.COMPLETE


def test_hung_by_ring_is_what_slot_tables_read() -> None:
    """The charm histograms the pass keys its tables by are count's own (so that the charm tables
    count made are the ones the pass finds kept)."""
    from catalog.generator import generate_catalog
    from solver.charm_counts import _by_ring_and_weight_forced
    from solver.charms import slot_states
    from tests.solver.every_hub import every_hub

    catalog = generate_catalog(400)
    solver = bounded_solver(catalog)
    seen = 0
    for style in catalog.styles:
        deadline = Deadline(None, WORK_LIMIT)
        with running(deadline):
            space = solver.spaces.get(catalog, style, Request(), deadline)
            for hub in every_hub(space):
                if not hub.valid():
                    continue
                for state in slot_states(hub):
                    ours, theirs = hung_by_ring(state.units, 1), _by_ring_and_weight_forced(state, 1)
                    assert ours.keys() == theirs.keys()
                    for ring, (steps, counts) in ours.items():
                        assert steps.tobytes() == theirs[ring][0].tobytes()
                        assert counts.tobytes() == theirs[ring][1].tobytes()
                        assert not len(theirs[ring][2])  # nothing picked: no forced charm to divide out
                        seen += 1
    assert seen


def test_rings_lifted_by_tables_over_two_rings_are_counted_exactly() -> None:
    """Found by the twin property on a random seed: tables over two ring slots (no two rings of
    one surface, or of sterling silver) lift the ring slots into the hub, and the pass counted a
    ring in 144 pieces where 72 hold it. Such styles are left to impact's narrowed count."""
    import json
    from pathlib import Path

    from catalog.io import catalog_from_dict

    found = json.loads((Path(__file__).parent / "data" / "rings_lifted_by_twin_tables.json").read_text())
    check_counts(catalog_from_dict(found["catalog"]), Style.model_validate(found["style"]))
