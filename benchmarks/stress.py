"""Rule stress: 300 ruled option slots on a k-tree of tables (catalog.generator_rules), per tree width.

Measured per width: the rule network's compile time and compiled size (width in slots, table
entries), options after every pick of 3 shoppers picking option values only (p50/p95, share
complete), and the exact count of the empty selection; beside them, python-sat's incremental
valid domains on the same requests (verified equal to ours) and pyganak's exact count.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from benchmarks.peers import optionnet
from benchmarks.shopper import Replay, shop
from catalog.generator import generate_rule_stress
from catalog.generator_rules import STYLE_ID
from catalog.model import Catalog
from catalog.types import SlotKind
from solver.candidate_list import values_of
from solver.request import Request
from solver.results import CandidateStatus, ExitStatus
from solver.rulenet import compile_network
from solver.service import Solver

SLOTS = 300
SHOPPERS, PICKS = 3, 6


@dataclass
class StressRun:
    width: int
    compile_s: float = 0.0
    net_width: int = 0
    table_entries: int = 0
    fits: bool = True
    options_s: list[float] = field(default_factory=list)
    options_complete: int = 0
    sat_s: list[float] = field(default_factory=list)
    sat_equal: int = 0
    sat_compared: int = 0
    sat_setup_s: float = 0.0
    count_s: float = 0.0
    count_complete: bool = False
    ganak_s: float = 0.0
    ganak_equal: bool | None = None
    notes: list[str] = field(default_factory=list)


def _option_picks(request: Request) -> dict[str, str]:
    return {p.slot: p.option for p in request.picks if p.option is not None}


def _ours(solver: Solver, request: Request) -> dict[str, frozenset[str]]:
    result = solver.options(STYLE_ID, request)
    return {s.slot: frozenset(values_of(s.candidates, CandidateStatus.AVAILABLE))
            for s in result.slots if solver.catalog.style(STYLE_ID).slot(s.slot).kind is SlotKind.OPTION}


def run_width(width: int, bound_s: float, count_bound_s: float, budget_s: float, seed: int = 7) -> StressRun:
    out = StressRun(width)
    catalog: Catalog = generate_rule_stress(SLOTS, width, seed)
    style = catalog.style(STYLE_ID)
    start = time.perf_counter()
    net = compile_network(style, catalog.rules)
    out.compile_s = time.perf_counter() - start
    out.net_width, out.table_entries, out.fits = net.width, net.table_entries, net.fits
    solver = Solver(catalog, time_limit_s=bound_s)
    replay = Replay()
    rng = random.Random(seed)
    stop_at = time.monotonic() + budget_s
    requests: list[Request] = []
    for _ in range(SHOPPERS):
        requests += shop(replay, solver, STYLE_ID, rng, PICKS, stop_at, every_op=False)
    out.options_s = [t.seconds for t in replay.timings]
    out.options_complete = sum(t.complete for t in replay.timings)
    if replay.stopped:
        out.notes.append(f"shoppers stopped: {replay.stopped} after {replay.picks} picks")
    start = time.perf_counter()
    cnf = optionnet.build(catalog)
    sat = optionnet.IncrementalDomains(cnf)
    out.sat_setup_s = time.perf_counter() - start
    for request in requests:
        start = time.perf_counter()
        theirs = sat.valid(_option_picks(request))
        out.sat_s.append(time.perf_counter() - start)
        ours = solver.options(STYLE_ID, request)  # a cache hit when complete: the answer to compare
        if ours.status is ExitStatus.COMPLETE:
            out.sat_compared += 1
            out.sat_equal += _ours(solver, request) == {k: theirs.get(k, frozenset()) for k in _ours(solver, request)}
    sat.close()
    counter = Solver(catalog, time_limit_s=count_bound_s)
    start = time.perf_counter()
    counted = counter.count(STYLE_ID, Request())
    out.count_s = time.perf_counter() - start
    out.count_complete = counted.status is ExitStatus.COMPLETE
    start = time.perf_counter()
    exact = optionnet.exact_count(cnf, {})
    out.ganak_s = time.perf_counter() - start
    out.ganak_equal = (exact == counted.count) if out.count_complete else None
    return out


def as_dict(run: StressRun) -> dict[str, Any]:
    return run.__dict__.copy()
