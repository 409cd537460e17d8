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
    EXACT_FLOAT32,
    INF,
    Calibration,
    Pass,
    Tables,
    bag_allowed,
    calibrate,
    cost_dtype,
    dearest,
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
        self.dtype, self.dearest = cost_dtype(net), dearest(net)
        unary = unary_costs(net, masks, self.dtype)
        self.passes = [upward(net, c, reuse[i].allowed if reuse else bag_allowed(net, c, tables), unary,
                              reuse[i] if reuse else None) for i, c in enumerate(net.components)]
        # Per component and context, its cheapest cost (float64: what callers add to stays exact).
        best = [p.up[0].reshape(p.up[0].shape[0], -1).min(axis=1).astype(np.float64) for p in self.passes]
        self.component_costs = np.array([np.broadcast_to(b, (self.size,)) for b in best]).reshape(-1, self.size)
        self.costs = self.component_costs.sum(axis=0)  # +inf where no assignment satisfies the rules

    @cached_property
    def counts(self) -> list[int]:
        totals = [1] * self.size
        for component, passed in zip(self.net.components, self.passes, strict=True):
            found = count_component(self.net, component, passed.allowed, self.masks, self.size)
            totals = [a * b for a, b in zip(totals, found, strict=True)]
        return totals

    def calibrated(self, at: int, base: np.ndarray) -> tuple[Calibration, float]:
        """Component `at` calibrated under `base` (per context: what the rest of the piece costs
        beside the network, +inf for a context not wanted), with every other component's
        cheapest cost added; kept per base. Returns the calibration and the amount taken off its
        start: starts are kept near zero, so float32 sums stay exact where they fit."""
        start = base + self._others(at)
        key = (at, start.tobytes())
        known: dict[tuple[int, bytes], tuple[Calibration, float]] = self.__dict__.setdefault("_calibrated", {})
        if key not in known:
            finite = start[np.isfinite(start)]
            shift = float(finite.min()) if finite.size else 0.0
            exact = finite.size == 0 or float(finite.max()) - shift + self.dearest < EXACT_FLOAT32
            relative = (start - shift).astype(self.dtype if exact else np.float64)
            known[key] = (calibrate(self.net, self.net.components[at], self.passes[at], relative), shift)
        return known[key]

    def offers(self, base: np.ndarray) -> dict[str, np.ndarray]:
        """slot -> per value, the least over contexts of `base[context]` plus the cheapest option
        cost with that value under the context (+inf: none): what a walk offers, given each
        context's lowest base (+inf for a context it never met). One downward pass per
        component for the whole batch, contexts folded in where no table below reads them."""
        out: dict[str, np.ndarray] = {}
        for at, component in enumerate(self.net.components):
            calibration, shift = self.calibrated(at, base)
            for v in component.home:
                values = calibration.marginals[v][self.net.variables[v].offset:]
                out[self.net.variables[v].slot] = values.astype(np.float64) + shift
        return out

    def free_offers(self, slot: str, base: np.ndarray) -> np.ndarray:
        """`offers` of one slot as if the request had not picked it: its own mask enters only at
        its home bag, so the other messages stand and one bag is recombined (Hadzic & Andersen)."""
        v = self.net.index[slot]
        at = next(i for i, c in enumerate(self.net.components) if v in c.home)
        component, passed = self.net.components[at], self.passes[at]
        calibration, shift = self.calibrated(at, base)
        home = component.home[v]
        bag = component.bags[home]
        unary = list(passed.unary)
        unary[v] = self.net.variables[v].costs().astype(self.dtype)
        table = local_table(self.net, bag, passed.allowed[home], unary)
        least = reduce_to(table + incoming(component, passed, calibration, home), bag, (v,)).min(axis=0)
        values: np.ndarray = least[self.net.variables[v].offset:].astype(np.float64) + shift
        return values

    def one_hot(self, context: int) -> np.ndarray:
        """The base that asks about one context alone."""
        base = np.full(self.size, INF)
        base[context] = 0.0
        return base

    def _others(self, component: int) -> np.ndarray:
        """Per context: the cheapest cost of every other component (summed, not subtracted from
        the total, which would make inf - inf)."""
        return np.delete(self.component_costs, component, axis=0).sum(axis=0)  # type: ignore[no-any-return]


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

    @cached_property
    def marginals(self) -> dict[str, np.ndarray]:
        """slot -> the cheapest option cost with each of the style's values (INF: none)."""
        return self.batch.offers(self.batch.one_hot(self.context))

    def free_marginal(self, slot: str) -> np.ndarray:
        """The slot's marginals as if the request had not picked it."""
        return self.batch.free_offers(slot, self.batch.one_hot(self.context))

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
