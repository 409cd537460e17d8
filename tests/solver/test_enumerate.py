"""enumerate() against brute force: pages concatenate to the oracle's sorted list."""

from __future__ import annotations

from hypothesis import given, note
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.results import ExitStatus
from tests.solver.bounded import bounded_solver
from tests.solver.describe import describe
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds(), st.integers(1, 4))
def test_pages_concatenate_to_sorted_oracle(world: tuple[Catalog, Style, Request], size: int) -> None:
    catalog, style, request = world
    note(describe(catalog, style, request))
    solver = bounded_solver(catalog)
    expected = [(e.price.total_cents, e.assembly.choice) for e in valid_assemblies(catalog, style, request)]
    seen = []
    after = None
    for _ in range(len(expected) // size + 2):
        page = solver.enumerate(style.id, request, first=size, after=after)
        assert page.status is ExitStatus.COMPLETE
        assert page.total_count == len(expected)
        seen.extend((e.price.total_cents, e.assembly.choice) for e in page.items)
        assert all(e.valid for e in page.items), [(e.assembly.choice, e.violations) for e in page.items]
        after = page.end_cursor
        if not page.has_next_page:
            break
    assert seen == expected
