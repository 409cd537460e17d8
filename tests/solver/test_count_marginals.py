"""Count marginals against brute force: every part of every slot they split, in every world."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.count_marginals import count_marginals, kept_marginals, splits
from solver.deadline import Deadline, running
from solver.request import Request
from solver.results import ExitStatus
from tests.solver.bounded import WORK_LIMIT, bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import with_twins, worlds


def check_marginals(catalog: Catalog, style: Style) -> None:
    solver = bounded_solver(catalog)
    valid = valid_assemblies(catalog, style, Request())
    deadline = Deadline(None, WORK_LIMIT)
    with running(deadline):
        space = solver.spaces.get(catalog, style, Request(), deadline)
        marginals = count_marginals(space, deadline)
    assert marginals is not None
    assert marginals.total == len(valid)
    for slot in style.slots:
        if not splits(space, slot.name):
            continue
        for part in catalog.parts_of(slot.kind):  # every part, those the slot's rules drop too
            expected = sum(1 for e in valid if part.sku in e.assembly.get(slot.name))
            assert marginals.pieces_with(space, slot.name, part.sku) == expected, (slot.name, part.sku)


def _hooks(world: tuple[Catalog, Style, Request]) -> bool:
    """A necklace with a clasp and an extender to hook (other worlds seldom draw both)."""
    kinds = {p.kind for p in world[0].parts}
    return any(s.name == "extender" for s in world[1].slots) and {"clasp", "extender"} <= kinds


@st.composite
def twinned_worlds(draw: st.DrawFn) -> tuple[Catalog, Style, Request]:
    """A world whose parts may come twice (another SKU and price, the same class), so that
    classes hold more than one member and a count that forgets a class size shows; charms are
    there to load the ends, so that the extender's ring limit binds."""
    catalog, _, request = draw(worlds(min_charms=1).filter(_hooks))
    data: dict[str, Any] = catalog.model_dump(mode="json")
    # One kind's parts come twice (brute force grows with every twin).
    doubled = draw(st.sampled_from(["chain", "clasp", "extender", "plating"]))
    for part in data["parts"]:
        # Loads and weights that make a ring's limit bind (an extender's ring when a clasp hooks it).
        if part["kind"] == "jump_ring":
            part["max_load_g"] = draw(st.sampled_from(["10", "3", "1.5"]))
        if part["kind"] == "charm":
            part["weight_g"] = draw(st.sampled_from(["0.5", "1", "2"]))
    twinned, style = with_twins(draw, data, doubled)
    return twinned, style, request


@EXAMPLES
@given(twinned_worlds())
def test_count_marginals_with_twins(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_marginals(catalog, style)


@EXAMPLES
@given(worlds())
def test_count_marginals_match_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_marginals(catalog, style)


@EXAMPLES
@given(worlds(charm_rules_always=True))
def test_count_marginals_under_charm_rules(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, _ = world
    check_marginals(catalog, style)


@EXAMPLES
@given(twinned_worlds())
def test_impact_after_warm_reads_the_marginals(world: tuple[Catalog, Style, Request]) -> None:
    """Through the service: warm() builds the marginals, impact() of every part reads them (or
    counts, for the kinds they do not split) and matches brute force."""
    catalog, style, _ = world
    solver = bounded_solver(catalog)
    assert solver.warm() == {style.id: ExitStatus.COMPLETE}  # bounded by the work limit long before 300 s
    valid = valid_assemblies(catalog, style, Request())
    deadline = Deadline(None, WORK_LIMIT)
    assert kept_marginals(solver.spaces.get(catalog, style, Request(), deadline)) is not None
    for part in catalog.parts:
        expected = sum(1 for e in valid if part.sku in e.assembly.skus())
        assert [c.count for c in solver.impact(part.sku).counts] == [expected], part.sku
