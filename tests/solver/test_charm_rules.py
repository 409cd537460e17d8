"""Counting rules and charm × charm tables against brute force: every operation, in worlds that
always hold such rules and a slot of two or three charms."""

from __future__ import annotations

from hypothesis import given, note
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
from tests.solver.test_cpsat import LIMIT, MAX_SOLUTIONS, check_core
from tests.solver.test_enumerate import oracle_order, walk_pages
from tests.solver.test_options import EXAMPLES, check_options
from tests.solver.worlds import worlds

charm_worlds = worlds(max_charms=4, charm_rules_always=True, min_charms=2)
# Charm × charm tables that also read a clasp, extender or rings, on the necklace: a ring column
# reads the clasp's, the extender's and the charms' ring slots, and the charms must pass beside each.
beside_worlds = worlds(max_charms=4, charm_rules_always=True, min_charms=2, charm_tables_beside=True)


def _check_count(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    note(describe(catalog, style, request))
    result = bounded_solver(catalog).count(style.id, request)
    assert result.status is ExitStatus.COMPLETE
    assert result.count == len(valid_assemblies(catalog, style, request))


@EXAMPLES
@given(charm_worlds)
def test_count_with_charm_rules_matches_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    _check_count(world)


@EXAMPLES
@given(beside_worlds)
def test_count_with_charm_tables_beside_rings_matches_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    _check_count(world)


@EXAMPLES
@given(charm_worlds)
def test_options_with_charm_rules_match_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    note(describe(*world))
    check_options(*world)


PAGES = 4  # the first pages, each against the oracle's order: enough to meet every rule, cheap enough for CI


@EXAMPLES
@given(charm_worlds, st.integers(1, 4))
def test_pages_with_charm_rules_follow_the_sorted_oracle(world: tuple[Catalog, Style, Request], size: int) -> None:
    catalog, style, request = world
    note(describe(catalog, style, request))
    expected = oracle_order(catalog, style, request)
    seen = walk_pages([bounded_solver(catalog)] * PAGES, style, request, size, len(expected))
    assert seen == expected[: len(seen)] and len(seen) == min(len(expected), PAGES * size)


@EXAMPLES
@given(charm_worlds)
def test_cpsat_solutions_with_charm_rules_are_the_valid_assemblies(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    valid = {e.assembly for e in valid_assemblies(catalog, style, request)}
    status, found = CpSatSpace(compile_space(catalog, style, request)).solutions(MAX_SOLUTIONS, LIMIT)
    if len(valid) > MAX_SOLUTIONS:
        assert found <= valid
        return
    assert status.status is ExitStatus.COMPLETE
    assert found == valid, (sorted(found ^ valid, key=str)[:3], describe(*world))


@EXAMPLES
@given(charm_worlds)
def test_explain_core_with_charm_rules_is_a_conflict(world: tuple[Catalog, Style, Request]) -> None:
    check_core(world)


@EXAMPLES
@given(charm_worlds, st.integers(1, 3))
def test_recommend_with_charm_rules_is_optimal(world: tuple[Catalog, Style, Request], k: int) -> None:
    catalog, style, request = world
    result = bounded_solver(catalog).recommend(style.id, request, k)
    assert result.status is ExitStatus.COMPLETE
    space = compile_space(catalog, style, request.without("budget") if request.budget_cents else request)
    class_of = {m.sku: cls.index for cls in space.classes["chain"] for m in cls.members}
    cheapest: dict[int, int] = {}
    for e in valid_assemblies(catalog, style, request):
        cls = class_of[e.assembly.get("chain")[0]]
        cheapest[cls] = min(cheapest.get(cls, e.price.total_cents), e.price.total_cents)
    got = sorted(e.price.total_cents for e in result.items)
    assert all(e.valid for e in result.items), [e.violations for e in result.items]
    assert got == sorted(cheapest.values())[:k]
