"""What one compare run measures: sizes, selections, bounds, and the cells (engine × op × size)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from benchmarks import ops
from benchmarks.peers import asp, naive_cpsat, pyconstraint
from benchmarks.selections import Selection
from catalog.model import Catalog
from solver.service import Solver
from solver.space import compile_space

OURS = "ours"
OPS = ("options", "recommend", "count", "enumerate", "explain", "add_ons")


@dataclass(frozen=True)
class Plan:
    sizes: tuple[int, ...]  # our engine, every operation
    small: int  # an extra size for python-constraint (our options and count run there too)
    selections: dict[int, int]  # per size, how many selections
    peer_selections: int  # peers answer the first few selections of a size
    ours_budget_s: dict[int, float]  # per cell
    call_bound_s: float  # one call of our engine
    peer_bound_s: float  # one call of a peer ("does not finish within ...")
    peer_budget_s: float  # per peer cell
    big_gate_s: float  # 10^5 runs an operation only if its 10^4 p95 stayed under this
    warm_limit_s: float = 120.0  # per style, for Solver.warm() before our cells of a size


FULL = Plan(sizes=(1_000, 10_000, 100_000), small=100, selections={100: 6, 1_000: 8, 10_000: 6, 100_000: 2},
            peer_selections=3, ours_budget_s={100: 15, 1_000: 30, 10_000: 45, 100_000: 40}, call_bound_s=60,
            peer_bound_s=60, peer_budget_s=90, big_gate_s=10, warm_limit_s=90)
QUICK = Plan(sizes=(1_000, 10_000), small=100, selections={100: 3, 1_000: 4, 10_000: 3},
             peer_selections=2, ours_budget_s={100: 10, 1_000: 15, 10_000: 25}, call_bound_s=25,
             peer_bound_s=15, peer_budget_s=30, big_gate_s=5)


@dataclass(frozen=True)
class Peer:
    engine: str
    op: str
    sizes: tuple[int, ...]  # where it runs (a larger size only if the smaller one finished)
    work: Callable[[Catalog, Selection, float], Any]
    compares: str  # how its answer is checked against ours


def _style(catalog: Catalog, sel: Selection) -> Any:
    return catalog.style(sel.style_id)


def peers(plan: Plan) -> list[Peer]:
    k3, k4 = 1_000, 10_000
    return [
        Peer("clingo", "options", (k3, k4),
             lambda c, s, b: asp.options(c, _style(c, s), s.request, b), "available values per slot"),
        Peer("cpsat-naive", "options", (k3, k4),
             lambda c, s, b: naive_cpsat.options(c, _style(c, s), s.request, b), "available values per slot"),
        Peer("python-constraint", "options", (plan.small,),
             lambda c, s, b: pyconstraint.options(c, _style(c, s), s.request, b), "available values per slot"),
        Peer("clingo", "count", (plan.small, k3),
             lambda c, s, b: asp.count(compile_space(c, _style(c, s), s.request), b), "exact count"),
        Peer("python-constraint", "count", (plan.small,),
             lambda c, s, b: pyconstraint.count(compile_space(c, _style(c, s), s.request), b), "exact count"),
        Peer("cpsat-opt", "recommend", (k3, k4),
             lambda c, s, b: naive_cpsat.cheapest(c, _style(c, s), s.request, b), "cheapest total = our top-1"),
        Peer("cpsat-core", "explain", (k3, k4),
             lambda c, s, b: naive_cpsat.core(c, _style(c, s), s.explain_request(), b),
             "same satisfiability; core verified a conflict"),
    ]


def ours_work(op: str) -> Callable[[Solver, Selection], Any]:
    return ops.OPS[op]


def footprint(n_parts: int) -> Callable[[Any, Selection], Any]:
    """Memory of the catalog itself and of every style's compiled space (the engine's per-catalog
    structures), from a fresh generation inside the child, counted by tracemalloc (numpy arrays
    included): the resident set of a forked child reuses the parent's freed memory and says
    little at small sizes."""

    def work(_: Any, __: Selection) -> ops.Answer:
        import tracemalloc

        from benchmarks.selections import SEED
        from catalog.generator import generate_catalog
        from solver.request import Request

        tracemalloc.start()
        try:
            catalog = generate_catalog(n_parts, SEED)
            after_catalog = tracemalloc.get_traced_memory()[0]
            spaces = [compile_space(catalog, style, Request()) for style in catalog.styles]
            after_spaces = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
        mb = 1024 * 1024
        return ops.Answer({"catalog_mb": after_catalog / mb, "spaces_mb": (after_spaces - after_catalog) / mb,
                           "classes": sum(len(v) for s in spaces for v in s.classes.values())}, True)

    return work


