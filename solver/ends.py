"""The ends of a piece as arrays: which ring classes join each clasp or extender class to a chain.

Like the charm units (`solver.units`), the joins are thresholds on measured dimensions, so one
broadcast per chain end gives every (end class, ring class) that fits, for every finish mode
and pick of a base space; a hub then masks and prices them. The arithmetic is the rules' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from catalog.styles import Style
from catalog.types import SlotKind
from solver.arrays import distinct_sorted_inverse, starts_of
from solver.space import PartClass, Space
from solver.units import EPS, ClassTable, base_weights, centigrams, class_table, column

UNLIMITED = 10**12  # a load limit that binds nothing, in centigrams
INF = float("inf")


class EndOption:
    """One option of an end slot: a clasp or extender class with the ring classes that can join
    it to the chain (or nothing). Hubs keep their options as an `EndTable`; an `EndOption` is one
    row of it, made when an answer names it (the cheapest piece's end)."""

    __slots__ = ("_rings", "cost", "load_limit", "part", "ring_index", "ways")

    def __init__(self, part: PartClass | None, ring_index: np.ndarray, cost: float,
                 rings: ClassTable | None = None, ring_members: int = 0, load_limit: int = UNLIMITED) -> None:
        self.part = part
        # The hung weight this end carries, in centigrams: a clasp, the lesser of its own limit
        # and its ring's; an extender, its ring's (it carries the load only when a clasp hooks
        # it). Options are split so that all their rings share one limit.
        self.load_limit = load_limit
        self.ring_index = ring_index.astype(np.int32, copy=False)  # base class indices of the fitting rings
        self.cost = cost  # cheapest part + cheapest ring + labour, 0 when absent
        self._rings = rings
        # Ways to build this end: its members times the ring members that join it (1 when absent).
        self.ways = part.size * ring_members if part is not None else 1

    @property
    def rings(self) -> tuple[PartClass, ...]:
        table = self._rings.classes if self._rings is not None else []
        return tuple(c for c in (table[int(i)] for i in self.ring_index) if c is not None)


NO_END = EndOption(None, np.zeros(0, dtype=np.int64), 0)


class EndTable:
    """A hub's options for one end slot, one row each, as arrays: nothing (when allowed), then
    each admitted class with the rings that join it, split by the rings' load limit.

    Arrays rather than an object per option: at 10^4 parts the hubs of one style hold ~1.7 M
    options, and making an object for each cost about a third of a fresh request."""

    __slots__ = ("_content", "_offers", "_parts_key", "at", "cost", "here", "load_limit", "parts", "ring_index",
                 "ring_start", "rings", "ways")

    def __init__(self, parts: list[PartClass | None], at: np.ndarray, cost: np.ndarray, load_limit: np.ndarray,
                 ways: np.ndarray, ring_start: np.ndarray, ring_index: np.ndarray, rings: ClassTable | None) -> None:
        self.parts = parts  # the distinct part classes of the options (None: the slot left empty)
        self.at = at  # each option's position in `parts`
        self.cost = cost  # float: cheapest part + cheapest ring + labour, 0 when absent
        self.load_limit = load_limit  # int64 centigrams
        self.ways = ways  # int64, or Python ints (object) when they could overflow
        self.ring_start = ring_start  # option i's rings are ring_index[ring_start[i]:ring_start[i + 1]]
        self.ring_index = ring_index  # int32 base class indices of the rings, option by option
        self.rings = rings
        self.here = np.array([p is not None for p in parts], dtype=bool)[at]  # which options hold a part
        self._offers: EndOffers | None = None
        self._parts_key: tuple[int, ...] | None = None
        self._content: tuple[Any, ...] | None = None

    @property
    def parts_key(self) -> tuple[int, ...]:
        """The part classes' base indices (-1: nothing): what the pair fits read of the table."""
        if self._parts_key is None:
            self._parts_key = tuple(-1 if p is None else p.index for p in self.parts)
        return self._parts_key

    @property
    def pairs_key(self) -> tuple[Any, ...]:
        """What a pair table reads of this table (solver.end_pairs.end_pair_table): tables built
        apart, in other narrowings, often hold the very same options (at 10^4 parts a shopper's
        clicks built ~1,200 clasp tables of ~130 contents), so their pair tables can be one."""
        if self._content is None:
            ways = self.ways.tobytes() if self.ways.dtype != object else tuple(self.ways.tolist())
            self._content = (self.parts_key, self.at.tobytes(), self.cost.tobytes(), self.load_limit.tobytes(), ways)
        return self._content

    @property
    def offers(self) -> EndOffers:
        """What options offer their part and ring slots, made once per table (every hub and every
        request sharing the table reads the same arrays)."""
        if self._offers is None:
            self._offers = EndOffers.of(self)
        return self._offers

    def __len__(self) -> int:
        return len(self.at)

    def __getitem__(self, i: int) -> EndOption:
        option = EndOption(self.parts[int(self.at[i])], self.ring_index[self.ring_start[i]:self.ring_start[i + 1]],
                           float(self.cost[i]), self.rings, 0, int(self.load_limit[i]))
        option.ways = int(self.ways[i])
        return option

    @classmethod
    def of(cls, options: list[EndOption]) -> EndTable:
        """The table of a list of options (a slot the style does not have; tests)."""
        parts = list({id(e.part): e.part for e in options}.values())
        position = {id(p): i for i, p in enumerate(parts)}
        ways = [e.ways for e in options]
        lengths = [len(e.ring_index) for e in options]
        rings = next((e._rings for e in options if e._rings is not None), None)
        return cls(parts, np.array([position[id(e.part)] for e in options], dtype=np.int64),
                   np.array([e.cost for e in options], dtype=float),
                   np.array([e.load_limit for e in options], dtype=np.int64),
                   np.array(ways, dtype=np.int64 if sum(ways) < 2**62 else object),
                   starts_of(np.array(lengths, dtype=np.int64)),
                   np.concatenate([np.zeros(0, dtype=np.int32), *(e.ring_index for e in options)]), rings)


@dataclass(frozen=True)
class EndOffers:
    """An end table's offers as flat arrays: each present option's part class, and each of its
    rings with the ring's price beyond the option's cheapest ring."""

    present: np.ndarray  # which options hold a part
    part_index: np.ndarray  # the present options' part classes
    ring_index: np.ndarray
    ring_extra: np.ndarray
    ring_owner: np.ndarray  # position (among present options) of each ring's option

    @classmethod
    def of(cls, ends: EndTable) -> EndOffers:
        present = ends.here
        part_of = np.array([p.index if p is not None else -1 for p in ends.parts], dtype=np.int64)
        # Options without a part have no rings, so the table's rings are the present options'.
        lengths = np.diff(ends.ring_start)[present]
        ring_index = ends.ring_index.astype(np.int64)
        if ends.rings is None or not len(ring_index):
            return cls(present, part_of[ends.at[present]], ring_index, np.zeros(len(ring_index)),
                       np.zeros(len(ring_index), dtype=np.int64))
        ring_cost = ends.rings.min_cost[ring_index]
        # Each ring's price beyond its option's cheapest ring, for all options in one pass.
        starts = starts_of(lengths)[:-1]
        cheapest = np.minimum.reduceat(ring_cost, starts)
        return cls(present, part_of[ends.at[present]], ring_index,
                   (ring_cost - np.repeat(cheapest, lengths)).astype(float),
                   np.repeat(np.arange(len(lengths), dtype=np.int64), lengths))


NO_ENDS = EndTable.of([NO_END])  # nothing in the slot, or the style has no slot of this kind
NONE_FIT = EndTable.of([])  # the slot must hold a part and none can


def end_geometry(space: Space, slot: str, kind: SlotKind, chain: Any) -> np.ndarray:
    """fits[end class, ring class] over the base classes: the ring joins that end to this chain's
    end link (rules.ring_join: passes both openings, bore holds both wires)."""
    physics = space.catalog.physics
    ring_slot = space.ring_of.get(slot)
    ends = [c.rep for c in space.base_classes[slot]]
    if ring_slot is None or not ends:
        return np.zeros((len(ends), 0), dtype=bool)
    rings = [r.rep for r in space.base_classes[ring_slot]]
    if not rings:
        return np.zeros((len(ends), 0), dtype=bool)
    wire = column(rings, "wire_mm")
    bore = column(rings, "inner_diameter_mm")
    if kind is SlotKind.CLASP:
        opening, hold_wire = column(ends, "loop_inner_mm"), column(ends, "loop_wire_mm")
    else:
        opening, hold_wire = column(ends, "end_link_inner_mm"), column(ends, "link_wire_mm")
    through_end = wire + physics.ring_pass_clearance_mm <= chain.end_link_inner_mm + EPS
    through_hold = wire[None, :] + physics.ring_pass_clearance_mm <= opening[:, None] + EPS
    needed = chain.wire_mm + hold_wire + physics.ring_hold_clearance_mm
    holds = bore[None, :] + EPS >= needed[:, None]
    fits: np.ndarray = through_end[None, :] & through_hold & holds
    return fits


def end_options(space: Space, slot: str, classes: list[PartClass], fits: np.ndarray, ring_ok: np.ndarray | None,
                may_be_empty: bool, labour: int) -> EndTable:
    """The hub's options for one end slot: nothing (when allowed), then each admitted class with
    a ring that joins it, in class order."""
    ring_slot = space.ring_of.get(slot)
    empty: list[PartClass | None] = [None] if may_be_empty else []
    nothing = NO_ENDS if may_be_empty else NONE_FIT
    if ring_slot is None or ring_ok is None or not classes or not fits.shape[1]:
        return nothing
    rings = class_table(space, ring_slot)
    rows = np.array([c.index for c in classes], dtype=np.int64)
    # Only the rings the hub admits and the request leaves: after a ring pick, one column.
    ring_columns = np.flatnonzero(ring_ok & rings.alive)
    which, at = np.nonzero(fits[rows][:, ring_columns])
    ring_index = ring_columns[at]
    if not len(which):
        return nothing
    # Limits no piece of the style can reach are all the same as no limit: one option for them.
    ring_load = np.minimum(ring_loads(space, ring_slot), heaviest_hung(space))
    # The ring on the load path: one option per (class, distinct limit), so a limit is exact.
    limit = ring_load[ring_index]
    if space.slot(slot).kind is SlotKind.CLASP:
        own = np.array([centigrams(c.rep.max_load_g) for c in classes], dtype=np.int64)
        limit = np.minimum(limit, own[which])
    # Group by (class, limit) in one sort; each group's cheapest ring and member count by reduceat.
    order = np.lexsort((limit, which))
    which, ring_index, limit = which[order], ring_index[order].astype(np.int32), limit[order]
    starts = np.flatnonzero(np.concatenate(([True], (which[1:] != which[:-1]) | (limit[1:] != limit[:-1]))))
    cheapest = np.minimum.reduceat(rings.min_cost[ring_index], starts)
    members = np.add.reduceat(rings.size[ring_index], starts)
    used, at = distinct_sorted_inverse(which[starts])  # `which` is sorted first
    class_cost = np.array([classes[u].min_cost for u in used.tolist()], dtype=np.int64)[at]
    class_size = np.array([classes[u].size for u in used.tolist()], dtype=np.int64)[at]
    lead = len(empty)  # the empty option comes first, with no rings
    return EndTable(empty + [classes[u] for u in used.tolist()],
                    np.concatenate((np.zeros(lead, dtype=np.int64), at + lead)),
                    np.concatenate((np.zeros(lead), (class_cost + cheapest + labour).astype(float))),
                    np.concatenate((np.full(lead, UNLIMITED, dtype=np.int64), limit[starts])),
                    np.concatenate((np.ones(lead, dtype=np.int64), class_size * members)),
                    np.concatenate((np.zeros(lead, dtype=np.int64), starts, [len(which)])), ring_index, rings)


def ring_loads(space: Space, ring_slot: str) -> np.ndarray:
    """Centigrams each base ring class carries."""
    key = ("ring-loads", ring_slot)
    if key not in space.geometry:
        space.geometry[key] = np.array([centigrams(c.rep.max_load_g) for c in space.base_classes[ring_slot]],
                                       dtype=np.int64)
    found: np.ndarray = space.geometry[key]
    return found


def heaviest_hung(space: Space) -> int:
    """An upper bound on the hung weight of any piece of the style, in centigrams: every charm
    slot full of its heaviest charm."""
    key = ("heaviest-hung",)
    if key not in space.geometry:
        total = 0
        for slot in space.slots_of(SlotKind.CHARM):
            weights = base_weights(space, slot.name)
            total += slot.max_count * int(weights.max(initial=0))
        space.geometry[key] = total
    found: int = space.geometry[key]
    return found


def heaviest_of(style: Style, classes: dict[str, list[PartClass]]) -> int:
    """`heaviest_hung` from a base's classes (the same sum), before any space is made on them."""
    return sum(slot.max_count * max((centigrams(c.rep.weight_g) for c in classes[slot.name]), default=0)
               for slot in style.slots_of(SlotKind.CHARM))
