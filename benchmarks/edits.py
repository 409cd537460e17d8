"""Incremental edit: from one merchandiser edit to the first complete answer on the new version.

Each edit is applied as the store applies it (`catalog.store_changes`: the whole new catalog,
validated), then a fresh `Solver` on the new version answers the empty selection of the style
the edit touches: the first answer a shopper could get. Nothing of the previous version is
reused (each version warms from scratch, as the engine does today); warming the other styles
would come on top.
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
    first_answer_s: float
    complete: bool


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


def measure(catalog: Catalog, answer_limit_s: float, log: Callable[[str], None] = print) -> list[EditTiming]:
    out = []
    for name, change in _edits(catalog):
        start = time.perf_counter()
        edited = change(catalog).catalog
        validate_s = time.perf_counter() - start
        start = time.perf_counter()
        answer = Solver(edited, time_limit_s=answer_limit_s).options(STYLE, Request())
        first_s = time.perf_counter() - start
        out.append(EditTiming(name, validate_s, first_s, answer.status is ExitStatus.COMPLETE))
        log(f"  edit {name}: validate {validate_s:.2f} s, first options {first_s:.2f} s "
            f"({'complete' if out[-1].complete else 'cut short'})")
    return out
