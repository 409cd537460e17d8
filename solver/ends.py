"""The ends of a piece as arrays: which ring classes join each clasp or extender class to a chain.

Like the charm units (`solver.units`), the joins are thresholds on measured dimensions, so one
broadcast per chain end gives every (end class, ring class) that fits, for every finish mode
and pick of a base space; a hub then masks and prices them. The arithmetic is the rules' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from catalog.types import SlotKind
from solver.space import PartClass, Space
from solver.units import EPS, ClassTable, base_weights, centigrams, class_table, column

UNLIMITED = 10**12  # a load limit that binds nothing, in centigrams
INF = float("inf")


class EndOption:
    """A clasp or extender class with the ring classes that can join it to the chain (or nothing)."""

    def __init__(self, part: PartClass | None, ring_index: np.ndarray, cost: float,
                 rings: ClassTable | None = None, ring_members: int = 0, load_limit: int = UNLIMITED) -> None:
        self.part = part
        # The hung weight this end carries, in centigrams: a clasp, the lesser of its own limit
        # and its ring's; an extender, its ring's (it carries the load only when a clasp hooks
        # it). Options are split so that all their rings share one limit.
        self.load_limit = load_limit
        # Base class indices of the fitting rings; int32, as options are kept with the base for
        # every finish mode and chain end.
        self.ring_index = ring_index.astype(np.int32, copy=False)
        self.cost = cost  # cheapest part + cheapest ring + labour, 0 when absent
        self._rings = rings
        # Ways to build this end: its members times the ring members that join it (1 when absent).
        self.ways = part.size * ring_members if part is not None else 1

    def ring_costs_of(self, ring_index: np.ndarray) -> np.ndarray:
        """The cheapest prices of these ring classes (of this option's ring table)."""
        if self._rings is None:
            return np.zeros(len(ring_index), dtype=np.int64)
        found: np.ndarray = self._rings.min_cost[ring_index]
        return found

    @property
    def rings(self) -> tuple[PartClass, ...]:
        table = self._rings.classes if self._rings is not None else []
        return tuple(c for c in (table[int(i)] for i in self.ring_index) if c is not None)


NO_END = EndOption(None, np.zeros(0, dtype=np.int64), 0)


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
                may_be_empty: bool, labour: int) -> list[EndOption]:
    """The hub's options for one end slot: nothing (when allowed), then each admitted class with
    a ring that joins it, in class order."""
    out = [NO_END] if may_be_empty else []
    ring_slot = space.ring_of.get(slot)
    if ring_slot is None or ring_ok is None or not classes or not fits.shape[1]:
        return out
    rings = class_table(space, ring_slot)
    rows = np.array([c.index for c in classes], dtype=np.int64)
    usable = fits[rows] & (ring_ok & rings.alive)[None, :]
    which, ring_index = np.nonzero(usable)
    if not len(which):
        return out
    # Limits no piece of the style can reach are all the same as no limit: one option for them.
    ring_load = np.minimum(ring_loads(space, ring_slot), heaviest_hung(space))
    clasp = space.slot(slot).kind is SlotKind.CLASP
    # The ring on the load path: one option per (class, distinct limit), so a limit is exact.
    limit = ring_load[ring_index]
    if clasp:
        own = np.array([centigrams(c.rep.max_load_g) for c in classes], dtype=np.int64)
        limit = np.minimum(limit, own[which])
    # Group by (class, limit) in one sort; each group's cheapest ring and member count by reduceat.
    order = np.lexsort((limit, which))
    which, ring_index, limit = which[order], ring_index[order].astype(np.int32), limit[order]
    starts = np.flatnonzero(np.r_[True, (which[1:] != which[:-1]) | (limit[1:] != limit[:-1])])
    ends = np.r_[starts[1:], len(which)]
    cheapest = np.minimum.reduceat(rings.min_cost[ring_index], starts).tolist()
    members = np.add.reduceat(rings.size[ring_index], starts).tolist()
    for a, b, low, many, row, value in zip(starts.tolist(), ends.tolist(), cheapest, members,
                                           which[starts].tolist(), limit[starts].tolist(), strict=True):
        cls = classes[row]
        out.append(EndOption(cls, ring_index[a:b], cls.min_cost + low + labour, rings, many, value))
    return out


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


@dataclass(frozen=True)
class EndPairs:
    """Every (clasp option, extender option) pair of a hub, summarised per load limit of the pair.

    Hubs read the pairs only through these summaries, which are exact: a pair's total is its own
    cost plus the charms' best under its limit, so a minimum over pairs is a minimum over limits
    of the minima within one limit (costs are whole cents, so the sums are exact). Kept instead of
    the dense |clasp options| × |extender options| matrices of costs, limits and their positions:
    since the load path split end options by ring load limit (~17 per class), those were ~0.6 MB
    per (options, chain geometry) and 400 MB of warm-up at 10^3 parts."""

    values: np.ndarray  # the limits a pair can have, ascending (chain's, every option's)
    top: int  # the highest limit of any pair, fitting or not (count's charm ways reach it)
    width: int  # extender options: a pair's row-major position is i * width + j
    best_at: np.ndarray  # [limit] the cheapest fitting pair's cost (INF: none)
    first_at: np.ndarray  # [limit] row-major position of the first pair at that cost (-1: none)
    row_at: np.ndarray  # [clasp option, limit] its cheapest fitting pair
    col_at: np.ndarray  # [extender option, limit]
    ways_at: tuple[int, ...]  # [limit] ways to build the fitting pairs (Python ints)

    def cheapest(self, charm_cost: np.ndarray) -> tuple[float, int, int, int]:
        """The cheapest pair with the charms' cost under its limit (per limit): total, clasp and
        extender option, limit position; the first such pair in row-major order, as an argmin
        over the dense sums would give."""
        totals = self.best_at + charm_cost
        best = float(totals.min(initial=INF))
        if not np.isfinite(best):
            return INF, 0, 0, 0
        at = int(self.first_at[totals == best].min())
        i, j = divmod(at, self.width)
        return best, i, j, int(np.flatnonzero(self.first_at == at)[0])

    def rows(self, charm_cost: np.ndarray) -> np.ndarray:
        """Per clasp option: its cheapest pair with the charms."""
        found: np.ndarray = (self.row_at + charm_cost[None, :]).min(axis=1, initial=INF)
        return found

    def cols(self, charm_cost: np.ndarray) -> np.ndarray:
        found: np.ndarray = (self.col_at + charm_cost[None, :]).min(axis=1, initial=INF)
        return found


def end_pair_table(cost: np.ndarray, clasps: list[EndOption], extenders: list[EndOption],
                   chain_load: int) -> EndPairs:
    """Summarise cost[i, j] (INF where clasp option i and extender option j do not go together)
    by the hung weight each pair carries: the chain, the clasp and its ring, and the extender's
    ring when the clasp hooks the extender."""
    clasp_limit = np.array([e.load_limit for e in clasps], dtype=np.int64)
    extender_limit = np.array([e.load_limit for e in extenders], dtype=np.int64)
    hooked = (np.array([e.part is not None for e in clasps], dtype=bool)[:, None]
              & np.array([e.part is not None for e in extenders], dtype=bool)[None, :])
    clasp = np.minimum(clasp_limit, chain_load)
    limits = np.where(hooked, np.minimum(clasp[:, None], extender_limit[None, :]), clasp[:, None])
    # A pair's limit is the chain's, a clasp option's or an extender option's: place the pairs
    # among those few values by bisection.
    values = np.unique(np.concatenate(([chain_load], clasp_limit, extender_limit)))
    inverse = np.searchsorted(values, limits)
    n, m, k = len(clasps), len(extenders), len(values)
    flat_cost, flat_inverse = cost.ravel(), inverse.ravel()
    best_at = np.full(k, INF)
    np.minimum.at(best_at, flat_inverse, flat_cost)
    row_at = np.full(n * k, INF)
    np.minimum.at(row_at, (np.arange(n)[:, None] * k + inverse).ravel(), flat_cost)
    col_at = np.full(m * k, INF)
    np.minimum.at(col_at, (np.arange(m)[None, :] * k + inverse).ravel(), flat_cost)
    first_at = np.full(k, -1, dtype=np.int64)
    hits = np.flatnonzero(np.isfinite(flat_cost) & (flat_cost == best_at[flat_inverse]))
    found, first = np.unique(flat_inverse[hits], return_index=True)
    first_at[found] = hits[first]
    fits = np.isfinite(cost)
    if sum(c.ways for c in clasps) * sum(e.ways for e in extenders) < 2**62:
        pair_ways = np.outer(np.array([c.ways for c in clasps], dtype=np.int64),
                             np.array([e.ways for e in extenders], dtype=np.int64))
        by_limit = np.zeros(k, dtype=np.int64)
        np.add.at(by_limit, inverse[fits], pair_ways[fits])
        ways = tuple(int(w) for w in by_limit.tolist())
    else:  # past int64: Python integers
        totals = [0] * k
        for i, j in zip(*np.nonzero(fits), strict=True):
            totals[int(inverse[i, j])] += clasps[i].ways * extenders[j].ways
        ways = tuple(totals)
    return EndPairs(values, int(limits.max(initial=0)), m, best_at, first_at, row_at.reshape(n, k),
                    col_at.reshape(m, k), ways)
