"""Solvers for tests: bounded by work steps, never by the wall clock, so that a busy machine
cannot turn a complete answer incomplete (or change which answer a test sees)."""

from __future__ import annotations

from catalog.model import Catalog
from solver.service import Solver

# Far above what any brute-force-sized world needs; a world that needs more is a finding.
WORK_LIMIT = 1_000_000


def bounded_solver(catalog: Catalog) -> Solver:
    return Solver(catalog, time_limit_s=None, work_limit=WORK_LIMIT)
