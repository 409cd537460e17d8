"""A seeded synthetic catalog of 10^2 to 10^5 parts that looks like a real one, for benchmarks.

Mix: charms 40 %, chains 22 %, jump rings 15 %, clasps 10 %, extenders 8 %, platings 5 %.
Parts come in interchangeable classes: each random template (one fit class) is listed as one to
a dozen SKUs that differ only in price, stock and supply, as a catalog lists the same ring from
several suppliers. A few fixed anchor parts (a sterling 18 in cable chain, a lobster clasp, 20 and
22 AWG rings, an extender, a heart, a nameplate, a clip, rhodium) guarantee that every demo style
has valid assemblies even at 100 parts; the rest is drawn from `random.Random(seed)`.
"""

from __future__ import annotations

import random
from typing import Any

from catalog import generator_parts as gp
from catalog.attributes import filter_admits
from catalog.demo_styles import demo_rules, demo_styles
from catalog.model import Catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, Money, Part, Plating
from catalog.sizes import METALS, grams
from catalog.styles import Style
from catalog.types import ChainStyle, Production, SlotKind, Status

SHARES = {"charm": 0.40, "chain": 0.22, "jump_ring": 0.15, "clasp": 0.10, "extender": 0.08, "plating": 0.05}
CHAIN_USES = {"necklace": 0.62, "anklet": 0.14, "bracelet": 0.10, "carrier": 0.14}
MODELS: dict[str, Any] = {
    "chain": Chain, "clasp": Clasp, "extender": Extender, "jump_ring": JumpRing, "charm": Charm,
    "plating": Plating,
}
MIN_PARTS, MAX_PARTS = 30, 200_000
RETIRED_SHARE, SOLD_OUT_SHARE = 0.03, 0.05


def _anchors() -> dict[str, list[gp.Template]]:
    """Parts that together build every demo style (checked by the generator tests)."""
    rng = random.Random(0)  # anchors never depend on the caller's seed
    ss = METALS["SS"]
    heart = gp.charm(rng, ss, "dangle")
    heart.stem = "CM-HEART-SS"
    heart.fields.update(name="heart charm, sterling silver", loop_inner_mm=1.2, loop_wire_mm=0.64,
                        weight_g=grams(1.2), enamel=False)
    name = gp.charm(rng, ss, "nameplate")
    name.stem = "NP-SCRIPT-SS"
    name.fields.update(loop_inner_mm=1.5, loop_wire_mm=0.7, weight_g=grams(2.2), enamel=False,
                       fonts=("script",))
    clip = gp.charm(rng, ss, "clip")
    clip.fields.update(clip_min_width_mm=2.8, clip_max_width_mm=3.2, enamel=False)
    rhodium = gp.plating(rng)
    while rhodium.fields["material"].value != "rhodium" or rhodium.fields["underlayer"].value != "palladium":
        rhodium = gp.plating(rng)
    rhodium.stem = "PL-RH-0.75"
    rhodium.fields.update(name="rhodium 0.75 µm", thickness_um=0.75)
    cable = ChainStyle.CABLE
    necklace = gp.chain(rng, ss, "necklace", cable, 1.2, 18.0)
    anklet = gp.chain(rng, ss, "anklet", cable, 1.2, 10.0)
    carrier = gp.chain(rng, ss, "carrier", width=3.0, inches=7.0)
    carrier.fields["thread_mm"] = None
    extender = gp.extender(random.Random(1), ss, 2.0)
    extender.fields.update(link_wire_mm=0.7, link_inner_mm=2.5, end_link_inner_mm=1.6)
    return {
        "chain": [necklace, anklet, carrier],
        "jump_ring": [gp.ring(rng, ss, 20, 4.0, False), gp.ring(rng, ss, 22, 3.0, False)],
        "clasp": [gp.clasp(rng, ss, "LOB-10")],
        "extender": [extender],
        "charm": [heart, name, clip],
        "plating": [rhodium],
    }


def _counts(n_parts: int) -> dict[str, int]:
    counts = {kind: max(3, round(n_parts * share)) for kind, share in SHARES.items()}
    counts["charm"] += n_parts - sum(counts.values())
    return counts


def _template(rng: random.Random, kind: str) -> gp.Template:
    if kind == "plating":
        return gp.plating(rng)
    info = gp.metal(rng)
    if kind == "chain":
        return gp.chain(rng, info, gp.pick(rng, CHAIN_USES))
    if kind == "jump_ring":
        return gp.ring(rng, info)
    if kind == "clasp":
        return gp.clasp(rng, info)
    if kind == "extender":
        return gp.extender(rng, info)
    return gp.charm(rng, info)


_MONEY: dict[int, Money] = {}


def _money(cents: int) -> Money:
    """Shared immutable amounts: prices repeat, and validating each one is a third of the cost."""
    found = _MONEY.get(cents)
    if found is None:
        found = _MONEY[cents] = Money(amount_cents=cents)
    return found


def _supply(rng: random.Random, t: gp.Template, anchor: bool) -> dict[str, Any]:
    """Price jitter across suppliers, stock (some sold out), and how more is had."""
    price = _money(max(2, round(t.price_cents * rng.uniform(0.85, 1.2))))
    retired = not anchor and rng.random() < RETIRED_SHARE
    out: dict[str, Any] = {"price": price, "status": Status.RETIRED if retired else Status.ACTIVE}
    if t.kind == "plating":
        return out
    typical = {"jump_ring": 2000, "clasp": 300, "extender": 150, "chain": 40, "charm": 60}[t.kind]
    stock = 0 if not anchor and rng.random() < SOLD_OUT_SHARE else 1 + int(rng.expovariate(1 / typical))
    production, lead, moq, tooling = Production.STOCKED, 0, 1, None
    roll = rng.random()
    if t.fields.get("nameplate"):
        production, lead, stock = Production.MADE_TO_ORDER, rng.randint(3, 10), 0
    elif t.kind == "charm" and roll < 0.06 and not anchor:
        production, lead, moq = Production.CAST, rng.randint(14, 49), rng.choice((50, 100, 200, 500))
        tooling = _money(rng.randint(20, 90) * 1000)
        stock = stock if rng.random() < 0.5 else 0
    elif t.kind in ("charm", "chain") and roll < 0.12:
        production, lead = Production.MADE_TO_ORDER, rng.randint(3, 10)
    return out | {"stock": max(stock, 50) if anchor else stock, "production": production,
                  "lead_time_days": lead, "moq": moq, "tooling": tooling}


def generate_catalog(n_parts: int, seed: int = 0, *, styles: bool = True, validate: bool = False) -> Catalog:
    """A realistic random catalog of exactly `n_parts` parts (same seed, same catalog).

    With `styles`, it carries the four demo styles and the demo's compatibility rules. The first
    SKU of each template is validated and its supplier copies are `model_copy`'d from it, unless
    `validate` asks to validate every part; the tests check both builds are equal and valid.
    """
    if not MIN_PARTS <= n_parts <= MAX_PARTS:
        raise ValueError(f"n_parts must be within {MIN_PARTS}..{MAX_PARTS}, got {n_parts}")
    rng = random.Random(seed)
    anchors = _anchors()
    parts: list[Part] = []
    serial = 0
    for kind, count in _counts(n_parts).items():
        made = 0
        queue = list(anchors[kind])
        while made < count:
            anchor = bool(queue)
            t = queue.pop(0) if queue else _template(rng, kind)
            copies = 1
            while not anchor and copies < 12 and rng.random() < 0.55:
                copies += 1
            first: Any = None
            for copy in range(min(copies, count - made)):
                serial += 1
                sku, supply = f"{t.stem}-{serial:06d}", _supply(rng, t, anchor)
                name = f"{t.fields['name']} (supplier {copy + 1})" if copy else t.fields["name"]
                if first is None or validate:
                    first = MODELS[kind](**(t.fields | supply | {"sku": sku, "name": name}))
                    parts.append(first)
                else:
                    # A supplier's copy of a validated part: only SKU, name and supply change,
                    # each valid by construction, so copying skips re-validation (3x faster).
                    parts.append(first.model_copy(update={"sku": sku, "name": name, **supply}))
                made += 1
    return Catalog(
        currency="EUR", parts=tuple(parts),
        styles=demo_styles() if styles else (), rules=demo_rules() if styles else (),
    )


class AssemblySampler:
    """Uniformly random complete choices for a style: the slot counts and filters hold, the rest
    (fit, metal, stock, rules) is left to chance, so evaluate() decides. For benchmarks and tests."""

    def __init__(self, catalog: Catalog, style: Style) -> None:
        self.style = style
        self.ring_of = {j.ring: (j.b if j.a == style.carrier.name else j.a) for j in style.joins if j.ring}
        self.candidates: dict[str, list[str]] = {}
        for slot in style.slots:
            if slot.kind is not SlotKind.OPTION and slot.name not in self.ring_of:
                self.candidates[slot.name] = [
                    p.sku for p in catalog.parts_of(slot.kind) if all(filter_admits(f, p) for f in slot.filters)
                ]
        self.rings = [p.sku for p in catalog.parts_of(SlotKind.JUMP_RING)]

    def sample(self, rng: random.Random) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for slot in self.style.slots:
            if slot.kind is SlotKind.OPTION:
                out[slot.name] = (rng.choice(slot.values).code,)
            elif slot.name not in self.ring_of:
                pool = self.candidates[slot.name]
                if slot.multi:
                    n = rng.randint(slot.min_count, min(slot.max_count, len(pool)))
                else:
                    n = 1 if slot.min_count or rng.random() < 0.5 else 0
                out[slot.name] = tuple(sorted(rng.sample(pool, min(n, len(pool)))))
        for ring, joined in self.ring_of.items():
            out[ring] = (rng.choice(self.rings),) if out.get(joined) and self.rings else ()
        return out




# The rule-stress family lives in its own module; it is part of the generator's interface.
from catalog.generator_rules import generate_rule_stress  # noqa: E402

__all__ = ["AssemblySampler", "generate_catalog", "generate_rule_stress"]
