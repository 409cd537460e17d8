"""Suspended searches: a resumed page equals the walked page, and costs about one page of work."""

from __future__ import annotations

from hypothesis import given, note
from hypothesis import strategies as st

from catalog.demo import load_demo_catalog
from catalog.model import Catalog
from catalog.styles import Style
from solver.enumeration import encode_cursor, enumerate_page
from solver.hubs import Deadline
from solver.paging import Searches
from solver.request import Request
from tests.solver.bounded import bounded_solver
from tests.solver.describe import describe
from tests.solver.test_enumerate import oracle_order, walk_pages
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds(), st.integers(1, 3), st.lists(st.booleans(), min_size=12, max_size=12))
def test_pages_from_two_solvers_concatenate_to_sorted_oracle(world: tuple[Catalog, Style, Request], size: int,
                                                             served_by_first: list[bool]) -> None:
    """Pages served alternately by two solvers: some resume a suspended search, some walk again
    (the other solver never saw the cursor); together they are the oracle's sorted list."""
    catalog, style, request = world
    note(describe(catalog, style, request))
    solvers = (bounded_solver(catalog), bounded_solver(catalog))
    expected = oracle_order(catalog, style, request)
    seen = walk_pages([solvers[0 if first else 1] for first in served_by_first], style, request, size,
                      len(expected))
    assert seen == expected[: len(seen)]
    assert len(seen) == min(len(expected), size * len(served_by_first))  # no page came back short


def test_tenth_page_resumes_at_about_the_cost_of_the_first() -> None:
    """Work steps, not seconds: a resumed page does one page of search; walking to it again does ten."""
    catalog = load_demo_catalog()
    style = next(s for s in catalog.styles if s.id == "clip-bracelet")
    solver = bounded_solver(catalog)
    searches = Searches()
    request = Request()
    after = None
    steps = []
    pages = []
    for _ in range(10):
        deadline = Deadline(None, steps=10**6)
        found, more, complete = enumerate_page(solver.spaces, catalog, style, request, 20, after, deadline, searches)
        assert complete and more
        steps.append(deadline.used)
        pages.append(found)
        after = encode_cursor((found[-1][0], found[-1][1].choice))
    assert max(steps[1:]) <= steps[0]
    assert len(searches) == 1  # each page took the search and left it at the new cursor
    # The same tenth page by walking again from the cheapest piece: the same assemblies, ~10× work.
    before_tenth = encode_cursor((pages[8][-1][0], pages[8][-1][1].choice))
    walked = Deadline(None, steps=10**6)
    found, _, complete = enumerate_page(solver.spaces, catalog, style, request, 20, before_tenth, walked)
    assert complete and found == pages[9]
    assert walked.used > 5 * steps[9]
