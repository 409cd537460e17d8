"""The rule-stress family: a seeded style with tens to hundreds of ruled option slots (issue 8).

On top of the physical slots of an anklet (chain, clasp, extender, their rings, an optional
plating), `generate_rule_stress` adds `option_slots` option slots of 2 to 4 priced values and
ALLOWED tables of arity 2 to 4 whose interaction graph is a k-tree with k = `tree_width`: the
first k + 1 slots form a clique, and each later slot joins every slot of a random k-clique
already there. The slot's ties to its k neighbours are split into tables of one to three
neighbours each, so every edge of the k-tree lies in some table and the tree width is exactly k.
Some tables also read the chain's style or the plating's material.

Every table lists the rows of one hidden *witness* assignment (under every chain style and
material), so the witness passes them all and the style stays buildable wherever its physical
slots are; the other rows are drawn at random.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from catalog.compat import AttributeRef, CompatibilityRule, Scalar
from catalog.model import Catalog
from catalog.parts import Money
from catalog.sizes import mm
from catalog.styles import AttributeFilter, Join, OptionValue, Slot, Style
from catalog.types import ChainStyle, PlatingMaterial, SlotKind

STYLE_ID = "rule-stress"
MAX_OPTION_SLOTS = 300
MAX_TREE_WIDTH = 12
# Mostly two values: a bag of k + 1 slots holds the product of their domains (each one more than
# its values, for "left out"), and the engine refuses bags past 2^22 entries.
VALUE_COUNTS = {2: 0.8, 3: 0.15, 4: 0.05}
VALUE_PRICES = (0, 0, 50, 120, 250, 400, 900)
REQUIRED_SHARE = 0.6
ROW_SHARE = 0.45  # of the other combinations, the share a table allows
CONTEXT_SHARE = 0.2  # of the tables with room for a column, the share that also read the chain or plating
CHAIN_STYLE = AttributeRef(kind=SlotKind.CHAIN, attribute="chain_style")
MATERIAL = AttributeRef(kind=SlotKind.PLATING, attribute="material")
CONTEXT_VALUES: dict[AttributeRef, tuple[str, ...]] = {
    CHAIN_STYLE: tuple(s.value for s in ChainStyle),
    MATERIAL: tuple(m.value for m in PlatingMaterial),
}


@dataclass(frozen=True)
class StressTable:
    """One table before it becomes a rule: its option slots (the new slot first) and context."""

    slots: tuple[int, ...]
    context: AttributeRef | None


def slot_name(i: int) -> str:
    return f"opt_{i:03d}"


def stress_style(option_slots: tuple[Slot, ...]) -> Style:
    """The physical slots of the demo anklet plus an optional plating, then the option slots."""
    ring = SlotKind.JUMP_RING
    return Style(
        id=STYLE_ID, name="Rule-stress anklet",
        description="An anklet with many ruled options: a stress test for the rule network.",
        slots=(
            Slot(name="chain", kind=SlotKind.CHAIN,
                 filters=(AttributeFilter(attribute="length_mm", min=mm(9) - 0.5, max=mm(11) + 0.5),)),
            Slot(name="clasp", kind=SlotKind.CLASP),
            Slot(name="clasp_ring", kind=ring),
            Slot(name="extender", kind=SlotKind.EXTENDER),
            Slot(name="extender_ring", kind=ring),
            Slot(name="plating", kind=SlotKind.PLATING, min_count=0),
            *option_slots,
        ),
        joins=(Join(a="chain", b="clasp", ring="clasp_ring"), Join(a="chain", b="extender", ring="extender_ring")),
        min_length_mm=240.0, max_length_mm=320.0,
        labour_per_joint=Money(amount_cents=150),
        inspection=("chain type and length", "extender", "clasp", "options"),
    )


def k_tree_tables(rng: random.Random, n: int, k: int) -> list[StressTable]:
    """Tables whose scopes cover exactly the edges of a random k-tree over n slots."""
    tables: list[StressTable] = []
    cliques: list[tuple[int, ...]] = []  # the k-cliques a new slot may join

    def tie(slot: int, neighbours: list[int]) -> None:
        rng.shuffle(neighbours)
        while neighbours:
            take = rng.randint(1, min(3, len(neighbours)))
            group, neighbours[:] = neighbours[:take], neighbours[take:]
            room = len(group) < 3 and rng.random() < CONTEXT_SHARE
            context = rng.choice((CHAIN_STYLE, MATERIAL)) if room else None
            tables.append(StressTable((slot, *sorted(group)), context))

    for slot in range(min(k + 1, n)):
        tie(slot, list(range(slot)))
    if n > k:
        base = tuple(range(k + 1))
        cliques = list(itertools.combinations(base, k))
    for slot in range(k + 1, n):
        clique = rng.choice(cliques)
        tie(slot, list(clique))
        cliques.extend(tuple(sorted((*(u for u in clique if u != drop), slot))) for drop in clique)
    return tables


def _rule(rng: random.Random, number: int, table: StressTable, slots: tuple[Slot, ...],
          witness: list[str]) -> CompatibilityRule:
    columns = [AttributeRef(kind=SlotKind.OPTION, attribute="code", option_slot=slots[i].name) for i in table.slots]
    domains: list[tuple[str, ...]] = [tuple(v.code for v in slots[i].values) for i in table.slots]
    if table.context is not None:
        columns.append(table.context)
        domains.append(CONTEXT_VALUES[table.context])
    mine = tuple(witness[i] for i in table.slots)
    # The witness's row under every chain style or material, then a random share of the rest.
    rows: list[tuple[Scalar, ...]] = [c for c in itertools.product(*domains)
                                      if c[:len(mine)] == mine or rng.random() < ROW_SHARE]
    return CompatibilityRule(
        id=f"stress-{number:05d}", description="rule-stress table", columns=tuple(columns), mode="allowed",
        rows=tuple(rows), styles=(STYLE_ID,),
    )


def generate_rule_stress(option_slots: int, tree_width: int, seed: int, base_parts: int = 200) -> Catalog:
    """The parts of `generate_catalog(base_parts, seed)` and one rule-stress style (same seed,
    same catalog). The family's range is 20 to 300 option slots of tree width 5 to 12; smaller
    ones (a tree width below the slot count) are allowed so that brute force can check them."""
    from catalog.generator import generate_catalog  # the generator re-exports this module

    if not 2 <= option_slots <= MAX_OPTION_SLOTS:
        raise ValueError(f"option_slots must be within 2..{MAX_OPTION_SLOTS}, got {option_slots}")
    if not 1 <= tree_width <= min(MAX_TREE_WIDTH, option_slots - 1):
        raise ValueError(f"tree_width must be within 1..min({MAX_TREE_WIDTH}, option_slots - 1), got {tree_width}")
    rng = random.Random(f"rule-stress/{option_slots}/{tree_width}/{seed}")
    slots = []
    witness = []
    for i in range(option_slots):
        size = rng.choices(list(VALUE_COUNTS), weights=list(VALUE_COUNTS.values()))[0]
        values = tuple(OptionValue(code=f"v{j}", label=f"Value {j}",
                                   price=Money(amount_cents=rng.choice(VALUE_PRICES))) for j in range(size))
        required = rng.random() < REQUIRED_SHARE
        slots.append(Slot(name=slot_name(i), kind=SlotKind.OPTION, min_count=1 if required else 0, values=values))
        witness.append(rng.choice(values).code)
    frozen = tuple(slots)
    rules = tuple(_rule(rng, n, t, frozen, witness) for n, t in enumerate(k_tree_tables(rng, option_slots, tree_width)))
    base = generate_catalog(base_parts, seed, styles=False)
    return Catalog(currency=base.currency, parts=base.parts, styles=(stress_style(frozen),), rules=rules)
