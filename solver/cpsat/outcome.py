"""CP-SAT statuses turned into ours: nothing outside this package sees a CP-SAT status code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from solver.results import ExitStatus


class ModelInvalid(RuntimeError):
    """CP-SAT refused the model: a bug in the encoding, never a property of the catalog."""


@dataclass(frozen=True)
class SolveOutcome:
    """`status` is COMPLETE when CP-SAT proved its answer (a solution found, infeasibility, or
    optimality for an optimisation), INCOMPLETE when a time limit cut it short."""

    status: ExitStatus
    feasible: bool  # a solution was found
    infeasible: bool  # proven: there is none
    wall_s: float = 0.0

    @property
    def complete(self) -> bool:
        return self.status is ExitStatus.COMPLETE


def outcome(solver: cp_model.CpSolver, code: Any, *, optimising: bool = False) -> SolveOutcome:
    wall = float(solver.wall_time)
    if code == cp_model.OPTIMAL:
        return SolveOutcome(ExitStatus.COMPLETE, True, False, wall)
    if code == cp_model.FEASIBLE:
        status = ExitStatus.INCOMPLETE if optimising else ExitStatus.COMPLETE
        return SolveOutcome(status, True, False, wall)
    if code == cp_model.INFEASIBLE:
        return SolveOutcome(ExitStatus.COMPLETE, False, True, wall)
    if code == cp_model.MODEL_INVALID:
        raise ModelInvalid("CP-SAT refused the model")
    return SolveOutcome(ExitStatus.INCOMPLETE, False, False, wall)


def make_solver(time_limit_s: float, workers: int = 1) -> cp_model.CpSolver:
    """Every solve has a time limit; one worker unless asked (cores and enumeration need one)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit_s, 0.001)
    solver.parameters.num_workers = workers
    return solver
