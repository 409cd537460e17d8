"""The end pairs of a hub — clasp option × extender option — summarised per load limit.

A pair's hung-weight limit is the chain's, the clasp side's or the hooked extender's; hubs read
the pairs only through per-limit minima (and, for count, per-limit ways), which are exact and
are built from part-class fits without the dense pair matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from solver.arrays import distinct, run_starts
from solver.ends import INF, EndTable


@dataclass(frozen=True)
class _PairSource:
    """What the summaries were made from, for the parts read only on demand."""

    fits: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    clasps: EndTable
    extenders: EndTable
    clasp_cost: np.ndarray
    extender_cost: np.ndarray
    side: np.ndarray  # each clasp option's limit position (clasp side)
    hook: np.ndarray  # each extender option's limit position (k: hooks nothing)
    here: np.ndarray  # which clasp options hold a clasp


class EndPairs:
    """Every (clasp option, extender option) pair of a hub, summarised per load limit of the pair.

    Hubs read the pairs only through these summaries, which are exact: a pair's total is its own
    cost plus the charms' best under its limit, so a minimum over pairs is a minimum over limits
    of the minima within one limit (costs are whole cents, so the sums are exact).

    Kept per part class, not per option: a clasp option's best pair at a limit below its own side
    is its class's cheapest extender hooked at that limit (plus its own cost), and an extender
    option's likewise. The per-option × limit matrices (`row_at`, `col_at`: ~740 options × ~40
    limits each, ~0.5 MB per table and 1.5 GB over the 3,276 tables of the 10^4 charm necklace)
    are made only when asked for (tests, tie-breaks over a few limits)."""

    def __init__(self, values: np.ndarray, top: int, best_at: np.ndarray, by_hook: np.ndarray,
                 own_row: np.ndarray, hooking: np.ndarray, absent: np.ndarray, own_col: np.ndarray,
                 source: _PairSource) -> None:
        self.values = values  # the limits a pair can have, ascending (chain's, every option's)
        self.top = top  # the highest limit of any pair, fitting or not (count's charm ways reach it)
        self.width = len(source.extenders)  # a pair's row-major position is i * width + j
        self.best_at = best_at  # [limit] the cheapest fitting pair's cost (INF: none)
        self._by_hook = by_hook  # [clasp class, hook position] cheapest fitting extender option
        self._own_row = own_row  # [clasp option] its best pair at its own side, without its cost
        self._hooking = hooking  # [extender class, clasp side] cheapest fitting clasp that hooks it
        self._absent = absent  # [extender class, clasp side] cheapest fitting absent clasp
        self._own_col = own_col  # [extender option] its best hooked pair at its own hook, without its cost
        self._source = source

    @cached_property
    def ways_at(self) -> tuple[int, ...]:
        """[limit] ways to build the fitting pairs (Python ints); count asks, options never."""
        s = self._source
        return _ways_at(s.fits, s.rows, s.cols, s.clasps, s.extenders, s.side, s.hook, s.here, len(self.values))

    @cached_property
    def finite_limits(self) -> tuple[list[int], list[float]]:
        """The limits some fitting pair has, and each one's cheapest pair: what the charms of
        every hub sharing this table read (as Python numbers, read in a loop)."""
        finite = np.isfinite(self.best_at)
        return self.values[finite].tolist(), self.best_at[finite].tolist()

    @cached_property
    def first_at(self) -> np.ndarray:
        """[limit] row-major position of the first pair at that limit's best cost (-1: none)."""
        found = np.full(len(self.values), -1, dtype=np.int64)
        for limit in np.flatnonzero(np.isfinite(self.best_at)).tolist():
            found[limit] = self._first(np.array([limit]))[0]
        return found

    def row_values(self, limits: np.ndarray) -> np.ndarray:
        """[clasp option, one of `limits`] its cheapest fitting pair at that limit position."""
        s = self._source
        below = (limits[None, :] < s.side[:, None]) & s.here[:, None]
        found = np.where(below, self._by_hook[s.rows[:, None], limits[None, :]], INF)
        found = np.where(limits[None, :] == s.side[:, None], self._own_row[:, None], found)
        out: np.ndarray = found + s.clasp_cost[:, None]
        return out

    def col_values(self, limits: np.ndarray) -> np.ndarray:
        """[extender option, one of `limits`] its cheapest fitting pair at that limit position."""
        s = self._source
        at = (s.cols[:, None], limits[None, :])
        hooking, absent = self._hooking[at], self._absent[at]
        hooked = np.where(limits[None, :] < s.hook[:, None], hooking, INF)
        hooked = np.where(limits[None, :] == s.hook[:, None], self._own_col[:, None], hooked)
        found = np.where(s.extenders.here[:, None], np.minimum(hooked, absent), np.minimum(hooking, absent))
        out: np.ndarray = found + s.extender_cost[:, None]
        return out

    @cached_property
    def row_at(self) -> np.ndarray:
        """[clasp option, limit] dense (tests; hubs read `rows` and `best_at`)."""
        return self.row_values(np.arange(len(self.values)))

    @cached_property
    def col_at(self) -> np.ndarray:
        return self.col_values(np.arange(len(self.values)))

    def _first(self, limits: np.ndarray) -> tuple[int, int]:
        """The row-major first pair reaching its limit's best cost among `limits`: (position, limit)."""
        s = self._source
        first_rows = (self.row_values(limits) == self.best_at[limits][None, :]).argmax(axis=0)
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
        """Per clasp option: its cheapest pair with the charms. Below its own side it meets its
        class's extenders at their hook: a prefix minimum per class, read at the option's side."""
        s = self._source
        below = _prefix_min(self._by_hook[:, :-1] + charm_cost[None, :])  # [class, side]: over limits < side
        own = self._own_row + charm_cost[s.side]
        found: np.ndarray = np.minimum(np.where(s.here, below[s.rows, s.side], INF), own) + s.clasp_cost
        return found

    def cols(self, charm_cost: np.ndarray) -> np.ndarray:
        """Per extender option: its cheapest pair with the charms (hooked below its hook, at its
        hook, or beside an absent clasp at any limit)."""
        s = self._source
        hooking = self._hooking + charm_cost[None, :]
        absent = (self._absent + charm_cost[None, :]).min(axis=1, initial=INF)
        every = np.minimum(hooking.min(axis=1, initial=INF), absent)
        present = s.extenders.here
        hook = np.minimum(s.hook, len(self.values) - 1)  # an absent extender's hook (k) is never read
        below = _prefix_min(hooking)[s.cols, hook]
        own = self._own_col + charm_cost[hook]
        hooked = np.minimum(np.minimum(below, own), absent[s.cols])
        found: np.ndarray = np.where(present, hooked, every[s.cols]) + s.extender_cost
        return found


def _prefix_min(a: np.ndarray) -> np.ndarray:
    """out[r, q] = min(a[r, :q]) (INF for q = 0): the least over positions strictly below q."""
    out = np.full((a.shape[0], a.shape[1] + 1), INF)
    if a.shape[1]:
        out[:, 1:] = np.minimum.accumulate(a, axis=1)
    return out


def end_pair_table(fits: np.ndarray, rows: np.ndarray, cols: np.ndarray, clasps: EndTable,
                   extenders: EndTable, chain_load: int) -> EndPairs:
    """Summarise the pairs by the hung weight each carries (the chain, the clasp and its ring, and
    the extender's ring when the clasp hooks the extender), from the part classes' fits
    (`fits[clasp class, extender class]`, `rows`/`cols`: each option's class) without the dense
    pair matrix: a pair's limit is min(clasp side, extender side), so per clasp class the cheapest
    extender per limit position and its suffix minima give every row (and symmetrically every
    column) in O(classes x (options + limits)) kept numbers."""
    cc, ec = clasps.cost, extenders.cost
    c_here, e_here = clasps.here, extenders.here
    clasp_limit, extender_limit = clasps.load_limit, extenders.load_limit
    # A pair's limit is the chain's, a clasp option's or an extender option's: positions among them.
    values = distinct(np.concatenate(([chain_load], clasp_limit, extender_limit)))
    k = len(values)
    a = np.searchsorted(values, np.minimum(clasp_limit, chain_load))  # the clasp side
    hook = np.where(e_here, np.searchsorted(values, extender_limit), k)  # k: hooks nothing
    # Rows: per clasp class, the cheapest fitting extender option per hook position; below its
    # side a present clasp meets them at their hook, at its side every hook at or above it.
    by_hook = grouped_min(fits[:, cols], ec, hook, k + 1)
    from_hook = np.minimum.accumulate(by_hook[:, ::-1], axis=1)[:, ::-1]  # over hooks >= position
    own_row = np.where(c_here, from_hook[rows, a], from_hook[rows, 0])
    # best_at[p]: the least row value at p. Below their side: per clasp class the cheapest
    # present option whose side is above p, plus the class's extenders hooked at p.
    side_cost = np.full((by_hook.shape[0], k + 1), INF)
    np.minimum.at(side_cost, (rows[c_here], a[c_here]), cc[c_here])
    above = np.full_like(side_cost, INF)  # [class, p]: least cost among its options with side > p
    above[:, :-1] = np.minimum.accumulate(side_cost[:, ::-1], axis=1)[:, ::-1][:, 1:]
    best_at = (by_hook[:, :k] + above[:, :k]).min(axis=0, initial=INF)
    np.minimum.at(best_at, a, own_row + cc)
    # Columns: per extender class, the cheapest fitting clasp option per clasp side (hooking
    # clasps, and clasps absent: those carry their own side whatever the extender).
    by_clasp = fits[rows, :].T  # [extender class, clasp option]
    hooking = grouped_min(by_clasp[:, c_here], cc[c_here], a[c_here], k)
    absent = grouped_min(by_clasp[:, ~c_here], cc[~c_here], a[~c_here], k)
    from_side = np.minimum.accumulate(hooking[:, ::-1], axis=1)[:, ::-1]
    own_col = np.where(e_here, from_side[cols, np.minimum(hook, k - 1)], INF)
    top = a if not e_here.all() else np.where(c_here, np.minimum(a, hook.max(initial=0)), a)
    source = _PairSource(fits, rows, cols, clasps, extenders, cc, ec, a, hook, c_here)
    return EndPairs(values, int(values[int(top.max(initial=0))]), best_at, by_hook, own_row, hooking, absent,
                    own_col, source)


def _ways_at(fits: np.ndarray, rows: np.ndarray, cols: np.ndarray, clasps: EndTable,
             extenders: EndTable, a: np.ndarray, hook: np.ndarray, c_here: np.ndarray,
             k: int) -> tuple[int, ...]:
    """Ways to build the fitting pairs per limit position: machine integers while the total
    provably fits, Python integers beyond."""
    small = sum(clasps.ways.tolist()) * sum(extenders.ways.tolist()) < 2**62
    kind: Any = np.int64 if small else object
    wc = clasps.ways.astype(kind)
    we = extenders.ways.astype(kind)
    by_hook = _grouped_sum(fits[:, cols], we, hook, k + 1)  # [clasp class, hook position]
    from_hook = np.cumsum(by_hook[:, ::-1], axis=1)[:, ::-1]
    # A present clasp option meets its class's extenders hooked below its side at their hook:
    # per clasp class and position p, the ways of its present options whose side is above p.
    side = np.zeros((by_hook.shape[0], k + 1), dtype=kind)
    np.add.at(side, (rows[c_here], a[c_here]), wc[c_here])
    above = np.zeros_like(side)
    above[:, :-1] = np.cumsum(side[:, ::-1], axis=1)[:, ::-1][:, 1:]
    ways = (above[:, :k] * by_hook[:, :k]).sum(axis=0)
    own = wc * np.where(c_here, from_hook[rows, a], from_hook[rows, 0])
    if small:
        np.add.at(ways, a, own)  # each clasp option's own limit: its pairs hooking at or above it
        return tuple(int(w) for w in ways.tolist())
    totals = [int(w) for w in ways.tolist()]
    for position, n in zip(a.tolist(), own.tolist(), strict=True):
        totals[position] += int(n)
    return tuple(totals)


def _grouped_sum(fits: np.ndarray, ways: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """out[r, g]: Σ `ways[j]` over the columns j of group g that row r fits, in `ways`' dtype.
    Columns sorted by group once and summed with one reduceat over the dense fits, as
    `grouped_min` does: far cheaper than scattering every fitting (row, column) with np.add.at."""
    out = np.zeros((fits.shape[0], groups), dtype=ways.dtype)
    if not fits.shape[1] or not fits.shape[0]:
        return out
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = run_starts(sorted_group)
    weighted = np.where(fits[:, order], ways[order][None, :], 0).astype(ways.dtype)
    out[:, sorted_group[starts]] = np.add.reduceat(weighted, starts, axis=1)
    return out


def grouped_min(fits: np.ndarray, cost: np.ndarray, group: np.ndarray, groups: int) -> np.ndarray:
    """out[r, g]: the least `cost[j]` over the columns j of group g that row r fits (INF: none).
    Columns are sorted by group once and reduced in one pass over the dense fits, which is many
    times faster than scattering every fitting (row, column) with `np.minimum.at`."""
    out = np.full((fits.shape[0], groups), INF)
    if not fits.shape[1]:
        return out
    order = np.argsort(group, kind="stable")
    sorted_group = group[order]
    starts = run_starts(sorted_group)
    priced = np.where(fits[:, order], cost[order][None, :], INF)
    out[:, sorted_group[starts]] = np.minimum.reduceat(priced, starts, axis=1)
    return out
