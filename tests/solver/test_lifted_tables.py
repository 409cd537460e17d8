"""Tables across parts of two kinds or more (clasp with ring, two rings, a charm with a clasp...):
the hub lifts the slots they read. Every answer against brute force, on worlds whose tables all
have such shapes (the general worlds meet them too, but less often)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.results import ExitStatus
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES, check_options
from tests.solver.worlds import rules, worlds


@st.composite
def lifted_worlds(draw: st.DrawFn) -> tuple[Catalog, Style, Request]:
    catalog, _, request = draw(worlds())
    data = catalog.model_dump(mode="json")
    style_data = data["styles"][0]
    data["rules"] = [draw(rules(style_data, i, shapes=("parts", "pair"))) for i in range(draw(st.integers(1, 2)))]
    changed = Catalog.model_validate(data)
    return changed, changed.styles[0], request


@EXAMPLES
@given(lifted_worlds())
def test_count_matches_brute_force_on_lifted_tables(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    result = bounded_solver(catalog).count(style.id, request)
    assert result.status is ExitStatus.COMPLETE
    assert result.count == len(valid_assemblies(catalog, style, request))


@EXAMPLES
@given(lifted_worlds())
def test_options_match_brute_force_on_lifted_tables(world: tuple[Catalog, Style, Request]) -> None:
    check_options(*world)
