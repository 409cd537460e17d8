"""add_ons at 10^4 parts: latency and completeness over a fixed list of owned pieces.

The pieces (`addons_pieces.json`, made once by `--make-pieces`) are valid assemblies of each
style of `generate_catalog(10_000)`: the cheapest and the 100th cheapest of the solver's
enumeration (the cheapest name-necklace is a nameplate that `identify` places on the charm
necklace, whose charm slot has room), and three random pieces per style grown part by part
(`benchmarks.pieces`). Each piece is timed cold under the serving default (5 s per call).

    python benchmarks/addons_screen.py                 # time this tree's add_ons
    python benchmarks/addons_screen.py --root /work/x  # time another checkout's (before/after)
    python benchmarks/addons_screen.py --save out.json # keep every answer, to compare two trees
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PIECES = HERE / "addons_pieces.json"
CATALOG_CACHE = Path("/tmp/prof/c10k.pkl")  # generate_catalog(10_000), pickled: 3 s instead of 20


def _catalog() -> Any:
    from catalog.generator import generate_catalog

    if CATALOG_CACHE.exists():
        with CATALOG_CACHE.open("rb") as f:
            return pickle.load(f)  # our own cache file
    return generate_catalog(10_000)


def make_pieces(catalog: Any) -> list[dict[str, Any]]:
    """Five owned pieces per style: enumeration's 1st and 100th, three grown at random."""
    import random

    from benchmarks.pieces import PieceMaker
    from solver.request import Request
    from solver.service import Solver

    solver = Solver(catalog, time_limit_s=None)
    known = catalog.by_sku()
    out: list[dict[str, Any]] = []
    for style in catalog.styles:
        page = solver.enumerate(style.id, Request(), first=100)
        for i in (0, len(page.items) - 1):
            skus = [s for s in page.items[i].assembly.skus() if s in known]
            out.append({"style": style.id, "source": f"enumerate #{i + 1}", "skus": skus})
        maker = PieceMaker(catalog, style)
        rng = random.Random(7)
        for k in range(3):
            made = maker.make(rng)
            if made is not None:
                out.append({"style": style.id, "source": f"random #{k + 1}",
                            "skus": [s for s in made.skus() if s in known]})
    return out


def _summary(times: list[float]) -> str:
    q = statistics.quantiles(times, n=20, method="inclusive")
    return (f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {q[18] * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", help="checkout whose solver to time (default: this one)")
    parser.add_argument("--make-pieces", action="store_true", help=f"rewrite {PIECES.name}")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per call (0: none)")
    parser.add_argument("--replate", action="store_true", help="ask for the piece re-plated")
    parser.add_argument("--save", help="write every answer to this JSON file")
    args = parser.parse_args(argv)
    sys.path.insert(0, args.root or str(HERE.parent))
    from solver.request import Request
    from solver.results import ExitStatus
    from solver.service import Solver

    catalog = _catalog()
    if args.make_pieces:
        PIECES.write_text(json.dumps(make_pieces(catalog), indent=1) + "\n")
    pieces = json.loads(PIECES.read_text())
    solver = Solver(catalog, time_limit_s=args.time_limit or None)
    times, complete, answers = [], 0, []
    for piece in pieces:
        start = time.perf_counter()
        result = solver.add_ons(piece["skus"], Request(), first=20, replate=args.replate)
        took = time.perf_counter() - start
        times.append(took)
        done = result.status is ExitStatus.COMPLETE
        complete += done
        answers.append({"piece": piece["skus"], "style": result.style_id, "complete": done,
                        "items": [[a.slot, list(a.skus), a.price_cents] for a in result.items]})
        print(f"{piece['style']:15} {piece['source']:15} placed as {result.style_id}: "
              f"{took * 1000:8.1f} ms  {len(result.items):3} items  {'complete' if done else 'INCOMPLETE'}",
              flush=True)
    print(f"{len(times)} pieces: {_summary(times)}, complete {complete}/{len(times)}")
    print(f"after the first call (which reads the catalog into arrays once): {_summary(times[1:])}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if args.save:
        Path(args.save).write_text(json.dumps(answers, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
