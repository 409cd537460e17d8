"""The charm slots' dynamic programmes with a signature axis (solver.charm_rules), for hubs whose
style has counting rules or charm × charm tables.

Exact counts: a slot's table[s, k, w] counts the ways to fill it with k charms of weight w·scale
whose signature is s; slots combine by convolution (signatures joined); only valid signatures are
summed. Cheapest completions: at_most and tables are closed under removing a charm, so without
at_least rules a cheapest piece still adds no optional charm, and the fronts of solver.charms are
kept per signature (a free slot's front per type, combined signature by signature); with them,
solver.charm_extras adds the optional charms they need.
"""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np

from solver.charm_rules import MAX_TABLE_ENTRIES, NEUTRAL, CharmRules, TooManySignatures
from solver.hub import INF
from solver.units import Unit

Front = list[tuple[int, float, tuple[Unit, ...]]]  # (weight, cost, units chosen), weight ↑ cost ↓


def _dtype(bound: int) -> type:
    return np.int64 if bound < 2**62 else object


def slot_types(rules: CharmRules, slot: str, charm_index: np.ndarray) -> np.ndarray:
    found: np.ndarray = rules.type_of[slot][charm_index]
    return found


def forced_signature(rules: CharmRules, state: Any) -> int:
    """The signature of a slot's forced charms (-1: outside the signatures, so no piece)."""
    return rules.start([int(rules.type_of[state.name][c.index]) for c in
                        (state.forced_class[m.sku] for m in state.forced if m.sku in state.forced_class)])


def slot_table(state: Any, capacity: int, limit: int, scale: int, rules: CharmRules) -> np.ndarray:
    """table[s, k, w]: ways to fill the slot with k charms weighing w·scale cg, signature s."""
    kmax = min(state.max_count, capacity)
    width = limit // scale + 1
    if rules.size * (min(capacity, rules.most) + 1) * width > MAX_TABLE_ENTRIES:
        raise TooManySignatures  # slots combined reach `capacity` charms: bounded here, before any work
    k0, w0 = len(state.forced), state.forced_weight // scale
    s0 = forced_signature(rules, state)
    hist = _free_by_ring_type_and_weight(state, scale, rules)
    groups: dict[bytes, list[Any]] = {}  # rings with one histogram: [histogram, ways]
    if state.forced_ok and k0 <= kmax and w0 < width and s0 >= 0:
        for ring_class in state.rings:
            if state.ring_fits_forced(ring_class):
                at = -1 if ring_class is None else ring_class.index
                found = np.zeros((0, 3), dtype=np.int64) if state.exact else hist.get(at, np.zeros((0, 3), np.int64))
                group = groups.setdefault(found.tobytes(), [found, 0])
                group[1] += ring_class.size if ring_class is not None else 1
    bound = 1 + sum(ways * sum(comb(int(h[:, 2].sum()), k) for k in range(kmax + 1)) for h, ways in groups.values())
    table: np.ndarray = np.zeros((rules.size, kmax + 1, width), dtype=_dtype(bound))
    if not state.forced and state.min_count == 0:
        table[rules.empty, 0, 0] = 1
    for found, ways in groups.values():
        sub = np.zeros_like(table)
        sub[s0, k0, w0] = 1
        for t, step, n in found.tolist():
            sub = _times_choose(sub, n, step, t, rules)
        if k0 == 0:
            sub[:, 0, :] = 0  # the empty set does not use a ring; counted once above
        table += sub * ways
    return table


def _free_by_ring_type_and_weight(state: Any, scale: int, rules: CharmRules) -> dict[int, np.ndarray]:
    """ring index → rows (type, weight step, members not yet forced)."""
    units = state.units
    if not len(units):
        return {}
    free = units.charms.size[units.charm]
    for cls in state.forced_class.values():
        taken = sum(1 for m in state.forced if state.forced_class.get(m.sku) is cls)
        free = np.where(units.charm == cls.index, cls.size - taken, free)
    types = slot_types(rules, state.name, units.charm)
    keys = np.stack([units.ring, types, units.weight // scale], axis=1)
    rows, inverse = np.unique(keys, axis=0, return_inverse=True)
    sums = np.zeros(len(rows), dtype=np.int64)
    np.add.at(sums, inverse.reshape(-1), free)
    out: dict[int, list[list[int]]] = {}
    for (ring, t, step), n in zip(rows.tolist(), sums.tolist(), strict=True):
        if n > 0:
            out.setdefault(ring, []).append([t, step, n])
    return {ring: np.array(found, dtype=np.int64) for ring, found in out.items()}


def _times_choose(table: np.ndarray, n: int, weight: int, t: int, rules: CharmRules) -> np.ndarray:
    """Multiply by (1 + z·y^weight·x_t)^n: j of n alike charms of type t, truncated to the shape."""
    out = table.copy()
    kmax, wmax = table.shape[1] - 1, table.shape[2] - 1
    held = np.flatnonzero(table.reshape(len(table), -1).any(axis=1)).tolist()  # signatures with ways
    for j in range(1, min(n, kmax) + 1):
        shift = j * weight
        if shift > wmax:
            break
        ways = comb(n, j)
        if t == NEUTRAL:
            out[:, j:, shift:] += ways * table[:, : kmax + 1 - j, : wmax + 1 - shift]
            continue
        target = rules.plus(t, j)
        for s in held:  # one slice per signature: np.add.at over whole slices is far slower
            out[target[s], j:, shift:] += ways * table[s, : kmax + 1 - j, : wmax + 1 - shift]
    return out


def convolve(a: np.ndarray, b: np.ndarray, capacity: int, rules: CharmRules) -> np.ndarray:
    """Two groups of slots together: counts and weights add, signatures join."""
    kmax = min(a.shape[1] + b.shape[1] - 2, capacity)
    wmax = a.shape[2] - 1
    bound = int(a.astype(object).sum()) * int(b.astype(object).sum()) + 1
    a = a.astype(_dtype(bound))
    out = np.zeros((rules.size, kmax + 1, wmax + 1), dtype=a.dtype)
    held = np.flatnonzero(a.reshape(len(a), -1).any(axis=1)).tolist()
    for s, k, w in zip(*np.nonzero(b), strict=True):
        if k > kmax:
            continue
        rows = min(a.shape[1], kmax + 1 - k)
        target, ways = rules.join(int(s)), int(b[s, k, w])
        for r in held:
            out[target[r], k: k + rows, w:] += ways * a[r, :rows, : wmax + 1 - w]
    return out


def by_weight(total: np.ndarray, capacity: int, valid: np.ndarray) -> np.ndarray:
    """Ways per weight over the valid signatures within the capacity (Python ints)."""
    found: np.ndarray = total[valid][:, : capacity + 1].astype(object).sum(axis=(0, 1))
    return found


# --- cheapest completions ------------------------------------------------------------------------


def pareto(points: Front) -> Front:
    """Keep the points no other point beats on both weight and cost."""
    out: Front = []
    for weight, cost, units in sorted(points, key=lambda p: (p[0], p[1])):
        if not out or cost < out[-1][1]:
            out.append((weight, cost, units))
    return out


def typed_front(units: Any, types: np.ndarray) -> dict[int, Front]:
    """A free slot's (weight, cost) front per charm type."""
    out: dict[int, Front] = {}
    if not len(units):
        return out
    cost, weight = units.cost, units.weight
    for t in np.unique(types).tolist():
        at = np.flatnonzero(types == t)
        order = at[np.lexsort((cost[at], weight[at]))]
        costs = cost[order].astype(float)
        best_before = np.concatenate(([np.inf], np.minimum.accumulate(costs)[:-1]))
        kept = order[costs < best_before]
        out[int(t)] = [(int(weight[i]), float(cost[i]), (units.unit(int(i)),)) for i in kept]
    return out


def signature_fronts(rules: CharmRules, start: int, typed: dict[str, dict[int, Front]], room: int,
                     skip: str | None = None) -> dict[int, Front]:
    """(weight, cost) fronts per signature of the free slots' one charm each, from the forced
    charms' signature `start`; `skip` leaves out that slot's pick."""
    fronts: dict[int, Front] = {start: [(0, 0.0, ())]} if start >= 0 else {}
    for name, by_type in typed.items():
        if name == skip:
            continue
        grown: dict[int, Front] = {}
        for s, front in fronts.items():
            for t, slot_front in by_type.items():
                target = int(rules.plus(t)[s])
                if target < 0:
                    continue
                grown.setdefault(target, []).extend(
                    (wa + wb, ca + cb, ua + ub) for wa, ca, ua in front for wb, cb, ub in slot_front if wa + wb <= room)
        fronts = {s: pareto(f) for s, f in grown.items() if f}
    return fronts


def merged(fronts: dict[int, Front], keep: np.ndarray, t: int, rules: CharmRules) -> Front:
    """One front over the signatures that stay valid once a charm of type `t` joins them."""
    after = rules.plus(t)
    return pareto([p for s, front in fronts.items() if after[s] >= 0 and keep[after[s]] for p in front])


def cheapest_valid(fronts: dict[int, Front], valid: np.ndarray, room: float) -> tuple[float, tuple[Unit, ...]]:
    best: tuple[float, tuple[Unit, ...]] = (INF, ())
    for s, front in fronts.items():
        if valid[s]:
            for weight, cost, units in front:
                if weight <= room and cost < best[0]:
                    best = (cost, units)
    return best
