"""CP-SAT statuses turned into ours (nothing outside this package sees a CP-SAT status code), and
the bounds every solve runs under."""

from __future__ import annotations

import time
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
    work: float = 0.0  # CP-SAT's deterministic time spent

    @property
    def complete(self) -> bool:
        return self.status is ExitStatus.COMPLETE


def outcome(solver: cp_model.CpSolver, code: Any, *, optimising: bool = False) -> SolveOutcome:
    wall, work = float(solver.wall_time), float(solver.deterministic_time)
    if code == cp_model.OPTIMAL:
        return SolveOutcome(ExitStatus.COMPLETE, True, False, wall, work)
    if code == cp_model.FEASIBLE:
        status = ExitStatus.INCOMPLETE if optimising else ExitStatus.COMPLETE
        return SolveOutcome(status, True, False, wall, work)
    if code == cp_model.INFEASIBLE:
        return SolveOutcome(ExitStatus.COMPLETE, False, True, wall, work)
    if code == cp_model.MODEL_INVALID:
        raise ModelInvalid("CP-SAT refused the model")
    return SolveOutcome(ExitStatus.INCOMPLETE, False, False, wall, work)  # a bound was hit: unknown


@dataclass(frozen=True)
class Bound:
    """How far one CP-SAT solve may go. `seconds` is wall clock: every served solve has it.
    `work` is CP-SAT's deterministic time (its own count of work, in roughly seconds on a
    reference machine): with one worker the same model always stops at the same point, so an
    answer bounded by it alone can never change with the machine's load (tests, cross-checks)."""

    seconds: float | None = None
    work: float | None = None

    def __post_init__(self) -> None:
        if self.seconds is None and self.work is None:
            raise ValueError("a CP-SAT solve needs a bound: seconds, work or both")


Limit = float | Bound  # a bare number is wall-clock seconds


def bound_of(limit: Limit) -> Bound:
    return limit if isinstance(limit, Bound) else Bound(seconds=limit)


def make_solver(limit: Limit, workers: int = 1) -> cp_model.CpSolver:
    """Every solve has a bound (a hit bound reads INCOMPLETE in `outcome`, never as an answer);
    one worker unless asked (cores and enumeration need one, and work bounds need one to be
    deterministic)."""
    bound = bound_of(limit)
    solver = cp_model.CpSolver()
    if bound.seconds is not None:
        solver.parameters.max_time_in_seconds = max(bound.seconds, 0.001)
    if bound.work is not None:
        solver.parameters.max_deterministic_time = max(bound.work, 0.0)
    solver.parameters.num_workers = workers
    return solver


class Spending:
    """What is left of a bound shared by many solves: the wall clock runs out at `stop`, the work
    as the solves report theirs."""

    def __init__(self, bound: Bound, per_solve_s: float) -> None:
        self.stop = None if bound.seconds is None else time.monotonic() + bound.seconds
        self.work_left = bound.work
        self.per_solve_s = per_solve_s

    def next(self) -> Bound | None:
        """The next solve's bound, or None when nothing is left."""
        seconds = None
        if self.stop is not None:
            seconds = min(self.stop - time.monotonic(), self.per_solve_s)
            if seconds <= 0:
                return None
        if self.work_left is not None and self.work_left <= 0:
            return None
        return Bound(seconds, self.work_left)

    def spent(self, result: SolveOutcome) -> None:
        if self.work_left is not None:
            self.work_left -= result.work
