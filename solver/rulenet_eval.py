"""Evaluate a compiled rule network for a batch of hub contexts (solver.rulenet_passes): the
min-cost upward pass at once, the downward calibration (per-value min-marginals, for options)
and the exact count (solver.rulenet_count) when first asked for. `NetAnswer` is the batch seen
from one context: the cheapest cost, its argmin choice, the marginals and the count.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from solver.rulenet import RuleNetwork
from solver.rulenet_count import count_component
from solver.rulenet_passes import (
    INF,
    Calibration,
    Pass,
    Tables,
    bag_allowed,
    calibrate,
    cost_dtype,
    decode,
    incoming,
    local_table,
    reduce_to,
    unary_costs,
    upward,
)

__all__ = ["INF", "NetAnswer", "NetBatch", "Pass", "evaluate", "evaluate_batch"]


class NetBatch:
    """The network under several hub contexts, each table with a leading context axis."""

    def __init__(self, net: RuleNetwork, masks: list[np.ndarray], tables: list[Tables],
                 reuse: list[Pass] | None = None) -> None:
        self.net, self.masks, self.size = net, masks, len(tables)
        self.dtype = cost_dtype(net)
        unary = unary_costs(net, masks, self.dtype)
        self.passes = [upward(net, c, reuse[i].allowed if reuse else bag_allowed(net, c, tables), unary,
                              reuse[i] if reuse else None) for i, c in enumerate(net.components)]
        # Per component and context, its cheapest cost (float64: what callers add to stays exact).
        best = [p.up[0].reshape(p.up[0].shape[0], -1).min(axis=1).astype(np.float64) for p in self.passes]
        self.component_costs = np.array([np.broadcast_to(b, (self.size,)) for b in best]).reshape(-1, self.size)
        self.costs = self.component_costs.sum(axis=0)  # +inf where no assignment satisfies the rules

    @cached_property
    def calibrations(self) -> list[Calibration]:
        return [calibrate(self.net, c, p) for c, p in zip(self.net.components, self.passes, strict=True)]

    @cached_property
    def counts(self) -> list[int]:
        totals = [1] * self.size
        for component, passed in zip(self.net.components, self.passes, strict=True):
            found = count_component(self.net, component, passed.allowed, self.masks, self.size)
            totals = [a * b for a, b in zip(totals, found, strict=True)]
        return totals

    def free_marginal(self, slot: str) -> tuple[int, np.ndarray]:
        """Its component, and per context the slot's min-marginals with its own mask lifted (see
        NetAnswer.free_marginal), computed once for the whole batch."""
        known: dict[str, tuple[int, np.ndarray]] = self.__dict__.setdefault("_free", {})
        if slot not in known:
            v = self.net.index[slot]
            at = next(i for i, c in enumerate(self.net.components) if v in c.home)
            component, passed = self.net.components[at], self.passes[at]
            home = component.home[v]
            bag = component.bags[home]
            unary = list(passed.unary)
            unary[v] = self.net.variables[v].costs().astype(self.dtype)
            table = local_table(self.net, bag, passed.allowed[home], unary)
            found = incoming(component, passed, self.calibrations[at], home)
            known[slot] = (at, reduce_to(table if found is None else table + found, bag, (v,)))
        return known[slot]

    def offers(self, base: np.ndarray) -> dict[str, np.ndarray]:
        """slot -> per value, the least over contexts of `base[context]` plus the cheapest option
        cost with that value under the context (+inf: none): what a walk offers, given each
        context's lowest base (+inf for a context it never met). One pass per variable, however
        many contexts."""
        out: dict[str, np.ndarray] = {}
        for at, (component, calibration) in enumerate(zip(self.net.components, self.calibrations, strict=True)):
            for v in component.home:
                out[self.net.variables[v].slot] = self._least(calibration.marginals[v], v, at, base)
        return out

    def free_offers(self, slot: str, base: np.ndarray) -> np.ndarray:
        """`offers` of one slot as if the request had not picked it (see `free_marginal`)."""
        at, table = self.free_marginal(slot)
        return self._least(table, self.net.index[slot], at, base)

    def _least(self, marginals: np.ndarray, v: int, component: int, base: np.ndarray) -> np.ndarray:
        """Per value of variable v: the least over contexts of base + the other components' cost
        + its marginal (`marginals`: per context, or one row shared by all)."""
        values = marginals[:, self.net.variables[v].offset:].astype(np.float64)
        found: np.ndarray = (values + (base + self._others(component))[:, None]).min(axis=0)
        return found

    def _others(self, component: int) -> np.ndarray:
        """Per context: the cheapest cost of every other component (summed, not subtracted from
        the total, which would make inf - inf)."""
        return np.delete(self.component_costs, component, axis=0).sum(axis=0)  # type: ignore[no-any-return]

    def others(self, component: int, context: int) -> float:
        """The cheapest cost of every other component under the context."""
        return float(self._others(component)[context])


class NetAnswer:
    """The network under one hub context of a batch."""

    def __init__(self, batch: NetBatch, context: int) -> None:
        self.batch, self.context = batch, context
        self.net = batch.net
        self.cost: float = float(batch.costs[context])  # INF when no assignment satisfies the rules

    @property
    def passes(self) -> list[Pass]:
        return self.batch.passes

    @property
    def feasible(self) -> bool:
        return self.cost < INF

    @cached_property
    def choice(self) -> dict[str, str | None]:
        """An assignment of the cheapest cost (None: the slot is left out); empty when infeasible."""
        out: dict[str, str | None] = {}
        if self.cost < INF:
            for component, passed in zip(self.net.components, self.batch.passes, strict=True):
                out.update(decode(self.net, component, passed.up, self.context))
        return out

    def _row(self, table: np.ndarray) -> np.ndarray:
        row: np.ndarray = table[self.context if table.shape[0] > 1 else 0].astype(np.float64)
        return row

    @cached_property
    def marginals(self) -> dict[str, np.ndarray]:
        """slot -> the cheapest option cost with each of the style's values (INF: none)."""
        out: dict[str, np.ndarray] = {}
        for at, (component, calibration) in enumerate(zip(self.net.components, self.batch.calibrations,
                                                          strict=True)):
            others = self.batch.others(at, self.context)
            for v in component.home:
                var = self.net.variables[v]
                out[var.slot] = self._row(calibration.marginals[v])[var.offset:] + others
        return out

    def free_marginal(self, slot: str) -> np.ndarray:
        """The slot's marginals as if the request had not picked it: its own mask enters only at its
        home bag, so the other messages stand and one bag is recombined (Hadzic & Andersen)."""
        at, table = self.batch.free_marginal(slot)
        values: np.ndarray = self._row(table)[self.net.variables[self.net.index[slot]].offset:]
        return values + self.batch.others(at, self.context)

    @cached_property
    def count(self) -> int:
        """Option assignments satisfying every rule, exactly."""
        return 0 if self.cost >= INF else self.batch.counts[self.context]


def evaluate_batch(net: RuleNetwork, masks: list[np.ndarray], tables: list[Tables],
                   reuse: list[Pass] | None = None) -> list[NetAnswer]:
    """`masks[v]`: which domain entries of variable v the request allows; `tables[c][f]`: which
    combinations factor f allows under context c (see rulenet.factor_table); `reuse`: the
    passes of an earlier batch over the same contexts (`NetAnswer.passes`)."""
    batch = NetBatch(net, masks, tables, reuse)
    return [NetAnswer(batch, c) for c in range(batch.size)]


def evaluate(net: RuleNetwork, masks: list[np.ndarray], tables: Tables, reuse: list[Pass] | None = None) -> NetAnswer:
    """One context: `evaluate_batch` with a batch of one."""
    return evaluate_batch(net, masks, [tables], reuse)[0]
