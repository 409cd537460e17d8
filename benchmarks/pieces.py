"""Random valid pieces, built part by part with the fit rules and confirmed by check().

The benchmarks need realistic selections (picks taken from a piece that can be built) and owned
pieces for add_ons, at 10^5 parts too, without asking the engine under test. A piece is grown
from a random chain: a finish mode, then each slot's part among those that fit what is already
chosen; `evaluate` has the last word, and a failed try starts over.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from catalog import rules
from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly
from solver.check import evaluate
from solver.request import Request
from solver.space import Space, compile_space


class PieceMaker:
    def __init__(self, catalog: Catalog, style: Style) -> None:
        self.catalog, self.style = catalog, style
        self.space: Space = compile_space(catalog, style, Request())
        self.cands = {slot: [m.part for cls in classes for m in cls.members]
                      for slot, classes in self.space.classes.items()}
        self.physics = catalog.physics

    def make(self, rng: random.Random, tries: int = 60) -> Assembly | None:
        for _ in range(tries):
            values = self._try(rng)
            if values is None:
                continue
            assembly = Assembly.build(self.style.id, [s.name for s in self.style.slots], values)
            if evaluate(self.catalog, self.style, Request(), assembly).valid:
                return assembly
        return None

    def _pick(self, rng: random.Random, parts: Sequence[Any]) -> Any:
        return rng.choice(list(parts)) if parts else None

    def _try(self, rng: random.Random) -> dict[str, tuple[str, ...]] | None:
        style, space, ph = self.style, self.space, self.physics
        chain_slot = style.carrier.name
        chain = self._pick(rng, self.cands[chain_slot])
        if chain is None:
            return None
        values: dict[str, tuple[str, ...]] = {chain_slot: (chain.sku,)}
        plating_slots = style.slots_of(SlotKind.PLATING)
        plating = None
        if plating_slots and (plating_slots[0].min_count or rng.random() < 0.3):
            ok = [p for p in self.cands[plating_slots[0].name]
                  if not rules.plating_allowed(p, chain, ph) and not rules.platable(chain)]
            plating = self._pick(rng, ok)
            if plating is None:
                return None
            values[plating_slots[0].name] = (plating.sku,)

        def fits(part: Any) -> bool:
            if plating is not None:
                return not rules.plating_allowed(plating, part, ph) and not rules.platable(part)
            return bool(part.colour is chain.colour and part.base_metal is chain.base_metal)

        for slot in style.slots_of(SlotKind.OPTION):
            if slot.min_count or rng.random() < 0.5:
                values[slot.name] = (rng.choice(slot.values).code,)
        end = rules.chain_end(chain)
        rings: dict[str, list[Any]] = {}
        for joined, ring_slot in space.ring_of.items():
            if ring_slot:
                rings[joined] = [r for r in self.cands[ring_slot] if fits(r)]
        clasp = extender = None
        for slot in style.slots_of(SlotKind.EXTENDER):
            if slot.min_count or rng.random() < 0.4:
                extender = self._pick(rng, [e for e in self.cands[slot.name] if fits(e)])
                if extender is None and slot.min_count:
                    return None
                if extender is not None and not self._ring(rng, values, slot.name, rings, end,
                                                           rules.extender_end(extender)):
                    return None
                if extender is not None:
                    values[slot.name] = (extender.sku,)
        for slot in style.slots_of(SlotKind.CLASP):
            wire = extender.link_wire_mm if extender is not None else chain.wire_mm
            ok = [c for c in self.cands[slot.name] if fits(c) and not rules.clasp_hooks(c, wire, "", ph)]
            length = chain.length_mm + (extender.length_mm if extender is not None else 0)
            ok = [c for c in ok if style.min_length_mm <= length + c.length_mm <= style.max_length_mm]
            clasp = self._pick(rng, ok)
            if clasp is None:
                return None
            if not self._ring(rng, values, slot.name, rings, end, rules.clasp_loop(clasp)):
                return None
            values[slot.name] = (clasp.sku,)
        limit = min(chain.max_load_g, clasp.max_load_g if clasp is not None else chain.max_load_g)
        for slot in style.slots_of(SlotKind.CHARM):
            if not (slot.min_count or rng.random() < 0.6):
                continue
            ok = [c for c in self.cands[slot.name] if fits(c) and c.weight_g <= limit]
            ring_slot = space.ring_of.get(slot.name)
            if ring_slot:
                ok = [c for c in ok if rules.charm_loop(c) is not None]
            else:
                ok = [c for c in ok if not rules.charm_mounts_directly(c, chain, ph)]
            charm = self._pick(rng, ok)
            if charm is None:
                if slot.min_count:
                    return None
                continue
            if ring_slot:
                loop = rules.charm_loop(charm)
                assert loop is not None
                fitting = [r for r in rings[slot.name] if not rules.ring_join(r, rules.chain_body(chain), loop, ph)
                           and charm.weight_g <= r.max_load_g]
                ring = self._pick(rng, fitting)
                if ring is None:
                    return None
                values[ring_slot] = (ring.sku,)
            values[slot.name] = (charm.sku,)
            limit -= charm.weight_g
        return values

    def _ring(self, rng: random.Random, values: dict[str, tuple[str, ...]], slot: str,
              rings: dict[str, list[Any]], end: rules.Attachment, hold: rules.Attachment) -> bool:
        ring_slot = self.space.ring_of.get(slot)
        if not ring_slot:
            return True
        ring = self._pick(rng, [r for r in rings[slot] if not rules.ring_join(r, end, hold, self.physics)])
        if ring is None:
            return False
        values[ring_slot] = (ring.sku,)
        return True
