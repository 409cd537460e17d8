"""Tables across parts of two kinds or more (clasp with ring, two rings, a charm with a clasp...):
the hub lifts the slots they read. Every answer against brute force, on worlds whose tables all
have such shapes (the general worlds meet them too, but less often)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.cpsat import CpSatSpace
from solver.request import Request
from solver.results import ExitStatus
from solver.space import compile_space
from tests.solver.bounded import bounded_solver
from tests.solver.describe import describe
from tests.solver.oracle import valid_assemblies
from tests.solver.test_cpsat import LIMIT, MAX_SOLUTIONS, lively_worlds
from tests.solver.test_options import EXAMPLES, check_options
from tests.solver.test_shared_work import assert_order_does_not_matter
from tests.solver.worlds import rules, worlds


@st.composite
def lifted_worlds(draw: st.DrawFn, lively: bool = False) -> tuple[Catalog, Style, Request]:
    """A drawn world whose tables are replaced by one or two that read two parts or more."""
    catalog, _, request = draw(lively_worlds() if lively else worlds())
    data = catalog.model_dump(mode="json")
    style_data = data["styles"][0]
    shapes = ("parts", "pair", "twin")
    data["rules"] = [draw(rules(style_data, i, shapes=shapes)) for i in range(draw(st.integers(1, 2)))]
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


@EXAMPLES
@given(lifted_worlds(), st.randoms(use_true_random=False))
def test_lifted_answers_do_not_depend_on_earlier_requests(world: tuple[Catalog, Style, Request], rng: object) -> None:
    """Memo keys hold the lifted values: a solver that answered other requests first agrees with
    a fresh one."""
    assert_order_does_not_matter(*world, rng, recommend=False)


@EXAMPLES
@given(st.one_of(lifted_worlds(), lifted_worlds(lively=True)))
def test_cpsat_solutions_are_the_valid_assemblies_under_lifted_tables(world: tuple[Catalog, Style, Request]) -> None:
    """The CP-SAT model (explain's cores, cross-checks) encodes every accepted shape with items
    told apart by slot: its whole solution set against brute force."""
    catalog, style, request = world
    valid = {e.assembly for e in valid_assemblies(catalog, style, request)}
    status, found = CpSatSpace(compile_space(catalog, style, request)).solutions(MAX_SOLUTIONS, LIMIT)
    if len(valid) > MAX_SOLUTIONS:
        assert found <= valid, (sorted(found - valid, key=str)[:3], describe(*world))
        return
    assert status.status is ExitStatus.COMPLETE
    assert found == valid, (sorted(found ^ valid, key=str)[:3], describe(*world))
