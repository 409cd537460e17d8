"""explain() against brute force: the conflict is infeasible and minimal; relaxations restore."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import assume, given
from hypothesis import strategies as st

from catalog.model import Catalog
from catalog.styles import Style
from solver.deadline import Deadline
from solver.explain import Feasibility, solved_total
from solver.hub import INF
from solver.request import Request
from solver.results import ExitStatus
from solver.solve import SpaceCache, solve_space
from tests.solver.bounded import WORK_LIMIT, bounded_solver
from tests.solver.oracle import any_valid, valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _keep(request: Request, kept: set[str]) -> Request:
    out = request
    for name in request.requirements():
        if name not in kept:
            out = out.without(name)
    return out


def _feasible(catalog: Catalog, style: Style, request: Request) -> bool:
    return any_valid(catalog, style, request)


@EXAMPLES
@given(worlds())
def test_explanations_are_minimal_conflicts(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    result = bounded_solver(catalog).explain(style.id, request)
    assert result.status is ExitStatus.COMPLETE
    assert result.satisfiable == _feasible(catalog, style, request)
    if result.satisfiable:
        return
    names = {r.name for r in result.conflict}
    if names == {"style"}:
        assert not _feasible(catalog, style, Request())
        return
    assert not _feasible(catalog, style, _keep(request, names))
    for name in names:
        assert _feasible(catalog, style, _keep(request, names - {name})), name
    everything = set(request.requirements())
    for relaxation in result.relaxations:
        dropped = set(relaxation.drop)
        assert _feasible(catalog, style, _keep(request, everything - dropped))
        for name in dropped:
            assert not _feasible(catalog, style, _keep(request, everything - (dropped - {name})))
        if relaxation.drop == ("budget",):
            raised = request.model_copy(update={"budget_cents": relaxation.to})
            assert _feasible(catalog, style, raised)
            assert relaxation.to is not None
            assert not _feasible(catalog, style, request.model_copy(update={"budget_cents": relaxation.to - 1}))


@EXAMPLES
@given(worlds(), st.data())
def test_bounds_from_known_totals_change_no_explanation(world: tuple[Catalog, Style, Request],
                                                        data: st.DataObject) -> None:
    """Deciding a requirement set from totals already found (Feasibility._bounded) gives the same
    explanation as solving every set; budgets are drawn at a subset's exact cheapest total, where
    a strict and a loose comparison part, and the quantity is drawn where tooling moves prices."""
    catalog, style, request = world
    quantity = data.draw(st.sampled_from([request.quantity, 1, 3, 50]))
    request = request.model_copy(update={"quantity": quantity})
    names = request.requirements()
    kept = set(data.draw(st.lists(st.sampled_from(names), unique=True))) if names else set()
    prices = [e.price.total_cents for e in valid_assemblies(catalog, style, _keep(request, kept - {"budget"}))]
    if prices and data.draw(st.booleans()):
        request = request.model_copy(update={"budget_cents": min(prices) + data.draw(st.sampled_from([0, 0, -1]))})
    bounded = bounded_solver(catalog).explain(style.id, request)
    with patch.object(Feasibility, "_bounded", lambda self, kept, budget: None):
        solved = bounded_solver(catalog).explain(style.id, request)
    assert bounded == solved


def test_a_quantity_is_never_bounded_by_sets_without_it() -> None:
    """A larger quantity spreads tooling and can make a piece cheaper: the total without the
    quantity says nothing about the total with it (both ways)."""
    feasible = Feasibility(None, None, None, Request(quantity=50), None)  # type: ignore[arg-type]
    feasible.memo[frozenset()] = 200.0  # at quantity 1, tooling on one piece
    assert feasible._bounded(frozenset({"quantity"}), 150) is None
    feasible.memo[frozenset({"quantity", "pick:chain"})] = 100.0
    assert feasible._bounded(frozenset({"quantity"}), 150) is True
    assert feasible._bounded(frozenset(), 150) is False


@EXAMPLES
@given(worlds())
def test_a_budget_below_every_piece_is_settled_by_the_floor(world: tuple[Catalog, Style, Request]) -> None:
    """A budget under the cheapest piece, at the request's quantity and at one, conflicts alone:
    explain asks no CP-SAT core and walks only the requirements without the budget, the floor
    (nothing kept but the quantity) and the empty set; no deletion chain of ever fewer
    requirements, and no relaxation with the quantity kept, walks its own set."""
    catalog, style, request = world
    # Most drawn requests have no piece even without their budget, and brute force proves that
    # only by asking about every assembly: the solver (checked against brute force by the other
    # properties) turns those away first, and brute force decides each world that is left.
    counted = bounded_solver(catalog).count(style.id, request.without("budget"))
    assume(counted.count > 0 or counted.status is not ExitStatus.COMPLETE)
    assume(_feasible(catalog, style, request.without("budget")))
    floor = [e.price.total_cents for quantity in {1, request.quantity}
             for e in valid_assemblies(catalog, style, Request(quantity=quantity))]
    assume(floor and min(floor) > 0)
    request = request.model_copy(update={"budget_cents": min(floor) - 1})
    walked: list[frozenset[str]] = []
    cheapest = Feasibility.cheapest

    def counted(self: Feasibility, kept: frozenset[str]) -> float:
        if kept not in self.memo:
            walked.append(kept)
        return cheapest(self, kept)

    with patch.object(Feasibility, "cheapest", counted), patch("solver.explain._cpsat_core") as core:
        result = bounded_solver(catalog).explain(style.id, request)
    everything = frozenset(request.requirements())
    assert [r.name for r in result.conflict] == ["budget"]
    assert not core.called
    assert set(walked) <= {everything - {"budget"}, everything & {"quantity"}, frozenset()}, walked


@EXAMPLES
@given(worlds(), st.data())
def test_the_budget_alone_changes_no_explanation(world: tuple[Catalog, Style, Request], data: st.DataObject) -> None:
    """Settling the budget as the conflict without a core or deletion gives what the deletion
    gives; budgets are drawn under, at and over the cheapest piece, and far under it."""
    catalog, style, request = world
    prices = [e.price.total_cents for e in valid_assemblies(catalog, style, Request(quantity=request.quantity))]
    low = min(prices, default=1)
    request = request.model_copy(update={"budget_cents": data.draw(st.sampled_from([1, max(low - 1, 0), low]))})
    settled = bounded_solver(catalog).explain(style.id, request)
    with patch("solver.explain._budget_alone", lambda feasible, everything: False):
        deleted = bounded_solver(catalog).explain(style.id, request)
    assert settled == deleted


@EXAMPLES
@given(worlds())
def test_explanations_after_options_equal_fresh_ones(world: tuple[Catalog, Style, Request]) -> None:
    """A storefront asks options before explain: explain then reads the totals of the set-aside
    walks options kept (`solved_total`, walks for one slot's offers) instead of walking again,
    and explains exactly as a solver that saw no other request."""
    catalog, style, request = world
    warmed = bounded_solver(catalog)
    shown = warmed.options(style.id, request.without("budget"))
    assume(shown.status is ExitStatus.COMPLETE)
    assert warmed.explain(style.id, request) == bounded_solver(catalog).explain(style.id, request)


@EXAMPLES
@given(worlds())
def test_a_walk_for_one_slots_offers_has_the_whole_total(world: tuple[Catalog, Style, Request]) -> None:
    """What `solved_total` relies on: a set-aside walk kept for one slot's offers finds the same
    cheapest total as a walk for the total alone, and brute force's."""
    catalog, style, request = world
    request = request.without("budget")
    for slot in [None, *(p.slot for p in request.picks)]:
        asked = request if slot is None else request.without(f"pick:{slot}")
        spaces = SpaceCache()
        space = spaces.get(catalog, style, asked, Deadline(None, WORK_LIMIT))
        offers = solve_space(space, Deadline(None, WORK_LIMIT), only=slot)
        assert offers.complete
        assert solved_total(space) == (None if space.infeasible else offers.total)  # an empty space keeps none
        alone = solve_space(SpaceCache().get(catalog, style, asked), Deadline(None, WORK_LIMIT), collect=False)
        assert alone.total == offers.total
        prices = [e.price.total_cents for e in valid_assemblies(catalog, style, asked)]
        assert offers.total == (min(prices) if prices else INF), slot
