"""explain() against brute force: the conflict is infeasible and minimal; relaxations restore."""

from __future__ import annotations

from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.results import ExitStatus
from tests.solver.bounded import bounded_solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


def _keep(request: Request, kept: set[str]) -> Request:
    out = request
    for name in request.requirements():
        if name not in kept:
            out = out.without(name)
    return out


def _feasible(catalog: Catalog, style: Style, request: Request) -> bool:
    return bool(valid_assemblies(catalog, style, request))


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
