"""Count a rule network's assignments exactly, for a batch of hub contexts at once.

One (+, ×) upward pass per component. Each bag picks its integer type from a bound on what its
tables can hold: an entry of a bag's upward table counts assignments of the variables below the
bag, so it is at most the product of how many values the request leaves each of them; a message
also sums over the bag's own variables outside the separator. Where that bound is below 2^62 the
bag counts in int64 (most bags: a subtree of a few dozen slots), elsewhere in Python ints (object
arrays, only the bags near the root of a large network). Never floats, so never rounded.
"""

from __future__ import annotations

import math

import numpy as np

from solver.rulenet import Component, RuleNetwork
from solver.rulenet_passes import Tables, expand, in_parent, reduce_over, reorder

INT64_BITS = 62  # below 2^62, with a bit to spare for the rounding of the log2 bound itself


def _beneath(component: Component) -> list[set[int]]:
    """Per bag, the variables in its subtree that are not in the bag itself."""
    bags = component.bags
    below: list[set[int]] = [set() for _ in bags]
    for i in reversed(range(len(bags))):
        for c in bags[i].children:
            below[i] |= below[c] | (set(bags[c].variables) - set(bags[i].variables))
    return below


def count_component(net: RuleNetwork, component: Component, allowed: Tables, masks: list[np.ndarray],
                    contexts: int) -> list[int]:
    """Per context, the assignments of the component's variables within `masks` that every
    factor allows (`allowed`: per bag, as `rulenet_passes.bag_allowed` builds it)."""
    bags = component.bags
    bits = [math.log2(max(int(m.sum()), 1)) for m in masks]
    full = [bool(m.all()) for m in masks]
    below = _beneath(component)
    messages: dict[int, np.ndarray] = {}
    table: np.ndarray = np.empty(0)
    for i in reversed(range(len(bags))):
        bag = bags[i]
        local = allowed[i]
        for v in bag.unaries:  # each mask once, at its variable's home bag; all-true ones change nothing
            if not full[v]:
                local = np.logical_and(local, expand(masks[v][None], (v,), bag.variables))
        wide = sum(bits[v] for v in below[i]) >= INT64_BITS
        table = local.astype(object) if wide else local
        for c in bag.children:
            kid = expand(messages[c], in_parent(component, c), bag.variables)
            table = table * (kid.astype(object) if wide else kid)  # bool x int64: int64
        if table.dtype == bool:
            table = table.astype(np.int64)
        if bag.parent is not None:
            keep = bag.separator(bags[bag.parent])
            own = sum(bits[v] for v in bag.variables if v not in keep)
            kept = [True, *(v in keep for v in bag.variables)]
            if not wide and sum(bits[v] for v in below[i]) + own >= INT64_BITS:
                table = table.astype(object)  # the sum may pass int64 where the products did not
            shape = [table.shape[0], *(table.shape[1 + j] for j, v in enumerate(bag.variables) if v in keep)]
            summed = table if all(kept) else reduce_over(np.add, table, kept).reshape(shape)
            messages[i] = reorder(summed, keep, in_parent(component, i))
    root = table.reshape(table.shape[0], -1)
    if root.dtype != object:
        root = root.astype(object)  # the total sums the whole network: Python ints
    totals = [int(n) for n in np.sum(root, axis=1)]
    return totals * contexts if len(totals) == 1 else totals
