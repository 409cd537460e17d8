"""Brute force: list every assembly of a small catalog and ask check() about each.

Hypothesis draws the same world more than once in a run (a third of the twinned worlds of
tests/solver/test_count_marginals.py are repeats), and one test may ask about the same request
twice: answers are kept, by the whole catalog, style and request, while they are among the last
few hundred thousand valid assemblies (and two thousand answers) asked for. A kept answer is
what brute force gave for exactly those inputs (check() reads nothing else but the date).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterator

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.request import Request

KEPT_EVALUATIONS = 300_000  # valid assemblies kept at most, over all kept answers
KEPT_ANSWERS = 2_000
_kept: OrderedDict[tuple[str, str, str], list[Evaluation]] = OrderedDict()


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


def count_assemblies(catalog: Catalog, style: Style) -> int:
    """How many assemblies `assemblies` lists (each slot's choices times the rings of its join),
    without listing them."""
    rings = len(catalog.parts_of(SlotKind.JUMP_RING))
    ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins if j.ring}
    total = 1
    for choices in _slot_choices(catalog, style):
        total *= sum(rings if value and slot in ring_of else 1 for slot, value in choices)
    return total


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


def _key(catalog: Catalog, style: Style, request: Request) -> tuple[str, str, str]:
    return catalog.model_dump_json(), style.model_dump_json(), request.model_dump_json()


def _keep(key: tuple[str, str, str], valid: list[Evaluation]) -> None:
    _kept[key] = valid
    while len(_kept) > 1 and (len(_kept) > KEPT_ANSWERS or sum(len(v) for v in _kept.values()) > KEPT_EVALUATIONS):
        _kept.popitem(last=False)


def valid_assemblies(catalog: Catalog, style: Style, request: Request) -> list[Evaluation]:
    """Every valid assembly, in the solver's order (cheapest first)."""
    key = _key(catalog, style, request)
    known = _kept.get(key)
    if known is None:
        found = []
        for assembly in assemblies(catalog, style):
            evaluation = evaluate(catalog, style, request, assembly)
            if evaluation.valid:
                found.append(evaluation)
        known = sorted(found, key=lambda e: e.sort_key())
        _keep(key, known)
    _kept.move_to_end(key)
    return list(known)


def any_valid(catalog: Catalog, style: Style, request: Request) -> bool:
    """bool(valid_assemblies(...)), stopping at the first valid assembly (the same brute force:
    a world with no valid assembly still asks check() about every one, and that answer is kept)."""
    key = _key(catalog, style, request)
    known = _kept.get(key)
    if known is not None:
        _kept.move_to_end(key)
        return bool(known)
    if any(evaluate(catalog, style, request, assembly).valid for assembly in assemblies(catalog, style)):
        return True
    _keep(key, [])
    return False
