"""enumerate() against brute force: pages concatenate to the oracle's sorted list."""

from __future__ import annotations

from collections.abc import Iterable

from hypothesis import given, note
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.results import ExitStatus
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
