"""The min-cost array passes over one component of a compiled rule network, for a batch of hub
contexts at once.

Every bag table carries a leading context axis: of the batch's size when the bag or a bag below
it reads the hub's context, of size 1 when it is the same under every context (broadcasting then
shares it, so a subtree that reads no context is computed once for the whole batch).

Costs are whole cents. They are added in float32 when every finite sum the passes can form fits
its 24-bit mantissa (the sum of each slot's dearest value below 2^24), else in float64: either
way every finite entry is an exact integer, and a table's refused entries are +inf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.rulenet import Bag, Component, RuleNetwork

INF = float("inf")
Tables = list[np.ndarray]
EXACT_FLOAT32 = 1 << 24


def dearest(net: RuleNetwork) -> int:
    """The sum of each slot's dearest value: no sum of prices the passes form is larger."""
    return sum(max((abs(p) for p in v.prices), default=0) for v in net.variables)


def cost_dtype(net: RuleNetwork) -> type[np.floating]:
    """float32 when no sum of prices the passes form can reach 2^24 (float32 then adds exactly)."""
    return np.float32 if dearest(net) < EXACT_FLOAT32 else np.float64


def expand(array: np.ndarray, variables: tuple[int, ...], into: tuple[int, ...]) -> np.ndarray:
    """A table over (context, `variables`), `variables` a subset of `into` in any order, shaped
    to broadcast over (context, `into`)."""
    at = [into.index(v) for v in variables]
    if at != sorted(at):
        order = sorted(range(len(at)), key=at.__getitem__)
        # Copied in `into`'s order: numpy lays out a result like its operands (order "K"), and a
        # bag table laid out any other way would make every later reshape a copy.
        array = np.ascontiguousarray(array.transpose([0, *(1 + j for j in order)]))
        variables = tuple(variables[j] for j in order)
    shape = [array.shape[0], *(array.shape[1 + variables.index(v)] if v in variables else 1 for v in into)]
    return array.reshape(shape)


def in_parent(component: Component, at: int) -> tuple[int, ...]:
    """Bag `at`'s separator in its parent's order: the axes of the message it sends up."""
    bag = component.bags[at]
    parent = component.bags[bag.parent] if bag.parent is not None else bag
    return tuple(v for v in parent.variables if v in bag.variables)


def reorder(array: np.ndarray, have: tuple[int, ...], want: tuple[int, ...]) -> np.ndarray:
    """A message over (context, `have`) laid out over (context, `want`), the same variables:
    messages are kept in the order of the bag that reads them, so reading needs no copy."""
    if have == want:
        return array
    return np.ascontiguousarray(array.transpose([0, *(1 + have.index(v) for v in want)]))


def bag_allowed(net: RuleNetwork, component: Component, tables: list[Tables]) -> Tables:
    """Per bag: which entries all of its factors allow, per context (`tables[c][f]`: factor f's
    table under context c). A factor whose table is the same under every context enters once."""
    out = []
    for bag in component.bags:
        shape = (1, *(net.variables[v].size for v in bag.variables))
        allowed: np.ndarray | None = None
        per = {f: [t[f] for t in tables] for f in bag.factors}
        same = {f: all(p is ts[0] or np.array_equal(p, ts[0]) for p in ts[1:]) for f, ts in per.items()}
        # The shared factors first, while the table is one context wide.
        for f in sorted(bag.factors, key=lambda f: not same[f]):
            stacked = expand(per[f][0][None] if same[f] else np.stack(per[f]), net.factors[f].variables,
                             bag.variables)
            allowed = stacked if allowed is None else np.logical_and(allowed, stacked)
        if allowed is None:
            allowed = np.ones(shape, dtype=bool)
        full = np.broadcast_shapes(allowed.shape, shape)
        out.append(allowed if allowed.shape == full else np.ascontiguousarray(np.broadcast_to(allowed, full)))
    return out


def unary_costs(net: RuleNetwork, masks: list[np.ndarray], dtype: type[np.floating]) -> Tables:
    """Per variable: its values' prices where the request allows them, +inf elsewhere."""
    return [np.where(m, var.costs(), INF).astype(dtype) for var, m in zip(net.variables, masks, strict=True)]


def local_table(net: RuleNetwork, bag: Bag, allowed: np.ndarray, unary: Tables) -> np.ndarray:
    """The bag's own factors and unaries combined: one `where` over the bag, the unaries summed
    on their (small) broadcast shapes first."""
    total: np.ndarray | None = None
    for v in bag.unaries:
        part = expand(unary[v][None], (v,), bag.variables)
        total = part if total is None else total + part
    dtype = unary[0].dtype.type if unary else np.float64
    found: np.ndarray = np.where(allowed, dtype(0) if total is None else total, dtype(INF))
    return found


def reduce_to(table: np.ndarray, bag: Bag, keep: tuple[int, ...]) -> np.ndarray:
    """min over the bag's variables not in `keep` (the context axis stays), shaped (context, *keep)."""
    kept = [True, *(v in keep for v in bag.variables)]
    if all(kept):
        return table
    shape = [table.shape[0], *(table.shape[1 + i] for i, v in enumerate(bag.variables) if v in keep)]
    return reduce_over(np.minimum, table, kept).reshape(shape)


SLICED = 16  # a dropped run of at most this many entries is reduced by elementwise calls over its slices
ROW = 64  # a longer run is reduced along its axis when what follows it is at least this long


def reduce_over(ufunc: np.ufunc, table: np.ndarray, kept: list[bool]) -> np.ndarray:
    """`ufunc` (np.minimum, np.add) reduced over the axes of `table` not `kept`."""
    # numpy's reduction over scattered small axes runs 3-6 times slower than an add over the
    # table. Adjacent axes that are both kept or both dropped merge into one (a free reshape);
    # a short dropped run is then reduced by elementwise ufunc calls over its slices, a long one by
    # ufunc.reduce along that single axis (moved last first when the entries after it are few: numpy
    # reduces a middle axis over short rows some ten times slower than a contiguous last axis).
    dims: list[int] = []
    kinds: list[bool] = []
    for n, keep in zip(table.shape, kept, strict=True):
        if kinds and kinds[-1] == keep:
            dims[-1] *= n
        else:
            dims.append(n)
            kinds.append(keep)
    out = table.reshape(dims)
    # Outer runs first: their slices are the largest contiguous blocks, which numpy runs fastest.
    g = 0
    for n, keep in zip(dims, kinds, strict=True):
        if keep:
            g += 1
            continue
        if n > SLICED:
            if 1 < out[(0,) * (g + 1)].size < ROW:  # rows too short to run fast: make the run the last axis
                out = ufunc.reduce(np.ascontiguousarray(np.moveaxis(out, g, -1)), axis=-1)
            else:
                out = ufunc.reduce(out, axis=g)
            continue
        at: tuple[Any, ...] = (slice(None),) * g
        least = out[(*at, 0)].copy() if n == 1 else ufunc(out[(*at, 0)], out[(*at, 1)])
        for j in range(2, n):
            ufunc(least, out[(*at, j)], out=least)
        out = least
    return out


@dataclass(frozen=True)
class Pass:
    """One upward pass over a component: per bag which entries its factors allow (per context),
    its own factors and unaries (`local`), those combined with its children's messages (`up`),
    and the message it sends its parent."""

    allowed: Tables
    unary: Tables  # the unary costs it was run with (every variable's, not only the component's)
    local: Tables
    up: Tables
    messages: dict[int, np.ndarray]



def select(passed: Pass, rows: list[int]) -> Pass:
    """The pass over some of its batch's contexts (`rows`, in the new batch's order); a table
    shared by every context stays shared."""
    def pick(table: np.ndarray) -> np.ndarray:
        return table if table.shape[0] == 1 else table[rows]

    return Pass([pick(t) for t in passed.allowed], passed.unary, [pick(t) for t in passed.local],
                [pick(t) for t in passed.up], {i: pick(t) for i, t in passed.messages.items()})

def upward(net: RuleNetwork, component: Component, allowed: Tables, unary: Tables,
           reuse: Pass | None = None) -> Pass:
    """`reuse`: an earlier pass over the same factor tables and contexts; a bag whose subtree's
    unaries are the same objects or equal arrays keeps that pass's tables (a pick changes one
    slot's mask, so only the bags on its way to the root are recombined)."""
    bags = component.bags
    up: Tables = [np.empty(0)] * len(bags)
    local: Tables = [np.empty(0)] * len(bags)
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
        local[i] = table = local_table(net, bag, allowed[i], unary)
        for at, c in enumerate(bag.children):
            kid = expand(messages[c], in_parent(component, c), bag.variables)
            if at and np.broadcast_shapes(table.shape, kid.shape) == table.shape:
                np.add(table, kid, out=table)  # a table this pass made: no copy
            else:
                table = table + kid
        up[i] = table
        if bag.parent is not None:
            sep = bag.separator(bags[bag.parent])
            messages[i] = reorder(reduce_to(table, bag, sep), sep, in_parent(component, i))
    return Pass(allowed, unary, local, up, messages)


@dataclass(frozen=True)
class Calibration:
    """After the downward pass under a `start` (per context, what the rest of the piece costs):
    per variable homed in the component its min-marginals, the least over contexts of the start
    plus the cheapest cost with each value; per bag the message from its parent (None at the
    root). A message is exact wherever the bag's own message up is finite: where that is +inf the
    bag's belief is +inf whatever it hears, and +inf is sent (`exact_above` makes the rest)."""

    start: np.ndarray  # (contexts,), or (1,) when the component reads no context
    marginals: dict[int, np.ndarray]
    above: list[np.ndarray | None]
    exact: dict[int, np.ndarray] = field(default_factory=dict)  # exact_above's, by bag


def calibrate(net: RuleNetwork, component: Component, passed: Pass, start: np.ndarray) -> Calibration:
    """Top-down from the root, whose belief is its upward table plus `start` per context. Each
    bag's belief is its upward table plus its parent's message. What a child hears is the
    belief at each separator value less the child's own message there: that message depends on
    the separator alone, so it comes out of the minimum whole (min-sum division; sums of whole
    cents are exact, see cost_dtype). A child whose subtree reads no context hears the least over
    contexts, and its subtree is then calibrated once, not once per context. So a bag costs one
    add, and one reduction per child and per homed variable."""
    bags = component.bags
    if passed.up[0].shape[0] == 1:  # no table of the component reads the context
        start = start.min(keepdims=True)
    above: list[np.ndarray | None] = [None] * len(bags)
    marginals: dict[int, np.ndarray] = {}
    for i, bag in enumerate(bags):
        heard = above[i]
        if heard is None:
            belief = passed.up[i] + start.reshape(-1, *(1 for _ in bag.variables))
        else:
            belief = passed.up[i] + expand(heard, bag.separator(bags[bag.parent]), bag.variables)  # type: ignore[index]
        for v in bag.unaries:
            marginals[v] = reduce_to(belief, bag, (v,)).min(axis=0)
        for c in bag.children:
            above[c] = _down(component, c, belief, passed.messages[c], passed.up[c].shape[0] == 1)
    return Calibration(start, marginals, above)


def _down(component: Component, child: int, belief: np.ndarray, sent: np.ndarray, shared: bool) -> np.ndarray:
    """What `child` hears from its parent, given the parent's `belief` and the child's message
    up (`sent`, in the parent's order), in the child's order; `shared`: the child's subtree reads
    no context, so it hears the least over contexts."""
    bags = component.bags
    up = bags[child].parent
    assert up is not None  # a child has a parent
    sep = bags[child].separator(bags[up])
    heard = reduce_to(belief, bags[up], sep)
    if shared and heard.shape[0] > 1:
        heard = heard.min(axis=0, keepdims=True)
    elif heard is belief:
        heard = heard.copy()
    # Where the child sent +inf, the belief is +inf too (it holds the child's message): it stays
    # +inf, less 0 rather than less +inf (which is NaN).
    np.subtract(heard, np.where(np.isinf(sent), 0, sent), out=heard)
    return reorder(heard, in_parent(component, child), sep)


def exact_above(component: Component, passed: Pass, calibration: Calibration, at: int) -> np.ndarray:
    """What bag `at` hears from above, exact at every entry and per context: what a free
    marginal needs, whose lifted mask can make finite what the bag sent up as +inf. Made down
    the path from the root the old way (each bag's local table, what it hears from above and its
    other children's messages), once per bag. The root hears the start."""
    bags = component.bags
    path: list[int] = []  # from `at` up, the bags whose exact message is not known yet
    b = at
    while bags[b].parent is not None and b not in calibration.exact:
        path.append(b)
        b = bags[b].parent  # type: ignore[assignment]
    if b not in calibration.exact:  # the root
        calibration.exact[b] = calibration.start.reshape(-1, *(1 for _ in bags[b].variables))
    for child in reversed(path):
        up = bags[child].parent
        assert up is not None
        parent = bags[up]
        table = passed.local[up] + _into(component, up, calibration.exact[up])
        for c in parent.children:
            if c != child:
                table = table + expand(passed.messages[c], in_parent(component, c), parent.variables)
        sep = bags[child].separator(parent)
        calibration.exact[child] = reorder(reduce_to(table, parent, sep), in_parent(component, child), sep)
    return _into(component, at, calibration.exact[at])


def _into(component: Component, at: int, heard: np.ndarray) -> np.ndarray:
    """A message from above (the start at the root) shaped to broadcast over bag `at`."""
    bag = component.bags[at]
    if bag.parent is None:
        return heard
    return expand(heard, bag.separator(component.bags[bag.parent]), bag.variables)


def incoming(component: Component, passed: Pass, calibration: Calibration, at: int) -> np.ndarray:
    """Every message into bag `at` combined, exactly, the start included."""
    found = exact_above(component, passed, calibration, at)
    for c in component.bags[at].children:
        found = found + expand(passed.messages[c], in_parent(component, c), component.bags[at].variables)
    return found


def decode(net: RuleNetwork, component: Component, up: Tables, context: int) -> dict[str, str | None]:
    """The argmin assignment under one context, top-down: each bag's best entry given its
    separator's values."""
    chosen: dict[int, int] = {}
    for i, bag in enumerate(component.bags):
        table = up[i][context if up[i].shape[0] > 1 else 0]
        index = tuple(chosen[v] if v in chosen else slice(None) for v in bag.variables)
        sliced = table[index]
        free = [v for v in bag.variables if v not in chosen]
        if free:
            best = np.unravel_index(int(np.argmin(sliced)), sliced.shape)
            chosen.update((v, int(at)) for v, at in zip(free, best, strict=True))
    out: dict[str, str | None] = {}
    for v, position in chosen.items():
        var = net.variables[v]
        out[var.slot] = var.code_at(position)
    return out

