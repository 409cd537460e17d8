"""Incremental edit: from one merchandiser edit to the first complete answer on the new version.

Each edit is applied as the store applies it (`catalog.store_changes`: the whole new catalog,
validated), then the new version answers the empty selection of the style the edit touches: the
first answer a shopper could get. Twice: by a fresh `Solver` (nothing of the previous version
reused), and, given the previous version's warm solver, by `Solver(edited, previous=warm)`, which
reuses what the edit cannot have changed (solver.reuse), as the service does.

    .venv/bin/python -m benchmarks.edits --parts 10000   # warms the style once, then the four edits
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from catalog.compat import AttributeRef, CompatibilityRule
from catalog.model import Catalog
from catalog.store_changes import ChangeFn, put_part, retire_part, upsert
from catalog.store_schema import KIND_RULE
from catalog.types import SlotKind
from solver.request import Request
from solver.results import ExitStatus
from solver.service import Solver

STYLE = "charm-necklace"


@dataclass
class EditTiming:
    edit: str
    validate_s: float
    first_answer_s: float  # a fresh solver
    complete: bool
    reused_s: float | None = None  # a solver on the previous version's warm one
    reused_complete: bool | None = None
    reused_cpu_s: float | None = None  # its CPU time (the machine is shared: the figure to compare)


def _edits(catalog: Catalog) -> list[tuple[str, ChangeFn]]:
    chain = next(p for p in catalog.parts_of(SlotKind.CHAIN) if p.sku.startswith("CH-CABLE"))
    charm = next(p for p in catalog.parts_of(SlotKind.CHARM) if p.sku.startswith("CM-HEART"))
    rule = CompatibilityRule(
        id="bench-no-velvet-on-rope", description="benchmark edit: no velvet box with a rope chain",
        columns=(AttributeRef(kind=SlotKind.OPTION, attribute="code", option_slot="gift_box"),
                 AttributeRef(kind=SlotKind.CHAIN, attribute="chain_style")),
        mode="forbidden", rows=(("velvet", "rope"),), styles=(STYLE,))
    new_sku = chain.sku + "-B"
    return [
        ("define a part", put_part(chain.model_copy(update={"sku": new_sku}), create=True)),
        ("update a part (price)", put_part(charm.model_copy(
            update={"price": charm.price.model_copy(update={"amount_cents": charm.price.amount_cents + 10})}),
            create=False)),
        ("retire a part", retire_part(charm.sku)),
        ("define a rule", upsert("rules", KIND_RULE, rule, rule.id)),
    ]


def measure(catalog: Catalog, answer_limit_s: float, log: Callable[[str], None] = print,
            warm: Solver | None = None) -> list[EditTiming]:
    """`warm`: the version's solver, warmed on STYLE; the reused timing is taken only with it."""
    out = []
    for name, change in _edits(catalog):
        start = time.perf_counter()
        edited = change(catalog).catalog.model_copy(update={"version": catalog.version + 1})
        validate_s = time.perf_counter() - start
        timing = EditTiming(name, validate_s, 0.0, False)
        if warm is not None:
            start, cpu = time.perf_counter(), time.process_time()
            answer = Solver(edited, time_limit_s=answer_limit_s, previous=warm).options(STYLE, Request())
            timing.reused_s = time.perf_counter() - start
            timing.reused_cpu_s = time.process_time() - cpu
            timing.reused_complete = answer.status is ExitStatus.COMPLETE
        start = time.perf_counter()
        answer = Solver(edited, time_limit_s=answer_limit_s).options(STYLE, Request())
        timing.first_answer_s = time.perf_counter() - start
        timing.complete = answer.status is ExitStatus.COMPLETE
        out.append(timing)
        reused = (f", reusing the previous version {timing.reused_s:.2f} s ({timing.reused_cpu_s:.2f} s CPU, "
                  f"{'complete' if timing.reused_complete else 'cut short'})" if warm is not None else "")
        log(f"  edit {name}: validate {validate_s:.2f} s, fresh first options {timing.first_answer_s:.2f} s "
            f"({'complete' if timing.complete else 'cut short'}){reused}")
    return out


def main() -> None:
    import argparse

    from catalog.generator import generate_catalog

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=10_000)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds per first answer")
    args = parser.parse_args()
    catalog = generate_catalog(args.parts, seed=20251123)
    warm = Solver(catalog, time_limit_s=args.limit)
    start = time.perf_counter()
    status = warm.warm([STYLE], time_limit_s=600.0)[STYLE]
    print(f"{args.parts} parts: warm-up of {STYLE} {time.perf_counter() - start:.1f} s ({status.value})")
    warm.options(STYLE, Request())
    measure(catalog, args.limit, warm=warm)


if __name__ == "__main__":
    main()
