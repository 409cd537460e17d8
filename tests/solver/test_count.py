"""count() against brute force."""

from __future__ import annotations

from hypothesis import given

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.results import ExitStatus
from solver.service import Solver
from tests.solver.oracle import valid_assemblies
from tests.solver.test_options import EXAMPLES
from tests.solver.worlds import worlds


@EXAMPLES
@given(worlds())
def test_count_matches_brute_force(world: tuple[Catalog, Style, Request]) -> None:
    catalog, style, request = world
    # Exactness, not speed: under a budget count walks every piece, which on a loaded 2-core
    # machine outlasts the service's 5 s default; a limit no world reaches keeps wall-clock out.
    result = Solver(catalog, time_limit_s=600).count(style.id, request)
    assert result.status is ExitStatus.COMPLETE
    assert result.count == len(valid_assemblies(catalog, style, request))
