"""All OR-Tools CP-SAT code: the naive part-level model of a space, its exactness cross-checks,
the one-solve-per-value options peer and assumption cores for explanations."""

from __future__ import annotations

from solver.cpsat.model import CoreResult, CpSatSpace, Domains
from solver.cpsat.outcome import ModelInvalid, SolveOutcome
from solver.cpsat.relaxed import explain_core, relaxed_space, requirement_groups

__all__ = ["CoreResult", "CpSatSpace", "Domains", "ModelInvalid", "SolveOutcome", "explain_core",
           "relaxed_space", "requirement_groups"]
