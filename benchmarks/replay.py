"""Issue 8's benchmarks in one run: shopper replay (headline), peers, incremental edit, rule stress.

    .venv/bin/python -m benchmarks.replay              # full: 10^3, 10^4, rule stress, ~20 min
    .venv/bin/python -m benchmarks.replay --with-100k  # and options at 10^5 (generating it alone takes minutes)
    .venv/bin/python -m benchmarks.replay --quick      # 10^3 only and a tree width of 5, ~5 min
    .venv/bin/python -m benchmarks.replay --no-write   # print only

Writes `benchmarks/replay_results.json` and the block between the `replay` markers of
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import edits, stress
from benchmarks.peers import asp, naive_cpsat
from benchmarks.replay_report import write
from benchmarks.runner import Cell, _reset_peak, _status_kb, run_cell
from benchmarks.selections import SEED, Selection
from benchmarks.shopper import Replay, shop
from catalog.generator import generate_catalog
from catalog.model import Catalog
from solver.candidate_list import values_of
from solver.request import Request
from solver.results import CandidateStatus, ExitStatus
from solver.service import Solver

HERE = Path(__file__).parent
SHOPPERS, PICKS = 3, 6


@dataclass
class Plan:
    sizes: tuple[int, ...] = (1_000, 10_000)
    replay_budget_s: dict[int, float] = field(default_factory=lambda: {1_000: 120.0, 10_000: 240.0})
    options_only: tuple[int, ...] = ()
    options_only_budget_s: float = 90.0
    peer_sizes: tuple[int, ...] = (1_000, 10_000)
    peer_requests: int = 8
    peer_bound_s: float = 25.0
    peer_budget_s: float = 75.0
    edit_size: int | None = 10_000
    edit_limit_s: float = 60.0
    stress_widths: tuple[int, ...] = (5, 10)
    stress_bound_s: float = 30.0
    stress_count_bound_s: float = 60.0
    stress_budget_s: float = 90.0


QUICK = Plan(sizes=(1_000,), replay_budget_s={1_000: 90.0}, options_only=(), peer_sizes=(1_000,), peer_requests=4,
             peer_budget_s=40.0, edit_size=None, stress_widths=(5,), stress_budget_s=40.0)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _peak_mb(start_kb: int) -> float:
    return (_status_kb("VmHWM") - start_kb) / 1024


def _available(solver: Solver, style: str, request: Request) -> dict[str, frozenset[str]] | None:
    result = solver.options(style, request)  # answered before: a cache hit when it was complete
    if result.status is not ExitStatus.COMPLETE:
        return None
    return {s.slot: frozenset(values_of(s.candidates, CandidateStatus.AVAILABLE))
            for s in result.slots}


def _peers(catalog: Catalog, solver: Solver, asked: list[tuple[str, Request]], plan: Plan) -> list[dict[str, Any]]:
    """clingo (brave consequences) and CP-SAT (one solve per unseen value) on the same requests."""
    sels = [Selection(i, style, request, ()) for i, (style, request) in enumerate(asked[:plan.peer_requests])]
    ours = {s.index: _available(solver, s.style_id, s.request) for s in sels}
    fresh = Solver(catalog)
    fresh.spaces = solver.spaces  # warm, as a service holds it, but no options answer cached
    own = []
    for sel in sels:
        start = time.perf_counter()
        whole = fresh.options(sel.style_id, sel.request).status is ExitStatus.COMPLETE
        own.append({"index": sel.index, "seconds": time.perf_counter() - start, "complete": whole})
    out: list[dict[str, Any]] = [{"peer": "ours", "size": len(catalog.parts), "calls": own, "note": ""}]
    for name, peer in (("clingo", asp.options), ("cpsat-naive", naive_cpsat.options)):
        def work(state: Catalog, sel: Selection, peer: Any = peer) -> Any:
            return peer(state, state.style(sel.style_id), sel.request, plan.peer_bound_s)

        cell = run_cell(Cell(name, "options", len(catalog.parts), plan.peer_bound_s + 5), lambda: catalog, work,
                        sels, plan.peer_budget_s)
        calls = []
        for call in cell.calls:
            mine = ours.get(call.index)
            equal = None
            if call.seconds is not None and call.complete and mine is not None and call.value is not None:
                equal = all(mine[slot] == call.value.get(slot, frozenset()) for slot in mine)
            calls.append({"index": call.index, "seconds": call.seconds, "complete": call.complete, "equal": equal,
                          "error": call.error})
        out.append({"peer": name, "size": len(catalog.parts), "calls": calls, "note": cell.note})
        finished = [c for c in calls if c["seconds"] is not None]
        log(f"  {name}: {len(finished)}/{len(calls)} finished, {sum(bool(c['equal']) for c in calls)} equal to ours")
    return out


def replay_size(n: int, plan: Plan, every_op: bool, budget_s: float) -> dict[str, Any]:
    log(f"{n:,} parts: generating")
    catalog = generate_catalog(n, seed=SEED)
    solver = Solver(catalog)
    out: dict[str, Any] = {"size": n}
    if every_op:
        _reset_peak()
        start_kb = _status_kb("VmRSS")
        start = time.perf_counter()
        statuses = solver.warm()
        out["warm_s"] = time.perf_counter() - start
        out["warm_peak_mb"] = _peak_mb(start_kb)
        out["warm_complete"] = all(s is ExitStatus.COMPLETE for s in statuses.values())
        log(f"  warm-up {out['warm_s']:.1f} s, peak +{out['warm_peak_mb']:.0f} MB")
    replay = Replay()
    rng = random.Random(SEED + n)
    stop_at = time.monotonic() + budget_s
    asked: list[tuple[str, Request]] = []
    _reset_peak()
    start_kb = _status_kb("VmRSS")
    for _ in range(SHOPPERS):
        for style in catalog.styles:
            requests = shop(replay, solver, style.id, rng, PICKS, stop_at, every_op)
            asked += [(style.id, r) for r in requests[1:2]]  # each shopper's first pick, for peers
    out["replay_peak_mb"] = _peak_mb(start_kb)
    out["timings"] = [asdict(t) for t in replay.timings]
    out |= {"picks": replay.picks, "dead_ends": replay.dead_ends, "far_pages_short": replay.far_pages_short,
            "far_pages_unreached": replay.far_pages_unreached, "stopped": replay.stopped}
    log(f"  replay: {replay.picks} picks, {len(replay.timings)} calls{', ' + replay.stopped if replay.stopped else ''}")
    if every_op and n in plan.peer_sizes:
        out["peers"] = _peers(catalog, solver, asked, plan)
    if every_op and n == plan.edit_size:
        log("  incremental edits")
        out["edits"] = [asdict(e) for e in edits.measure(catalog, answer_limit_s=plan.edit_limit_s, log=log,
                                                         warm=solver)]
    return out


def run(plan: Plan) -> dict[str, Any]:
    results: dict[str, Any] = {"sizes": [], "stress": []}
    for n in plan.sizes:
        results["sizes"].append(replay_size(n, plan, True, plan.replay_budget_s[n]))
    for n in plan.options_only:
        results["sizes"].append(replay_size(n, plan, False, plan.options_only_budget_s))
    for width in plan.stress_widths:
        log(f"rule stress: {stress.SLOTS} option slots, tree width {width}")
        found = stress.run_width(width, plan.stress_bound_s, plan.stress_count_bound_s, plan.stress_budget_s)
        results["stress"].append(stress.as_dict(found))
        log(f"  compile {found.compile_s:.2f} s, width {found.net_width}, {found.table_entries:,} entries; "
            f"count {found.count_s:.1f} s ({'complete' if found.count_complete else 'cut short'})")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--with-100k", action="store_true", help="also options at 10^5 parts, no warm-up")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    if args.with_100k:
        plan.options_only = (100_000,)
    start = time.monotonic()
    results = run(plan)
    results["wall_s"] = round(time.monotonic() - start)
    results["mode"] = "quick" if args.quick else "full"
    text = write(results, None if args.no_write else HERE / "README.md")
    print(text)
    if not args.no_write:
        (HERE / "replay_results.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
