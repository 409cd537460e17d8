"""A solver-neutral description of one compiled space at part level: the model every peer solves.

One boolean per candidate part per slot (after the unary filters of `compile_space`), one per
option value, and three kinds of derived atoms: `Used(slot)` (the slot holds something),
`Has(slot, feature, key)` (some selected part of the slot has that attribute value) and option
values. Every fit, finish, metal, plating and merchandiser rule becomes a clause over these
atoms, found by asking the `catalog.rules` functions about one representative per attribute
value, so the clauses mean exactly what `solver.check.evaluate` means. Sums (weight, capacity,
length, lead time, price) stay numbers that each back end encodes in its own way.

CP-SAT (`solver.cpsat.model`), clingo and python-constraint (`benchmarks.peers`) all translate
this one description, so their answers are comparable value by value.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from catalog import rules
from catalog.attributes import attribute_value
from catalog.parts import Plating
from catalog.styles import Style
from catalog.types import SlotKind
from solver.space import Space

NM_PER_MM = 1_000_000  # lengths as integer nanometres: exact for catalog values with ≤ 6 decimals


@dataclass(frozen=True)
class Cand:
    """A part that may fill a slot: its unit cost (engraving included) and lead time."""

    index: int
    sku: str
    part: Any
    cost: int
    lead: int


@dataclass(frozen=True)
class Pick:
    """The candidate `index` of `slot` is selected."""

    slot: str
    index: int


@dataclass(frozen=True)
class Used:
    """The slot holds at least one part."""

    slot: str


@dataclass(frozen=True)
class Has:
    """Some selected part of `slot` has `key` as its `feature`."""

    slot: str
    feature: str
    key: Hashable


@dataclass(frozen=True)
class Opt:
    """The option slot takes the value `code`."""

    slot: str
    code: str


Atom = Pick | Used | Has | Opt
Lit = tuple[Atom, bool]  # (atom, polarity)
Clause = tuple[Lit, ...]  # at least one literal holds


@dataclass(frozen=True)
class CharmCount:
    """A counting rule: of these candidates (every charm slot's that match a row), at most or at
    least `count` are selected."""

    rule: str
    picks: tuple[Pick, ...]
    at_most: bool
    count: int


@dataclass(frozen=True)
class CharmClause:
    """A charm × charm table's refused combination: one of `lits` holds, or for some group fewer
    than `n` of its candidates are selected (distinct charms: a group used by two columns needs
    two of them)."""

    lits: Clause
    groups: tuple[tuple[tuple[Pick, ...], int], ...]


@dataclass
class SlotIR:
    name: str
    kind: SlotKind
    cands: list[Cand]
    min_count: int
    max_count: int
    required: tuple[int, ...] = ()  # candidates a pick puts in the slot
    ring_for: str | None = None  # a ring slot: the slot it joins to the chain
    ring: str | None = None  # a joined slot: its ring slot (None when mounted directly)

    @property
    def multi(self) -> bool:
        return self.max_count > 1

    @property
    def is_ring(self) -> bool:
        return self.ring_for is not None


@dataclass
class OptionIR:
    name: str
    values: list[tuple[str, int]]  # (code, price) still allowed
    required: bool


@dataclass
class ModelIR:
    style: Style
    slots: dict[str, SlotIR]
    options: dict[str, OptionIR]
    carrier: str
    plating: str | None  # the plating slot, if the style has one
    plating_required: bool
    labour: int
    min_length_nm: int
    max_length_nm: int
    budget: int | None
    deadline: int | None
    infeasible: bool = False
    clauses: list[Clause] = field(default_factory=list)
    # Rules on the multiset of charms (counting rules, charm × charm tables): linear, so back ends
    # that translate only `clauses` do not see them.
    charm_counts: list[CharmCount] = field(default_factory=list)
    charm_clauses: list[CharmClause] = field(default_factory=list)
    groups: dict[tuple[str, str], dict[Hashable, tuple[int, ...]]] = field(default_factory=dict)

    # --- derived atoms ---------------------------------------------------------------------------

    def group(self, slot: str, feature: str, key_of: Callable[[Any], Hashable]) -> dict[Hashable, tuple[int, ...]]:
        """Candidates of a slot by feature value (registered so back ends can define `Has` atoms)."""
        found = self.groups.get((slot, feature))
        if found is None:
            out: dict[Hashable, list[int]] = {}
            for cand in self.slots[slot].cands:
                out.setdefault(key_of(cand.part), []).append(cand.index)
            found = self.groups[(slot, feature)] = {k: tuple(v) for k, v in out.items()}
        return found

    def rep(self, slot: str, feature: str, key: Hashable) -> Any:
        return self.slots[slot].cands[self.groups[(slot, feature)][key][0]].part

    def plated_lit(self) -> tuple[Lit, ...]:
        """The literal 'the piece is plated' to put in an `unless` (none when it cannot be)."""
        return ((Used(self.plating), True),) if self.plating else ()

    # --- reading a solution ----------------------------------------------------------------------

    def part_slots(self) -> list[SlotIR]:
        return list(self.slots.values())

    def ring_uses(self, slot: SlotIR) -> str | None:
        """For a ring slot joining a multi slot: that slot (its ring is used once per part)."""
        if slot.ring_for and self.slots[slot.ring_for].multi:
            return slot.ring_for
        return None

    def joined(self) -> list[SlotIR]:
        """Slots joined to the chain (each of their parts is one joint of labour)."""
        return [s for s in self.slots.values() if s.ring is not None or _direct(self.style, s.name)]


def _direct(style: Style, slot: str) -> bool:
    carrier = style.carrier.name
    return any(join.ring is None and slot in (join.a, join.b) and slot != carrier for join in style.joins)


# --- numbers the sums read ---------------------------------------------------------------------


def centigrams(grams: Decimal | float) -> int:
    return int((Decimal(str(grams)) * 100).to_integral_value())


def nanometres(mm: float) -> int:
    """A catalog length in integer nanometres; refuses values the scale would round."""
    scaled = Decimal(repr(float(mm))) * NM_PER_MM
    if scaled != scaled.to_integral_value():
        raise ValueError(f"length {mm} mm has more than 6 decimals; the linear model would round it")
    return int(scaled)


def rule_key(part: Any, attribute: str) -> Hashable:
    """A merchandiser-rule attribute as a key that keeps True, 1 and '1' apart (permits() does)."""
    value = attribute_value(part, attribute)
    return (type(value).__name__, repr(value))


def part_lead(part: Any, quantity: int) -> int:
    """Days to have `quantity` of a part (0 from stock), or a plating's own lead time."""
    if isinstance(part, Plating):
        return part.lead_time_days
    got = rules.supply(part, quantity)
    return got.lead_time_days if isinstance(got, rules.Supply) else 0


# --- building --------------------------------------------------------------------------------


def build_ir(space: Space) -> ModelIR:
    """The part-level model of a compiled space (picks, forced charms and options included)."""
    from solver.cpsat.clauses import add_clauses  # the clause builders need the slots first

    style = space.style
    request = space.request
    ring_for = {ring: joined for joined, ring in space.ring_of.items() if ring}
    slots: dict[str, SlotIR] = {}
    infeasible = bool(space.infeasible)
    options: dict[str, OptionIR] = {}
    for slot in style.slots:
        if slot.kind is SlotKind.OPTION:
            options[slot.name] = OptionIR(slot.name, list(space.option_values[slot.name]),
                                          space.option_required(slot.name))
            continue
        members = [m for c in space.classes[slot.name] for m in c.members]
        cands = [Cand(i, m.sku, m.part, m.cost, part_lead(m.part, request.quantity)) for i, m in enumerate(members)]
        index = {c.sku: c.index for c in cands}
        pick = request.pick(slot.name)
        required: list[int] = []
        for sku in pick.skus if pick else ():
            if sku in index:
                required.append(index[sku])
            else:
                infeasible = True  # a picked part the unary rules refused
        slots[slot.name] = SlotIR(slot.name, slot.kind, cands, slot.min_count, slot.max_count, tuple(required),
                                  ring_for.get(slot.name), space.ring_of.get(slot.name))
    plating_slots = space.slots_of(SlotKind.PLATING)
    plating = plating_slots[0].name if plating_slots else None
    ir = ModelIR(
        style=style, slots=slots, options=options, carrier=style.carrier.name, plating=plating,
        plating_required=not any(mode.plating is None for mode in space.modes()),
        labour=style.labour_per_joint.amount_cents,
        min_length_nm=nanometres(style.min_length_mm), max_length_nm=nanometres(style.max_length_mm),
        budget=request.budget_cents, deadline=request.deadline_days, infeasible=infeasible,
    )
    add_clauses(ir, space)
    return ir
