"""enumerate() against brute force: pages concatenate to the oracle's sorted list."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, note
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.results import CandidateStatus, ExitStatus
from solver.service import Solver
from tests.solver.bounded import bounded_solver
from tests.solver.describe import describe
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds

Listed = list[tuple[int, tuple[tuple[str, tuple[str, ...]], ...]]]  # (price, choice) per assembly


def oracle_order(catalog: Catalog, style: Style, request: Request) -> Listed:
    return [(e.price.total_cents, e.assembly.choice) for e in valid_assemblies(catalog, style, request)]


def walk_pages(solvers: Iterable[Solver], style: Style, request: Request, size: int, total: int) -> Listed:
    """Page by cursor, each page from the next solver, until the last page: every page complete,
    of valid pieces, with the exact total."""
    seen: Listed = []
    after = None
    for solver in solvers:
        page = solver.enumerate(style.id, request, first=size, after=after)
        assert page.status is ExitStatus.COMPLETE
        assert page.total_count == total
        assert all(e.valid for e in page.items), [(e.assembly.choice, e.violations) for e in page.items]
        seen.extend((e.price.total_cents, e.assembly.choice) for e in page.items)
        after = page.end_cursor
        if not page.has_next_page:
            break
    return seen


@EXAMPLES
@given(worlds(), st.integers(1, 4))
def test_pages_concatenate_to_sorted_oracle(world: tuple[Catalog, Style, Request], size: int) -> None:
    catalog, style, request = world
    note(describe(catalog, style, request))
    solver = bounded_solver(catalog)
    expected = oracle_order(catalog, style, request)
    pages = len(expected) // size + 2
    assert walk_pages([solver] * pages, style, request, size, len(expected)) == expected


def test_a_picked_priced_option_keeps_exact_totals_under_a_budget() -> None:
    """A free option slot's children are priced without a solve (its exact total less the
    cheapest choice plus each choice's price). With the box picked on the demo necklace, every
    piece carries its 450 cents: a budget of the cheapest piece's price lists it, and one cent
    less lists nothing (a total off by the box's price would stop the search or let it run on)."""
    from catalog.demo import load_demo_catalog
    from solver.request import SlotPick

    catalog = load_demo_catalog()
    style = catalog.style("charm-necklace")
    solver = bounded_solver(catalog)
    # A plating picked too: a plated prefix's children are known from its solve, so the box's
    # slot is reached with an exact total and priced without one (a bare piece's is solved).
    plated = solver.options(style.id, Request(picks=(SlotPick(slot="gift_box", option="box"),)))
    plating = next(c.value for s in plated.slots if s.slot == "plating" for c in s.candidates
                   if c.status is CandidateStatus.AVAILABLE)
    request = Request(picks=(SlotPick(slot="gift_box", option="box"), SlotPick(slot="plating", skus=(plating,))))
    first = solver.enumerate(style.id, request, first=3)
    assert first.status is ExitStatus.COMPLETE and first.items
    cheapest = first.items[0].price.total_cents
    assert all(dict(e.assembly.choice)["gift_box"] == ("box",) for e in first.items)
    within = solver.enumerate(style.id, request.model_copy(update={"budget_cents": cheapest}), first=3)
    assert [e.price.total_cents for e in within.items] == [p for p in (e.price.total_cents for e in first.items)
                                                            if p <= cheapest]
    below = solver.enumerate(style.id, request.model_copy(update={"budget_cents": cheapest - 1}), first=3)
    assert below.status is ExitStatus.COMPLETE and not below.items
