"""The fixed, seeded workload: partial selections (picks of 0–3 slots) per catalog size.

Picks come from a random piece that can be built (`benchmarks.pieces`), as a shopper's clicks
would; one selection in four swaps one pick for a random candidate, so some selections admit
nothing (what explain is for). Every engine and peer answers the same list.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from benchmarks.pieces import PieceMaker
from catalog.generator import generate_catalog
from catalog.model import Catalog
from catalog.types import SlotKind
from solver.request import Request, SlotPick

SEED = 20_251_123


@dataclass(frozen=True)
class Selection:
    index: int
    style_id: str
    request: Request
    owned: tuple[str, ...]  # a valid piece of the style (for add_ons)

    @property
    def picks(self) -> int:
        return len(self.request.picks)

    def explain_request(self) -> Request:
        """The selection with requirements tight enough to conflict (budget, quantity, lead time,
        nickel), so explain has work to do."""
        return self.request.model_copy(update={"budget_cents": 900, "quantity": 60, "deadline_days": 4,
                                               "nickel_free": True})

    def label(self) -> str:
        picks = ",".join(p.slot for p in self.request.picks) or "-"
        return f"{self.style_id}[{picks}]"


@lru_cache(maxsize=4)
def catalog_of(n_parts: int, seed: int = SEED) -> Catalog:
    return generate_catalog(n_parts, seed)


def selections(catalog: Catalog, count: int, seed: int = SEED) -> list[Selection]:
    rng = random.Random(seed)
    makers: dict[str, PieceMaker] = {}
    out: list[Selection] = []
    styles = sorted(s.id for s in catalog.styles)
    while len(out) < count:
        style = catalog.style(styles[len(out) % len(styles)] if len(out) < len(styles) else rng.choice(styles))
        maker = makers.get(style.id) or makers.setdefault(style.id, PieceMaker(catalog, style))
        piece = maker.make(rng)
        if piece is None:
            continue
        chosen = piece.as_dict()
        rings = {j.ring for j in style.joins if j.ring}
        pickable = [s for s in style.slots if s.name not in rings and chosen.get(s.name)]
        slots = rng.sample(pickable, min(rng.randint(0, 3), len(pickable)))
        picks = []
        for slot in slots:
            value = rng.choice(chosen[slot.name])
            if rng.random() < 0.25 and slot.kind is not SlotKind.OPTION and maker.cands.get(slot.name):
                value = rng.choice(maker.cands[slot.name]).sku  # a random click: may admit nothing
            if slot.kind is SlotKind.OPTION:
                picks.append(SlotPick(slot=slot.name, option=value))
            else:
                picks.append(SlotPick(slot=slot.name, skus=(value,)))
        owned = tuple(sku for slot, values in piece.choice for sku in values
                      if style.slot(slot).kind is not SlotKind.OPTION)
        out.append(Selection(len(out), style.id, Request(picks=tuple(picks)), owned))
    return out
