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


def end_pair_table(fits: np.ndarray, rows: np.ndarray, cols: np.ndarray, clasps: EndTable,
                   extenders: EndTable, chain_load: int) -> EndPairs:
    """Summarise the pairs by the hung weight each carries (the chain, the clasp and its ring, and
    the extender's ring when the clasp hooks the extender), from the part classes' fits
    (`fits[clasp class, extender class]`, `rows`/`cols`: each option's class) without the dense
    pair matrix: a pair's limit is min(clasp side, extender side), so per clasp class the cheapest
    extender per limit position and its suffix minima give every row (and symmetrically every
    column) in O(classes x options + options x limits)."""
    n = len(clasps)
    cc, ec = clasps.cost, extenders.cost
    c_here, e_here = clasps.here, extenders.here
    clasp_limit, extender_limit = clasps.load_limit, extenders.load_limit
    # A pair's limit is the chain's, a clasp option's or an extender option's: positions among them.
    values = np.unique(np.concatenate(([chain_load], clasp_limit, extender_limit)))
    k = len(values)
    a = np.searchsorted(values, np.minimum(clasp_limit, chain_load))  # the clasp side
    hook = np.where(e_here, np.searchsorted(values, extender_limit), k)  # k: hooks nothing
    at = np.arange(k)
    # Rows: per clasp class, the cheapest fitting extender option per hook position.
    by_hook = grouped_min(fits[:, cols], ec, hook, k + 1)
    from_hook = np.minimum.accumulate(by_hook[:, ::-1], axis=1)[:, ::-1]  # over hooks >= position
    row_at = np.where((at[None, :] < a[:, None]) & c_here[:, None], by_hook[rows, :k], INF)
    row_at[np.arange(n), a] = np.where(c_here, from_hook[rows, a], from_hook[rows, 0])
    row_at += cc[:, None]
    # Columns: per extender class, the cheapest fitting clasp option per clasp side (hooking
    # clasps, and clasps absent: those carry their own side whatever the extender).
    by_clasp = fits[rows, :].T  # [extender class, clasp option]
    hooking = grouped_min(by_clasp[:, c_here], cc[c_here], a[c_here], k)
    absent = grouped_min(by_clasp[:, ~c_here], cc[~c_here], a[~c_here], k)
    every = np.minimum(hooking, absent)
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
    below = (np.arange(k)[None, :] < a[:, None]) & c_here[:, None]
    ways = (wc[:, None] * np.where(below, by_hook[rows, :k], 0)).sum(axis=0)
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
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
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
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    priced = np.where(fits[:, order], cost[order][None, :], INF)
    out[:, sorted_group[starts]] = np.minimum.reduceat(priced, starts, axis=1)
    return out
