"""One engine's answers to an agreement job (benchmarks.agreement), run in its own process from its
own code tree:

    python -m benchmarks.agreement_worker --engine walk JOB.json ANSWERS.json

`--engine hubs` answers with the hub-by-hub walk that the array walk replaced (forced for every
space), where the tree still has it. Answers are reduced to what must agree: statuses, totals,
counts, pages, conflicts; ties the operations leave open (which of two equally cheap pieces is
the example) are not compared, the pieces' validity is.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from catalog.io import loads_catalog
from solver.request import Preferences, Request
from solver.results import ExitStatus
from solver.service import Solver

PAGE = 20


def force_hub_by_hub(walked: list[int]) -> None:
    """Every space walked one hub at a time (the engine before solver.walk and solver.sweep)."""
    import solver.counting
    import solver.solve

    if not hasattr(solver.solve, "sweepable"):
        raise SystemExit("this tree has no hub-by-hub walk (deleted after the agreement run): run it from the "
                         "commit benchmarks.agreement names, with --old-rev")

    def never(space: Any) -> bool:
        walked[0] += 1
        return False

    for module in (solver.solve, solver.counting):
        vars(module)["sweepable"] = never


def count_hub_by_hub(walked: list[int]) -> None:
    """Count the spaces the array walk leaves to the hub-by-hub one (too many hub choices to
    list): on them both engines are the same code, so they prove nothing."""
    import solver.counting
    import solver.solve

    for module in (solver.solve, solver.counting):
        if not hasattr(module, "sweepable"):
            continue  # a tree with no hub-by-hub walk left: nothing to count
        listed = module.sweepable

        def counted(space: Any, listed: Any = listed) -> bool:
            found = bool(listed(space))
            walked[0] += not found
            return found

        vars(module)["sweepable"] = counted


def _complete(answer: Any) -> bool:
    return bool(answer.status is ExitStatus.COMPLETE)


def _piece(evaluation: Any) -> list[Any]:
    return [evaluation.price.total_cents, [[s, list(v)] for s, v in evaluation.assembly.choice], evaluation.valid]


def options(solver: Solver, style: str, request: Request) -> dict[str, Any]:
    result = solver.options(style, request)
    slots = {s.slot: sorted([c.value, c.status.value, c.min_total_cents] for c in s.candidates)
             for s in result.slots}
    example = result.example
    return {"complete": _complete(result), "slots": slots,
            "example": None if example is None else [example.price.total_cents, example.valid]}


def count(solver: Solver, style: str, request: Request) -> dict[str, Any]:
    result = solver.count(style, request)
    return {"complete": _complete(result), "count": str(result.count)}


def recommend(solver: Solver, style: str, request: Request) -> dict[str, Any]:
    carrier = solver.catalog.style(style).carrier.name

    def items(result: Any) -> list[Any]:
        # One piece per chain class: its total and its class (the chain), not which equally cheap piece.
        return [[e.price.total_cents, list(e.assembly.get(carrier)), e.valid] for e in result.items]

    plain = solver.recommend(style, request, k=5)
    # The same picks under a budget (the plain answer's third total) and two wishes, which rank
    # first: asked alike of both engines when their plain answers agree.
    budget = plain.items[min(2, len(plain.items) - 1)].price.total_cents if plain.items else None
    wishes = Preferences(colour="rose", base_metal="sterling_silver")
    ranked = solver.recommend(style, request.model_copy(update={"budget_cents": budget, "preferences": wishes}), k=5)
    return {"complete": _complete(plain) and _complete(ranked), "items": items(plain), "ranked": items(ranked)}


def enumerate_(solver: Solver, style: str, request: Request) -> dict[str, Any]:
    first = solver.enumerate(style, request, first=PAGE)
    second = solver.enumerate(style, request, first=PAGE, after=first.end_cursor) if first.has_next_page else None
    pages = [first] + ([second] if second is not None else [])
    return {"complete": all(_complete(p) for p in pages), "total": first.total_count,
            "pages": [[_piece(e) for e in p.items] for p in pages]}


def explain(solver: Solver, style: str, request: Request) -> dict[str, Any]:
    result = solver.explain(style, request)
    return {"complete": _complete(result), "satisfiable": result.satisfiable,
            "conflict": sorted(r.name for r in result.conflict),
            "relaxations": sorted([list(r.drop), r.to] for r in result.relaxations)}


def add_ons(solver: Solver, owned: list[str]) -> dict[str, Any]:
    result = solver.add_ons(owned, Request())
    return {"complete": _complete(result), "style": result.style_id,
            "items": sorted([a.slot, list(a.skus), a.price_cents, a.evaluation.valid] for a in result.items)}


def impact(solver: Solver, sku: str) -> dict[str, Any]:
    result = solver.impact(sku)
    return {"complete": _complete(result), "dead": result.dead,
            "counts": sorted([c.style_id, str(c.count), c.status.value] for c in result.counts)}


def answer(job: dict[str, Any], walked: list[int]) -> dict[str, Any]:
    walked[0] = 0
    catalog = loads_catalog(job["catalog"], source="agreement job")
    # Bounded by work, not the clock: explain's CP-SAT core is then the same in both processes
    # whatever the load (with a clock it may stop at a different core, equally minimal).
    solver = Solver(catalog, time_limit_s=None, work_limit=job["work_limit"])
    solver.warm()
    out: dict[str, list[Any]] = {op: [] for op in ("options", "count", "recommend", "enumerate", "explain",
                                                   "add_ons", "impact")}
    seconds = {op: 0.0 for op in out}

    def timed(op: str, call: Callable[..., dict[str, Any]], *args: Any) -> None:
        start = time.perf_counter()
        out[op].append(call(solver, *args))
        seconds[op] += time.perf_counter() - start

    for sel in job["selections"]:
        style, request = sel["style"], Request.model_validate(sel["request"])
        timed("options", options, style, request)
        timed("count", count, style, request)
        timed("recommend", recommend, style, request)
        timed("enumerate", enumerate_, style, request)
        timed("explain", explain, style, Request.model_validate(sel["explain_request"]))
        timed("add_ons", add_ons, sel["owned"])
    for sku in job["impact"]:
        timed("impact", impact, sku)
    return {"answers": out, "seconds": seconds, "hub_by_hub_walks": walked[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("walk", "hubs"), required=True)
    parser.add_argument("job")
    parser.add_argument("answers")
    args = parser.parse_args()
    walked = [0]
    if args.engine == "hubs":
        force_hub_by_hub(walked)
    else:
        count_hub_by_hub(walked)
    with open(args.job, encoding="utf-8") as f:
        jobs = json.load(f)
    with open(args.answers, "w", encoding="utf-8") as f:
        json.dump([answer(job, walked) for job in jobs], f)


if __name__ == "__main__":
    main()
