"""Ring and charm counts against brute force: every ring and charm of every world they cover, and
impact() through the service after warm() for every part, covered or not."""

from __future__ import annotations

from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.charm_rules import charm_rules
from solver.deadline import Deadline, running
from solver.request import Request
from solver.results import ExitStatus
from solver.ring_charm_counts import covered, kept_ring_charm_counts, ring_charm_counts
from tests.solver.bounded import WORK_LIMIT, bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_count_marginals import twinned_worlds
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds

KINDS = (SlotKind.JUMP_RING, SlotKind.CHARM)


def check_counts(catalog: Catalog, style: Style) -> None:
    solver = bounded_solver(catalog)
    valid = valid_assemblies(catalog, style, Request())
    deadline = Deadline(None, WORK_LIMIT)
    with running(deadline):
        space = solver.spaces.get(catalog, style, Request(), deadline)
        counts = ring_charm_counts(space, deadline)
    if counts is None:  # a shape the pass leaves to impact's narrowed count (charm rules)
        assert not covered(space) or charm_rules(space) is not None
        return
    for kind in KINDS:
        for part in catalog.parts_of(kind):  # every part, those the slots' rules drop too
            expected = sum(1 for e in valid if part.sku in e.assembly.skus())
            assert counts.pieces_with(space, kind, part.sku) == expected, (kind, part.sku)


@EXAMPLES
@given(worlds())
def test_ring_charm_counts_match_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_counts(catalog, style)


@EXAMPLES
@given(twinned_worlds())
def test_ring_charm_counts_with_twins(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_counts(catalog, style)


@EXAMPLES
@given(worlds(charm_rules_always=True))
def test_impact_after_warm_under_charm_rules(world: tuple[Catalog, Style, Request]) -> None:
    """Charm rules (counting rules, at_least among them, and charm tables): the pass gives way to
    the narrowed count, and impact() of every part still matches brute force."""
    catalog, style, _ = world
    solver = bounded_solver(catalog)
    assert solver.warm() == {style.id: ExitStatus.COMPLETE}
    valid = valid_assemblies(catalog, style, Request())
    for part in catalog.parts:
        expected = sum(1 for e in valid if part.sku in e.assembly.skus())
        report = solver.impact(part.sku)
        assert [c.count for c in report.counts] == [expected], part.sku
        assert report.status is ExitStatus.COMPLETE


@EXAMPLES
@given(worlds())
def test_impact_after_warm_reads_ring_and_charm_counts(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    solver = bounded_solver(catalog)
    assert solver.warm() == {style.id: ExitStatus.COMPLETE}
    valid = valid_assemblies(catalog, style, Request())
    space = solver.spaces.get(catalog, style, Request(), Deadline(None, WORK_LIMIT))
    with running(Deadline(None, WORK_LIMIT)):
        if covered(space) and ring_charm_counts(space, Deadline(None, WORK_LIMIT)) is not None:
            assert kept_ring_charm_counts(space) is not None
    for part in catalog.parts:
        expected = sum(1 for e in valid if part.sku in e.assembly.skus())
        assert [c.count for c in solver.impact(part.sku).counts] == [expected], part.sku
