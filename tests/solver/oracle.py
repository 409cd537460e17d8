"""Brute force: list every assembly of a small catalog and ask check() about each."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.request import Request


def _slot_choices(catalog: Catalog, style: Style) -> list[list[tuple[str, tuple[str, ...]]]]:
    rings = {j.ring for j in style.joins if j.ring}
    out = []
    for slot in style.slots:
        if slot.name in rings:
            continue
        if slot.kind is SlotKind.OPTION:
            values = [(v.code,) for v in slot.values] + ([()] if slot.min_count == 0 else [])
        else:
            skus = [p.sku for p in catalog.parts_of(slot.kind)]
            values = [c for k in range(slot.min_count, slot.max_count + 1)
                      for c in itertools.combinations(sorted(skus), k)]
        out.append([(slot.name, v) for v in values])
    return out


def assemblies(catalog: Catalog, style: Style) -> Iterator[Assembly]:
    """Every assembly: a ring is chosen for a join exactly when the joined slot holds something."""
    order = [s.name for s in style.slots]
    ring_skus = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins if j.ring}
    for combo in itertools.product(*_slot_choices(catalog, style)):
        values = dict(combo)
        needing = [ring_of[s] for s, v in values.items() if v and s in ring_of]
        for rings in itertools.product(ring_skus, repeat=len(needing)):
            full = dict(values)
            full.update({slot: (sku,) for slot, sku in zip(needing, rings, strict=True)})
            yield Assembly.build(style.id, order, full)


def valid_assemblies(catalog: Catalog, style: Style, request: Request) -> list[Evaluation]:
    found = []
    for assembly in assemblies(catalog, style):
        evaluation = evaluate(catalog, style, request, assembly)
        if evaluation.valid:
            found.append(evaluation)
    return sorted(found, key=lambda e: e.sort_key())
