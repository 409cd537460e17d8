"""Evaluate a compiled rule network for one hub context: one pass per semiring.

- min-cost (min, +) upward and downward: the cheapest option cost, every value's cheapest
  completion (its min-marginal) and the argmin choice, decoded top-down;
- counting (+, ×) upward: the exact number of option assignments, in int64 while the product of
  the domains fits, else in Python ints (object arrays), never in floats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from solver.residues import moduli_for, rebuild
from solver.rulenet import Bag, Component, RuleNetwork

INF = float("inf")
Tables = list[np.ndarray]


@dataclass(frozen=True)
class Semiring:
    dtype: Any
    one: Any
    combine: Callable[[np.ndarray, np.ndarray], np.ndarray]
    reduce: Callable[..., np.ndarray]


MIN_COST = Semiring(np.float64, 0.0, np.add, np.min)
MAX_MODULI = 4  # counts below about 2^120 by residues; larger ones in Python ints


def counting(dtype: Any) -> Semiring:
    return Semiring(dtype, 1, np.multiply, np.sum)


def modular(modulus: int) -> Semiring:
    """(+, ×) modulo a prime below 2^31: every product of two residues fits in int64, and so does
    a bag's sum (at most 2^31 entries of residues)."""
    def times(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        product: np.ndarray = np.multiply(a, b) % modulus
        return product

    def plus(a: np.ndarray, axis: Any = None) -> np.ndarray:
        total: np.ndarray = np.asarray(np.sum(a, axis=axis) % modulus)
        return total

    return Semiring(np.int64, 1, times, plus)


class NetAnswer:
    """The network under one hub context. The cheapest cost and its argmin come from the upward
    min-cost pass; each value's marginal (the downward pass) and the exact count (the counting
    pass) are computed when first asked for: options need the first, count the second."""

    def __init__(self, net: RuleNetwork, masks: list[np.ndarray], tables: list[np.ndarray],
                 reuse: list[Pass] | None = None) -> None:
        self.net, self.masks, self.tables = net, masks, tables
        self._costs = [np.where(m, var.costs(), INF) for var, m in zip(net.variables, masks, strict=True)]
        self._factor_costs = [np.where(t, 0.0, INF) for t in tables]
        self.passes = [_upward(net, c, MIN_COST, self._costs, self._factor_costs, reuse[i] if reuse else None)
                       for i, c in enumerate(net.components)]
        self._component_costs = [float(p.up[0].min()) for p in self.passes]
        self.cost: float = float(sum(self._component_costs))  # INF when no assignment satisfies the rules
        self.choice: dict[str, str | None] = {}  # an assignment of that cost (None: the slot is left out)
        if self.cost < INF:
            for component, upward in zip(net.components, self.passes, strict=True):
                self.choice.update(_decode(net, component, upward.up))

    @property
    def feasible(self) -> bool:
        return self.cost < INF

    @cached_property
    def marginals(self) -> dict[str, np.ndarray]:
        """slot -> the cheapest option cost with each of the style's values (INF: none)."""
        out: dict[str, np.ndarray] = {}
        for component, best in zip(self.net.components, self._component_costs, strict=True):
            others = self.cost - best if self.cost < INF else INF
            if best < INF:
                beliefs = self._calibrated(component).beliefs
                bags = component.bags
                found = {v: _message(beliefs[home], bags[home], (v,), MIN_COST) for v, home in component.home.items()}
            else:
                found = {v: np.full(self.net.variables[v].size, INF) for v in component.home}
            for v, values in found.items():
                var = self.net.variables[v]
                out[var.slot] = values[var.offset:] + others
        return out

    def free_marginal(self, slot: str) -> np.ndarray:
        """The slot's marginals as if the request had not picked it: its own mask enters only at its
        home bag, so the other messages stand and one bag is recombined (Hadzic & Andersen)."""
        v = self.net.index[slot]
        at = next(i for i, c in enumerate(self.net.components) if v in c.home)
        component = self.net.components[at]
        others = float(sum(c for i, c in enumerate(self._component_costs) if i != at))
        home = component.home[v]
        bag = component.bags[home]
        var = self.net.variables[v]
        costs = list(self._costs)
        costs[v] = var.costs()
        table = MIN_COST.combine(_local(self.net, bag, MIN_COST, costs, self._factor_costs),
                                 self._calibrated(component).incoming(home))
        values: np.ndarray = _message(table, bag, (v,), MIN_COST)[var.offset:] + others
        return values

    def _calibrated(self, component: Component) -> Calibrated:
        known: dict[int, Calibrated] = self.__dict__.setdefault("_calibrations", {})
        at = id(component)
        if at not in known:
            known[at] = _calibrate(self.net, component, MIN_COST, self.passes[self.net.components.index(component)])
        return known[at]

    @cached_property
    def count(self) -> int:
        """Option assignments satisfying every rule, exactly."""
        if self.cost >= INF:
            return 0
        total = 1
        for component in self.net.components:
            total *= _count(self.net, component, self.masks, self.tables)
        return total


def evaluate(net: RuleNetwork, masks: list[np.ndarray], tables: list[np.ndarray],
             reuse: list[Pass] | None = None) -> NetAnswer:
    """`masks[v]`: which domain entries of variable v the request allows; `tables[f]`: which
    combinations factor f allows under the hub's context (see rulenet.factor_table); `reuse`: the
    min-cost passes of an earlier answer under the same context (`NetAnswer.passes`)."""
    return NetAnswer(net, masks, tables, reuse)


def _expand(array: np.ndarray, variables: tuple[int, ...], into: tuple[int, ...]) -> np.ndarray:
    """A table over `variables` (a sorted subset of the sorted `into`) shaped to broadcast over `into`."""
    shape = [array.shape[variables.index(v)] if v in variables else 1 for v in into]
    return array.reshape(shape)


def _local(net: RuleNetwork, bag: Bag, ring: Semiring, unary: Tables, factors: Tables) -> np.ndarray:
    shape = tuple(net.variables[v].size for v in bag.variables)
    table = np.full(shape, ring.one, dtype=ring.dtype)
    for v in bag.unaries:
        table = ring.combine(table, _expand(unary[v], (v,), bag.variables))
    for f in bag.factors:
        table = ring.combine(table, _expand(factors[f], net.factors[f].variables, bag.variables))
    return table


def _message(table: np.ndarray, bag: Bag, keep: tuple[int, ...], ring: Semiring) -> np.ndarray:
    axes = tuple(i for i, v in enumerate(bag.variables) if v not in keep)
    return ring.reduce(table, axis=axes) if axes else table


@dataclass(frozen=True)
class Pass:
    """One upward pass over a component: per bag its own factors and unaries (`local`), those
    combined with its children's messages (`up`), and the message it sends its parent."""

    unary: Tables  # the unary tables it was run with (every variable's, not only the component's)
    local: Tables
    up: Tables
    messages: dict[int, np.ndarray]


def _upward(net: RuleNetwork, component: Component, ring: Semiring, unary: Tables, factors: Tables,
            reuse: Pass | None = None) -> Pass:
    """`reuse`: an earlier pass over the same factor tables; a bag whose subtree's unaries are the
    same objects or equal arrays keeps that pass's tables (a pick changes one slot's mask, so only
    the bags on its way to the root are recombined)."""
    bags = component.bags
    up: list[np.ndarray] = [np.empty(0)] * len(bags)
    local: list[np.ndarray] = [np.empty(0)] * len(bags)
    messages: dict[int, np.ndarray] = {}
    clean = [False] * len(bags)
    for i in reversed(range(len(bags))):
        bag = bags[i]
        if reuse is not None and all(clean[c] for c in bag.children) and all(
                unary[v] is reuse.unary[v] or np.array_equal(unary[v], reuse.unary[v]) for v in bag.unaries):
            clean[i] = True
            local[i], up[i] = reuse.local[i], reuse.up[i]
            if bag.parent is not None:
                messages[i] = reuse.messages[i]
            continue
        local[i] = table = _local(net, bag, ring, unary, factors)
        for c in bag.children:
            table = ring.combine(table, _expand(messages[c], bags[c].separator(bag), bag.variables))
        up[i] = table
        if bag.parent is not None:
            messages[i] = _message(table, bag, bag.separator(bags[bag.parent]), ring)
    return Pass(unary, local, up, messages)


@dataclass(frozen=True)
class Calibrated:
    """After the downward pass: per bag, its belief (everything combined), and what comes into it
    from its parent and from its children (None: nothing, the ring's one)."""

    ring: Semiring
    beliefs: Tables
    above: list[np.ndarray | None]
    below: list[np.ndarray | None]

    def incoming(self, bag: int) -> np.ndarray:
        """Every message into the bag combined: its belief without its own factors."""
        found = _times(self.ring, self.above[bag], self.below[bag])
        return np.asarray(self.ring.one, dtype=self.ring.dtype) if found is None else found


def _calibrate(net: RuleNetwork, component: Component, ring: Semiring, upward: Pass) -> Calibrated:
    bags = component.bags
    from_children = upward.messages  # what each bag sent its parent on the way up
    from_parent: dict[int, np.ndarray] = {}
    aboves: list[np.ndarray | None] = [None] * len(bags)
    belows: list[np.ndarray | None] = [None] * len(bags)
    beliefs: list[np.ndarray] = [np.empty(0)] * len(bags)
    for i, bag in enumerate(bags):
        above = None
        if bag.parent is not None:
            above = _expand(from_parent[i], bag.separator(bags[bag.parent]), bag.variables)
        kids = [_expand(from_children[c], bags[c].separator(bag), bag.variables) for c in bag.children]
        # What each child hears: everything but its own message (prefix and suffix combinations).
        prefix: list[np.ndarray | None] = [None]
        for kid in kids:
            prefix.append(_times(ring, prefix[-1], kid))
        suffix: list[np.ndarray | None] = [None]
        for kid in reversed(kids):
            suffix.append(_times(ring, suffix[-1], kid))
        suffix.reverse()
        mine = _times(ring, upward.local[i], above)
        assert mine is not None
        for j, c in enumerate(bag.children):
            rest = _times(ring, _times(ring, mine, prefix[j]), suffix[j + 1])
            assert rest is not None
            from_parent[c] = _message(rest, bag, bags[c].separator(bag), ring)
        aboves[i], belows[i] = above, prefix[-1]
        belief = _times(ring, mine, prefix[-1])  # one bag-sized combination, not two
        assert belief is not None
        beliefs[i] = belief
    return Calibrated(ring, beliefs, aboves, belows)


def _times(ring: Semiring, a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """Combine, with None for the ring's one: combining with it would copy a whole bag table."""
    if a is None:
        return b
    if b is None:
        return a
    return ring.combine(a, b)


def _decode(net: RuleNetwork, component: Component, up: Tables) -> dict[str, str | None]:
    """The argmin assignment, top-down: each bag's best entry given its separator's values."""
    chosen: dict[int, int] = {}
    for i, bag in enumerate(component.bags):
        index = tuple(chosen[v] if v in chosen else slice(None) for v in bag.variables)
        sliced = up[i][index]
        free = [v for v in bag.variables if v not in chosen]
        if free:
            best = np.unravel_index(int(np.argmin(sliced)), sliced.shape)
            chosen.update((v, int(at)) for v, at in zip(free, best, strict=True))
    out: dict[str, str | None] = {}
    for v, position in chosen.items():
        var = net.variables[v]
        out[var.slot] = var.code_at(position)
    return out


def _count(net: RuleNetwork, component: Component, masks: list[np.ndarray], tables: list[np.ndarray]) -> int:
    """In int64 while the product of the domains fits; past it, one int64 pass per prime modulus
    and the count rebuilt by CRT; past a few moduli, Python ints (object arrays), which measured
    faster than twenty modular passes (a 300-slot network counted to 10^161: 9 s against 41 s)."""
    ceiling = int(np.prod([net.variables[v].size for v in component.home], dtype=object))
    if ceiling < 1 << 62:
        up = _upward(net, component, counting(np.int64), [m.astype(np.int64) for m in masks],
                     [t.astype(np.int64) for t in tables]).up
        return int(up[0].sum())
    moduli = moduli_for(ceiling)
    if len(moduli) > MAX_MODULI:
        up = _upward(net, component, counting(object), [m.astype(object) for m in masks],
                     [t.astype(object) for t in tables]).up
        return int(up[0].sum())
    unary = [m.astype(np.int64) for m in masks]
    factors = [t.astype(np.int64) for t in tables]
    residues = []
    for m in moduli:
        up = _upward(net, component, modular(m), unary, factors).up
        residues.append(int(up[0].sum() % m))
    return rebuild(residues, moduli)
