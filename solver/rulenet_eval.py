"""Evaluate a compiled rule network for one hub context: one pass per semiring.

- min-cost (min, +) upward and downward: the cheapest option cost, every value's cheapest
  completion (its min-marginal) and the argmin choice, decoded top-down;
- counting (+, ×) upward: the exact number of option assignments, in int64 while the product of
  the domains fits, else in Python ints (object arrays), never in floats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from solver.rulenet import LEFT_OUT, Bag, Component, RuleNetwork

INF = float("inf")
Tables = list[np.ndarray]


@dataclass(frozen=True)
class Semiring:
    dtype: Any
    one: Any
    combine: Callable[[np.ndarray, np.ndarray], np.ndarray]
    reduce: Callable[..., np.ndarray]


MIN_COST = Semiring(np.float64, 0.0, np.add, np.min)


def counting(dtype: Any) -> Semiring:
    return Semiring(dtype, 1, np.multiply, np.sum)


@dataclass(frozen=True)
class NetAnswer:
    cost: float  # the cheapest option cost, INF when no assignment satisfies the rules
    choice: dict[str, str | None]  # an assignment of that cost (None: the slot is left out)
    marginals: dict[str, np.ndarray]  # slot -> cheapest option cost with each style value (INF: none)
    count: int  # option assignments satisfying every rule

    @property
    def feasible(self) -> bool:
        return self.cost < INF


def evaluate(net: RuleNetwork, masks: list[np.ndarray], tables: list[np.ndarray]) -> NetAnswer:
    """`masks[v]`: which domain entries of variable v the request allows; `tables[f]`: which
    combinations factor f allows under the hub's context (see rulenet.factor_table)."""
    costs = [np.where(m, np.array((0, *var.prices), dtype=np.float64), INF) for var, m in zip(net.variables, masks,
                                                                                                strict=True)]
    factor_costs = [np.where(t, 0.0, INF) for t in tables]
    cost = 0.0
    choice: dict[str, str | None] = {}
    component_marginals: list[dict[int, np.ndarray]] = []
    component_costs = []
    count = 1
    for component in net.components:
        up, local = _upward(net, component, MIN_COST, costs, factor_costs)
        best = float(up[0].min())
        component_costs.append(best)
        cost += best
        if best < INF:
            choice.update(_decode(net, component, up))
            component_marginals.append(_marginals(net, component, MIN_COST, up, local))
        else:
            component_marginals.append({v: np.full(net.variables[v].size, INF) for v in component.home})
        count *= _count(net, component, masks, tables)
    marginals: dict[str, np.ndarray] = {}
    for best, found in zip(component_costs, component_marginals, strict=True):
        others = cost - best if cost < INF else INF
        for v, values in found.items():
            marginals[net.variables[v].slot] = values[1:] + others
    return NetAnswer(cost, choice if cost < INF else {}, marginals, count if cost < INF else 0)


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


def _upward(net: RuleNetwork, component: Component, ring: Semiring, unary: Tables,
            factors: Tables) -> tuple[Tables, Tables]:
    """Per bag: its own factors combined with its children's messages (`up`), and its own alone."""
    bags = component.bags
    up: list[np.ndarray] = [np.empty(0)] * len(bags)
    local: list[np.ndarray] = [np.empty(0)] * len(bags)
    messages: dict[int, np.ndarray] = {}
    for i in reversed(range(len(bags))):
        bag = bags[i]
        local[i] = table = _local(net, bag, ring, unary, factors)
        for c in bag.children:
            table = ring.combine(table, _expand(messages[c], bags[c].separator(bag), bag.variables))
        up[i] = table
        if bag.parent is not None:
            messages[i] = _message(table, bag, bag.separator(bags[bag.parent]), ring)
    return up, local


def _marginals(net: RuleNetwork, component: Component, ring: Semiring, up: Tables,
               local: Tables) -> dict[int, np.ndarray]:
    """The downward pass: each bag's belief, then each variable's marginal from its home bag."""
    bags = component.bags
    from_children = {c: _message(up[c], bags[c], bags[c].separator(bags[i]), ring)
                     for i, bag in enumerate(bags) for c in bag.children}
    from_parent: dict[int, np.ndarray] = {}
    beliefs: list[np.ndarray] = [np.empty(0)] * len(bags)
    for i, bag in enumerate(bags):
        table = local[i]
        if bag.parent is not None:
            table = ring.combine(table, _expand(from_parent[i], bag.separator(bags[bag.parent]), bag.variables))
        for c in bag.children:
            rest = table
            for other in bag.children:
                if other != c:
                    rest = ring.combine(rest, _expand(from_children[other], bags[other].separator(bag), bag.variables))
            from_parent[c] = _message(rest, bag, bags[c].separator(bag), ring)
        for c in bag.children:
            table = ring.combine(table, _expand(from_children[c], bags[c].separator(bag), bag.variables))
        beliefs[i] = table
    return {v: _message(beliefs[home], bags[home], (v,), ring) for v, home in component.home.items()}


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
        out[var.slot] = None if position == LEFT_OUT else var.codes[position - 1]
    return out


def _count(net: RuleNetwork, component: Component, masks: list[np.ndarray], tables: list[np.ndarray]) -> int:
    ceiling = int(np.prod([net.variables[v].size for v in component.home], dtype=object))
    ring = counting(np.int64 if ceiling < 1 << 62 else object)
    unary = [m.astype(ring.dtype) for m in masks]
    up, _ = _upward(net, component, ring, unary, [t.astype(ring.dtype) for t in tables])
    return int(up[0].sum())
