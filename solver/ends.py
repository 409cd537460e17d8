"""The ends of a piece as arrays: which ring classes join each clasp or extender class to a chain.

Like the charm units (`solver.units`), the joins are thresholds on measured dimensions, so one
broadcast per chain end gives every (end class, ring class) that fits, for every finish mode
and pick of a base space; a hub then masks and prices them. The arithmetic is the rules' own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from catalog.styles import Style
from catalog.types import SlotKind
from solver.space import PartClass, Space
from solver.units import EPS, ClassTable, base_weights, centigrams, class_table, column

UNLIMITED = 10**12  # a load limit that binds nothing, in centigrams
INF = float("inf")


class EndOption:
    """A clasp or extender class with the ring classes that can join it to the chain (or nothing)."""

    # Hundreds of thousands live with a warm base (one per class and ring load limit): no __dict__.
    __slots__ = ("_rings", "cost", "load_limit", "part", "ring_index", "ways")

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
class _PairSource:
    """What the summaries were made from, for the parts read only on demand."""

    fits: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    clasps: list[EndOption]
    extenders: list[EndOption]
    clasp_cost: np.ndarray
    extender_cost: np.ndarray
    side: np.ndarray  # each clasp option's limit position (clasp side)
    hook: np.ndarray  # each extender option's limit position (k: hooks nothing)
    here: np.ndarray  # which clasp options hold a clasp


class EndPairs:
    """Every (clasp option, extender option) pair of a hub, summarised per load limit of the pair.

    Hubs read the pairs only through these summaries, which are exact: a pair's total is its own
    cost plus the charms' best under its limit, so a minimum over pairs is a minimum over limits
    of the minima within one limit (costs are whole cents, so the sums are exact). Kept instead of
    the dense |clasp options| × |extender options| matrices of costs, limits and their positions:
    since the load path split end options by ring load limit (~17 per class), those were ~0.6 MB
    per (options, chain geometry) and 400 MB of warm-up at 10^3 parts."""

    def __init__(self, values: np.ndarray, top: int, best_at: np.ndarray, row_at: np.ndarray, col_at: np.ndarray,
                 source: _PairSource) -> None:
        self.values = values  # the limits a pair can have, ascending (chain's, every option's)
        self.top = top  # the highest limit of any pair, fitting or not (count's charm ways reach it)
        self.width = len(source.extenders)  # a pair's row-major position is i * width + j
        self.best_at = best_at  # [limit] the cheapest fitting pair's cost (INF: none)
        self.row_at = row_at  # [clasp option, limit] its cheapest fitting pair
        self.col_at = col_at  # [extender option, limit]
        self._source = source

    @cached_property
    def ways_at(self) -> tuple[int, ...]:
        """[limit] ways to build the fitting pairs (Python ints); count asks, options never."""
        s = self._source
        return _ways_at(s.fits, s.rows, s.cols, s.clasps, s.extenders, s.side, s.hook, s.here, len(self.values))

    @cached_property
    def first_at(self) -> np.ndarray:
        """[limit] row-major position of the first pair at that limit's best cost (-1: none)."""
        found = np.full(len(self.values), -1, dtype=np.int64)
        for limit in np.flatnonzero(np.isfinite(self.best_at)).tolist():
            found[limit] = self._first(np.array([limit]))[0]
        return found

    def _first(self, limits: np.ndarray) -> tuple[int, int]:
        """The row-major first pair reaching its limit's best cost among `limits`: (position, limit)."""
        s = self._source
        first_rows = (self.row_at[:, limits] == self.best_at[limits][None, :]).argmax(axis=0)
        i = int(first_rows.min())
        side = np.minimum(s.side[i], s.hook) if s.here[i] else np.full(self.width, s.side[i])
        cost = np.where(s.fits[s.rows[i], s.cols], s.clasp_cost[i] + s.extender_cost, INF)
        best: tuple[int, int] = (-1, -1)
        for limit in limits[first_rows == i].tolist():
            j = int(np.flatnonzero((cost == self.best_at[limit]) & (side == limit))[0])
            if best[0] < 0 or i * self.width + j < best[0]:
                best = (i * self.width + j, limit)
        return best

    def cheapest(self, charm_cost: np.ndarray) -> tuple[float, int, int, int]:
        """The cheapest pair with the charms' cost under its limit (per limit): total, clasp and
        extender option, limit position; the first such pair in row-major order, as an argmin
        over the dense sums would give."""
        totals = self.best_at + charm_cost
        best = float(totals.min(initial=INF))
        if not np.isfinite(best):
            return INF, 0, 0, 0
        at, limit = self._first(np.flatnonzero(totals == best))
        i, j = divmod(at, self.width)
        return best, i, j, limit

    def rows(self, charm_cost: np.ndarray) -> np.ndarray:
        """Per clasp option: its cheapest pair with the charms."""
        found: np.ndarray = (self.row_at + charm_cost[None, :]).min(axis=1, initial=INF)
        return found

    def cols(self, charm_cost: np.ndarray) -> np.ndarray:
        found: np.ndarray = (self.col_at + charm_cost[None, :]).min(axis=1, initial=INF)
        return found


def end_pair_table(fits: np.ndarray, rows: np.ndarray, cols: np.ndarray, clasps: list[EndOption],
                   extenders: list[EndOption], chain_load: int) -> EndPairs:
    """Summarise the pairs by the hung weight each carries (the chain, the clasp and its ring, and
    the extender's ring when the clasp hooks the extender), from the part classes' fits
    (`fits[clasp class, extender class]`, `rows`/`cols`: each option's class) without the dense
    pair matrix: a pair's limit is min(clasp side, extender side), so per clasp class the cheapest
    extender per limit position and its suffix minima give every row (and symmetrically every
    column) in O(classes x options + options x limits)."""
    n = len(clasps)
    cc = np.array([e.cost for e in clasps], dtype=float)
    ec = np.array([e.cost for e in extenders], dtype=float)
    c_here = np.array([e.part is not None for e in clasps], dtype=bool)
    e_here = np.array([e.part is not None for e in extenders], dtype=bool)
    clasp_limit = np.array([e.load_limit for e in clasps], dtype=np.int64)
    extender_limit = np.array([e.load_limit for e in extenders], dtype=np.int64)
    # A pair's limit is the chain's, a clasp option's or an extender option's: positions among them.
    values = np.unique(np.concatenate(([chain_load], clasp_limit, extender_limit)))
    k = len(values)
    a = np.searchsorted(values, np.minimum(clasp_limit, chain_load))  # the clasp side
    hook = np.where(e_here, np.searchsorted(values, extender_limit), k)  # k: hooks nothing
    at = np.arange(k)
    # Rows: per clasp class, the cheapest fitting extender option per hook position.
    pi, jj = np.nonzero(fits[:, cols])
    by_hook = np.full((fits.shape[0], k + 1), INF)
    np.minimum.at(by_hook, (pi, hook[jj]), ec[jj])
    from_hook = np.minimum.accumulate(by_hook[:, ::-1], axis=1)[:, ::-1]  # over hooks >= position
    row_at = np.where((at[None, :] < a[:, None]) & c_here[:, None], by_hook[rows, :k], INF)
    row_at[np.arange(n), a] = np.where(c_here, from_hook[rows, a], from_hook[rows, 0])
    row_at += cc[:, None]
    # Columns: per extender class, the cheapest fitting clasp option per clasp side (hooking
    # clasps, and clasps absent: those carry their own side whatever the extender).
    ii, qq = np.nonzero(fits[rows, :])
    q_count = fits.shape[1]
    hooking, absent, every = (np.full((q_count, k), INF) for _ in range(3))
    here = c_here[ii]
    np.minimum.at(hooking, (qq[here], a[ii[here]]), cc[ii[here]])
    np.minimum.at(absent, (qq[~here], a[ii[~here]]), cc[ii[~here]])
    np.minimum.at(every, (qq, a[ii]), cc[ii])
    from_side = np.minimum.accumulate(hooking[:, ::-1], axis=1)[:, ::-1]
    hooked = np.where(at[None, :] < hook[:, None], hooking[cols], INF)
    present = np.flatnonzero(e_here)
    hooked[present, hook[present]] = from_side[cols[present], hook[present]]
    hooked = np.minimum(hooked, absent[cols])
    col_at = np.where(e_here[:, None], hooked, every[cols]) + ec[:, None]
    best_at = row_at.min(axis=0)
    top = a if not e_here.all() else np.where(c_here, np.minimum(a, hook.max(initial=0)), a)
    source = _PairSource(fits, rows, cols, clasps, extenders, cc, ec, a, hook, c_here)
    return EndPairs(values, int(values[int(top.max(initial=0))]), best_at, row_at, col_at, source)


def _ways_at(fits: np.ndarray, rows: np.ndarray, cols: np.ndarray, clasps: list[EndOption],
             extenders: list[EndOption], a: np.ndarray, hook: np.ndarray, c_here: np.ndarray,
             k: int) -> tuple[int, ...]:
    """Ways to build the fitting pairs per limit position: machine integers while the total
    provably fits, Python integers beyond."""
    small = sum(c.ways for c in clasps) * sum(e.ways for e in extenders) < 2**62
    kind: Any = np.int64 if small else object
    wc = np.array([c.ways for c in clasps], dtype=kind)
    we = np.array([e.ways for e in extenders], dtype=kind)
    pi, jj = np.nonzero(fits[:, cols])
    by_hook = np.zeros((fits.shape[0], k + 1), dtype=kind)
    np.add.at(by_hook, (pi, hook[jj]), we[jj])
    from_hook = np.cumsum(by_hook[:, ::-1], axis=1)[:, ::-1]
    below = (np.arange(k)[None, :] < a[:, None]) & c_here[:, None]
    ways = (wc[:, None] * np.where(below, by_hook[rows, :k], 0)).sum(axis=0)
    own = wc * np.where(c_here, from_hook[rows, a], from_hook[rows, 0])
    totals = [int(w) for w in ways.tolist()]
    for position, n in zip(a.tolist(), own.tolist(), strict=True):
        totals[position] += int(n)
    return tuple(totals)


def heaviest_of(style: Style, classes: dict[str, list[PartClass]]) -> int:
    """`heaviest_hung` from a base's classes (the same sum), before any space is made on them."""
    return sum(slot.max_count * max((centigrams(c.rep.weight_g) for c in classes[slot.name]), default=0)
               for slot in style.slots_of(SlotKind.CHARM))
