"""Side by side: our engine and its peers on the same spaces, the same selections, the same run.

    .venv/bin/python -m benchmarks.compare            # full: 10^3, 10^4, 10^5 parts (~12 min)
    .venv/bin/python -m benchmarks.compare --quick    # 10^3 and 10^4, fewer selections (~4 min)

Prints operation × size × engine with p50/p95, the ratio to ours and peak memory; writes the
results and the machine into benchmarks/README.md, the raw numbers into
benchmarks/results.json and the scaling plot into benchmarks/scaling.png.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import plan as plans
from benchmarks.plan import OPS, OURS, Plan
from benchmarks.report import machine, plot, print_table, save_json, targets, write_readme
from benchmarks.runner import Call, Cell, resident_mb, run_cell
from benchmarks.selections import Selection, catalog_of, selections
from benchmarks.stats import percentile, times
from catalog.model import Catalog
from solver.results import ExitStatus
from solver.service import Solver

HERE = Path(__file__).parent


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _same(state: Any) -> Any:
    return state


def _bounded(work: Callable[[Catalog, Selection, float], Any], bound_s: float, catalog: Catalog,
             selection: Selection) -> Any:
    return work(catalog, selection, bound_s)


def _warm(catalog: Catalog, plan: Plan, cells: list[Cell]) -> Solver:
    """Our engine as a service holds it: one Solver per catalog version, warmed once (each style's
    empty selection solved and counted). Done here, in the parent, so every forked cell starts from
    the same warm copy; its time and memory are reported as their own row."""
    cell = Cell(OURS, "warm-up", len(catalog.parts), plan.warm_limit_s * len(catalog.styles))
    before = resident_mb()
    start = time.perf_counter()
    solver = Solver(catalog)
    statuses = solver.warm(time_limit_s=plan.warm_limit_s)
    seconds = time.perf_counter() - start
    whole = all(s is ExitStatus.COMPLETE for s in statuses.values())
    cell.calls.append(Call(0, seconds, whole, {k: v.value for k, v in statuses.items()}))
    cell.peak_mb = resident_mb() - before
    if not whole:
        cell.note = "a style's warm-up hit its limit: " + ", ".join(k for k, v in statuses.items()
                                                                   if v is not ExitStatus.COMPLETE)
    cells.append(cell)
    _log(_progress(cell))
    return solver


def run(plan: Plan) -> list[Cell]:
    sizes = sorted({plan.small, *plan.sizes})
    catalogs: dict[int, Catalog] = {}
    sels: dict[int, list[Selection]] = {}
    for n in sizes:
        start = time.monotonic()
        catalogs[n] = catalog_of(n)
        sels[n] = selections(catalogs[n], plan.selections[n])
        _log(f"catalog {n:>7} parts and {len(sels[n])} selections in {time.monotonic() - start:.1f} s")
    cells: list[Cell] = []
    ours: dict[tuple[str, int], Cell] = {}
    warmed: dict[int, Solver] = {}
    for n in plan.sizes:
        cell = run_cell(Cell(OURS, "footprint", n, plan.call_bound_s), lambda: None, plans.footprint(n),
                        sels[n][:1], plan.call_bound_s)
        cells.append(cell)
        _log(_progress(cell))
    for n in sizes:
        for op in OPS:
            if n == plan.small and n not in plan.sizes and op not in ("options", "count"):
                continue
            cell = Cell(OURS, op, n, plan.call_bound_s)
            smaller = ours.get((op, max((s for s in plan.sizes if s < n), default=0)))
            if n > 10_000 and smaller is not None:
                p95 = percentile(times(smaller), 0.95)
                if not smaller.all_finished or p95 > plan.big_gate_s:
                    cell.skipped = (f"not attempted: at {smaller.size:,} parts p95 was "
                                    f"{'unfinished' if not smaller.all_finished else f'{p95:.1f} s'} "
                                    f"(gate {plan.big_gate_s:.0f} s)")
            if cell.skipped is None:
                if n not in warmed:
                    warmed[n] = _warm(catalogs[n], plan, cells)
                work = plans.ours_work(op)
                cell = run_cell(cell, functools.partial(_same, warmed[n]), work, sels[n], plan.ours_budget_s[n])
            ours[(op, n)] = cell
            cells.append(cell)
            _log(_progress(cell))
    for peer in plans.peers(plan):
        previous: Cell | None = None
        for n in peer.sizes:
            cell = Cell(peer.engine, peer.op, n, plan.peer_bound_s, note=peer.compares)
            if previous is not None and not previous.all_finished:
                cell.skipped = f"not attempted: did not finish at {previous.size:,} parts"
            else:
                cell = run_cell(cell, functools.partial(_same, catalogs[n]),
                                functools.partial(_bounded, peer.work, plan.peer_bound_s),
                                sels[n][:plan.peer_selections], plan.peer_budget_s)
            previous = cell
            cells.append(cell)
            _log(_progress(cell))
    return cells


def _progress(cell: Cell) -> str:
    if cell.skipped:
        return f"{cell.engine:>17} {cell.op:<9} {cell.size:>7}: skipped ({cell.skipped})"
    done = sum(1 for c in cell.calls if c.seconds is not None)
    p50, p95 = percentile(times(cell), 0.5), percentile(times(cell), 0.95)
    return (f"{cell.engine:>17} {cell.op:<9} {cell.size:>7}: {done}/{len(cell.calls)} done, p50 {p50:.3f} s, "
            f"p95 {p95:.3f} s, peak {cell.peak_mb or 0:.0f} MB {cell.note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="10^3 and 10^4 only, fewer selections")
    parser.add_argument("--no-write", action="store_true", help="print only; leave README, JSON and plot")
    args = parser.parse_args(argv)
    plan = plans.QUICK if args.quick else plans.FULL
    started = time.monotonic()
    cells = run(plan)
    info = machine()
    info["mode"] = "quick" if args.quick else "full"
    info["wall_s"] = f"{time.monotonic() - started:.0f}"
    table = print_table(cells)
    verdicts = targets(cells)
    print()
    for line in verdicts:
        print(line)
    if not args.no_write:
        save_json(HERE / "results.json", cells, info)
        plot(HERE / "scaling.png", cells)
        write_readme(HERE / "README.md", table, verdicts, info)
    _log(f"compare finished in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
