"""Compile the merchandiser rules over option slots into a tree decomposition (DESIGN §6).

Option slots that rules tie only to each other, to the chain or to the plating form a rule
network: a variable per option slot (its values, plus "left out" when the slot may be empty),
a table per rule between two of them, and *context* rules that read the chain, the plating or an
option a hub fixes. The network is compiled once per space into a tree decomposition (min-fill
bags, networkx); `solver.rulenet_eval` answers a batch of hub contexts with one upward and one
downward pass per semiring (the contexts a leading array axis), so a style with hundreds of
ruled option slots costs time linear in the decomposition's size instead of one hub per
combination of their values.

Option slots that a rule ties to a clasp, extender, ring or charm stay hub options: the hub fixes
their value and filters those parts by it. Tables over two parts or more sort into `lifted` and
`lifted_filters` (solver.lifting).
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

import networkx as nx
import numpy as np
from networkx.algorithms.approximation import treewidth_min_fill_in

from catalog.compat import ANCHOR_KINDS, AttributeRef, CompatibilityRule
from catalog.styles import Style
from catalog.types import SlotKind

# Bags past this many table entries would not answer a click quickly, or at all: the space says so.
MAX_BAG_ENTRIES = 1 << 22

LEFT_OUT = 0  # domain index 0 of an optional slot: it holds nothing (a required slot has no such entry)


@dataclass(frozen=True)
class NetVariable:
    slot: str
    codes: tuple[str, ...]  # the style's values, in the style's order
    prices: tuple[int, ...]  # per code, in cents
    optional: bool  # the style lets the slot be left out: its domain starts with LEFT_OUT

    @property
    def offset(self) -> int:
        """The domain index of the first code."""
        return 1 if self.optional else 0

    @property
    def size(self) -> int:
        return len(self.codes) + self.offset

    def costs(self) -> np.ndarray:
        return np.array(((0,) if self.optional else ()) + self.prices, dtype=np.float64)

    def code_at(self, index: int) -> str | None:
        return None if self.optional and index == LEFT_OUT else self.codes[index - self.offset]


@dataclass(frozen=True)
class Factor:
    """A rule over network variables (`variables`, sorted) and, per column, either a variable's
    position in `variables` or a reference the hub fixes (chain, plating, hub option)."""

    rule: CompatibilityRule
    variables: tuple[int, ...]
    columns: tuple[int | AttributeRef, ...]

    @property
    def context(self) -> tuple[AttributeRef, ...]:
        return tuple(c for c in self.columns if isinstance(c, AttributeRef))


@dataclass(frozen=True)
class Bag:
    variables: tuple[int, ...]  # those its parent lacks (sorted), then its separator (in the parent's order)
    parent: int | None  # index into the component's bags
    children: tuple[int, ...]
    factors: tuple[int, ...]  # Factor indices placed here
    unaries: tuple[int, ...]  # variables whose own costs and masks are placed here

    def separator(self, parent: Bag) -> tuple[int, ...]:
        return tuple(v for v in self.variables if v in parent.variables)


@dataclass(frozen=True)
class Component:
    """One connected part of the network: bags in breadth-first order from the root (bag 0)."""

    bags: tuple[Bag, ...]
    home: dict[int, int]  # variable -> the bag whose belief gives its marginal


@dataclass(frozen=True)
class RuleNetwork:
    variables: tuple[NetVariable, ...]
    index: dict[str, int]
    factors: tuple[Factor, ...]
    components: tuple[Component, ...]
    context: tuple[AttributeRef, ...]  # every distinct reference the factors read of the hub
    width: int  # largest bag, in variables
    table_entries: int  # sum of bag table sizes: the compiled size reported per style

    @cached_property
    def fits(self) -> bool:
        # Read by every walk; summing ~300 bags' entries cost 3 ms per answer on the stress style.
        return all(_entries(self, bag) <= MAX_BAG_ENTRIES for c in self.components for bag in c.bags)


def hub_option_slots(style: Style, rules: tuple[CompatibilityRule, ...]) -> list[str]:
    """Option slots a rule reads together with a part the hub does not fix (clasp, extender, ring,
    charm): the hub fixes their values and filters those parts by them."""
    names = {s.name for s in style.slots_of(SlotKind.OPTION)}
    out: list[str] = []
    for rule in rules:
        if rule.part_kinds() and not never_fires(rule):
            for column in rule.columns:
                name = column.option_slot or ""
                if column.kind is SlotKind.OPTION and name in names and name not in out:
                    out.append(name)
    return out


@dataclass(frozen=True)
class RuleIndex:
    """The rules in force for a style, sorted by who decides them (built once per base space)."""

    hub_options: frozenset[str]  # option slots the hub fixes
    by_part_kind: dict[SlotKind, tuple[CompatibilityRule, ...]]  # anchors plus parts of this one kind
    ends: tuple[CompatibilityRule, ...]  # anchors plus one clasp and one extender column
    hub: tuple[CompatibilityRule, ...]  # chain, plating and hub options only: Hub.valid decides them
    charms: tuple[CompatibilityRule, ...]  # counting rules and charm × charm tables, lifted columns
    # and all (solver.charm_rules)
    chain_attributes: tuple[str, ...]  # what the rules read of the chain
    # Tables that read two parts or more (solver.lifting): the kinds whose slots the hub fixes,
    # with the attributes read and the (table, column) pairs that read each one.
    lifted_attributes: dict[SlotKind, tuple[str, ...]] = field(default_factory=dict)
    lifted_reads: dict[tuple[SlotKind, str], tuple[tuple[CompatibilityRule, int], ...]] = field(
        default_factory=dict)
    lifted_slots: tuple[str, ...] = ()  # the style's slots of those kinds, in style order
    lifted: tuple[CompatibilityRule, ...] = ()  # lifted slots and anchors only: Hub.valid decides them
    lifted_filters: dict[SlotKind, tuple[CompatibilityRule, ...]] = field(default_factory=dict)  # one charm
    filter_reads: dict[SlotKind, frozenset[SlotKind]] = field(default_factory=dict)  # lifted kinds they read


# Kinds a table may read beside another part by fixing their slots per hub (one part per slot).
LIFTABLE = frozenset({SlotKind.CLASP, SlotKind.EXTENDER, SlotKind.JUMP_RING})


def index_rules(style: Style, rules: tuple[CompatibilityRule, ...]) -> RuleIndex:
    hub_options = frozenset(hub_option_slots(style, rules))
    by_kind: dict[SlotKind, list[CompatibilityRule]] = {}
    ends, hub, across, charms = [], [], [], []
    for rule in rules:
        if never_fires(rule):
            continue  # whatever else it reads, a combination would use one slot twice: none exists
        if rule.on_charms:
            charms.append(rule)  # on the multiset of charms: the charm slots' signatures decide it
            continue
        kinds = rule.part_kinds()
        if len(kinds) == 1:
            by_kind.setdefault(kinds[0], []).append(rule)
        elif sorted(k.value for k in kinds) == ["clasp", "extender"]:
            ends.append(rule)  # the end pairs decide it, no lifting needed
        elif kinds:
            across.append(rule)
        elif all(c.option_slot in hub_options for c in rule.columns if c.kind is SlotKind.OPTION):
            hub.append(rule)
    # A charm × charm table that reads a clasp, extender or ring lifts every slot of that kind: the
    # charm signatures are then decided with those slots' values as more anchors (solver.charm_rules).
    beside_charms = [r for r in charms if any(c.kind in LIFTABLE for c in r.columns)]
    lifted, filters = _sort_across(style, across, {c.kind for r in beside_charms for c in r.columns} & LIFTABLE)
    reads: dict[tuple[SlotKind, str], list[tuple[CompatibilityRule, int]]] = {}
    filter_reads: dict[SlotKind, set[SlotKind]] = {}
    for rule, filtered in [*((r, None) for r in [*lifted, *beside_charms]),
                           *((r, k) for k, rs in filters.items() for r in rs)]:
        for i, column in enumerate(rule.columns):
            if column.kind in LIFTABLE and column.kind is not filtered:  # the filtered part is read as it is
                reads.setdefault((column.kind, column.attribute), []).append((rule, i))
                if filtered is not None:
                    filter_reads.setdefault(filtered, set()).add(column.kind)
    chain_attributes = tuple(dict.fromkeys(c.attribute for r in rules for c in r.columns if c.kind is SlotKind.CHAIN))
    attributes: dict[SlotKind, list[str]] = {}
    for kind, attribute in reads:
        attributes.setdefault(kind, []).append(attribute)
    return RuleIndex(hub_options, {k: tuple(v) for k, v in by_kind.items()}, tuple(ends), tuple(hub),
                     tuple(charms), chain_attributes, {k: tuple(sorted(v)) for k, v in attributes.items()},
                     {k: tuple(v) for k, v in reads.items()},
                     tuple(s.name for s in style.slots if s.kind in attributes), tuple(lifted),
                     {k: tuple(v) for k, v in filters.items()},
                     {k: frozenset(v) for k, v in filter_reads.items()})


def _sort_across(style: Style, rules: list[CompatibilityRule], already: set[SlotKind]) -> tuple[
        list[CompatibilityRule], dict[SlotKind, list[CompatibilityRule]]]:
    """Tables over two parts or more: which the hub decides on lifted slots (`Hub.valid`) and
    which filter the parts of one kind by lifted values (`Hub.admits`). A kind a table reads once
    can be filtered instead of lifted; lifting multiplies the hubs, so as few kinds are lifted as
    the tables allow: every kind a table reads twice, every kind beside a charm (charms are never
    lifted), and for each other table all its kinds but the one with the most slots. `already`:
    kinds lifted for charm × charm tables."""
    lifted_kinds: set[SlotKind] = set(already)
    pending: list[tuple[CompatibilityRule, Counter[SlotKind]]] = []
    filters: dict[SlotKind, list[CompatibilityRule]] = {}
    for rule in rules:
        counts = Counter(rule.part_kinds())
        fixed = [k for k in counts if k not in LIFTABLE]
        if len(fixed) > 1 or any(counts[k] > 1 for k in fixed):
            raise ValueError(f"rule {rule.id}: a table reads at most one charm column")
        lifted_kinds |= {k for k, n in counts.items() if n > 1}
        if fixed:
            lifted_kinds |= set(counts) - set(fixed)
            filters.setdefault(fixed[0], []).append(rule)
        else:
            pending.append((rule, counts))
    slots = Counter(s.kind for s in style.slots)
    lifted: list[CompatibilityRule] = []
    while pending:
        settled = []
        for rule, counts in pending:
            if set(counts) <= lifted_kinds:
                lifted.append(rule)  # cheaper once per hub than once per class
                settled.append(rule)
                continue
            free = [k for k, n in counts.items() if n == 1 and set(counts) - {k} <= lifted_kinds]
            if free:
                filters.setdefault(max(free, key=lambda k: (slots[k], k.value)), []).append(rule)
                settled.append(rule)
        if not settled:  # lift all kinds but one of the first table left, and go round again
            rule, counts = pending[0]
            once = [k for k, n in counts.items() if n == 1]  # non-empty: kinds read twice are lifted
            keep = max(once, key=lambda k: (slots[k], k.value))
            lifted_kinds |= set(counts) - {keep}
        pending = [(r, c) for r, c in pending if not any(r is s for s in settled)]
    return lifted, filters


def never_fires(rule: CompatibilityRule) -> bool:
    """Two columns read one anchor slot (the chain, the plating, one option slot): a combination
    would use that item twice, so none exists. Two columns of a lifted kind (two rings) may read
    two slots; `Hub.valid` skips only the combinations that use one slot twice, as check() does."""
    return any(a.same_slot(b) for i, a in enumerate(rule.columns) for b in rule.columns[i + 1:]
               if a.kind in ANCHOR_KINDS)


def compile_network(style: Style, rules: tuple[CompatibilityRule, ...]) -> RuleNetwork:
    hub_options = set(hub_option_slots(style, rules))
    variables = tuple(NetVariable(s.name, tuple(v.code for v in s.values),
                                  tuple(v.price.amount_cents for v in s.values), s.min_count == 0)
                      for s in style.slots_of(SlotKind.OPTION) if s.name not in hub_options)
    index = {v.slot: i for i, v in enumerate(variables)}
    factors: list[Factor] = []
    for rule in rules:
        if rule.part_kinds() or never_fires(rule):
            continue  # the hub decides rules over parts (and their option columns are hub options)
        at = [index.get(c.option_slot or "") if c.kind is SlotKind.OPTION else None for c in rule.columns]
        mine = tuple(sorted({v for v in at if v is not None}))
        if not mine:
            continue  # chain, plating and hub options only: Hub.valid checks it
        columns = tuple(mine.index(v) if v is not None else c for v, c in zip(at, rule.columns, strict=True))
        factors.append(Factor(rule, mine, columns))
    components = _decompose(variables, factors)
    width = max((len(b.variables) for c in components for b in c.bags), default=0)
    context = tuple(dict.fromkeys(ref for f in factors for ref in f.context))
    net = RuleNetwork(variables, index, tuple(factors), components, context, width, 0)
    entries = sum(_entries(net, bag) for c in components for bag in c.bags)
    return RuleNetwork(variables, index, tuple(factors), components, context, width, entries)


def factor_table(net: RuleNetwork, factor: Factor, context: tuple[Any, ...], unfixed: Any) -> np.ndarray:
    """allowed[domain of each variable, in `factor.variables` order] under the hub's values for the
    factor's context columns (`unfixed`: the hub holds nothing there, so the rule does not apply)."""
    variables = [net.variables[v] for v in factor.variables]
    allowed = np.ones(tuple(var.size for var in variables), dtype=bool)  # a slot left out: rules do not apply
    if any(value is unfixed for value in context):
        return allowed
    # rule.permits for every combination at once: per column, which rows each of its values
    # matches (the rule's own row index); a combination is listed when one row matches in
    # every column.
    rule = factor.rule
    given = iter(context)
    axes: list[list[Any]] = []  # per column: its values, one per variable domain entry (one if fixed)
    for column in factor.columns:
        axes.append(list(variables[column].codes) if isinstance(column, int) else [next(given)])
    rows = len(rule.rows)
    listed = np.ones((*(len(a) for a in axes), rows), dtype=bool)
    for c, values in enumerate(axes):
        matches = np.zeros((len(values), rows), dtype=bool)
        for i, value in enumerate(values):
            matches[i, list(rule.rows_matching(c, value))] = True
        shape = [1] * len(axes) + [rows]
        shape[c] = len(values)
        listed &= matches.reshape(shape)
    found: np.ndarray = np.asarray(listed.any(axis=-1))
    if rule.mode == "forbidden":
        permitted = ~found
    else:
        mentioned = np.array([bool(rule.rows_matching(0, v)) for v in axes[0]], dtype=bool)
        permitted = found | ~mentioned.reshape([len(axes[0])] + [1] * (len(axes) - 1))
    # Columns to variables: each variable is read by one column here (never_fires rules are
    # not compiled), in `factor.variables` order.
    order = [c for c, column in enumerate(factor.columns) if isinstance(column, int)]
    order.sort(key=lambda c: int(cast(int, factor.columns[c])))
    fixed = tuple(0 if not isinstance(column, int) else slice(None) for column in factor.columns)
    table = np.asarray(permitted[fixed]).transpose([sorted(order).index(c) for c in order])
    allowed[tuple(slice(var.offset, None) for var in variables)] = table
    return allowed


def _entries(net: RuleNetwork, bag: Bag) -> int:
    return int(np.prod([net.variables[v].size for v in bag.variables], dtype=object))


def _decompose(variables: tuple[NetVariable, ...], factors: list[Factor]) -> tuple[Component, ...]:
    graph = nx.Graph()
    graph.add_nodes_from(range(len(variables)))
    for factor in factors:
        graph.add_edges_from(itertools.combinations(factor.variables, 2))
    out = []
    for nodes in sorted(nx.connected_components(graph), key=min):
        sub = graph.subgraph(nodes)
        if sub.number_of_nodes() == 1:
            tree = nx.Graph()
            tree.add_node(frozenset(nodes))
        else:
            _, tree = treewidth_min_fill_in(sub)
        out.append(_component(tree, {i: f for i, f in enumerate(factors) if f.variables[0] in nodes}))
    return tuple(out)


def _component(tree: nx.Graph, factors: dict[int, Factor]) -> Component:
    root = max(tree.nodes, key=lambda b: (len(b), sorted(b)))
    order = [root, *(v for _, v in nx.bfs_edges(tree, root))]
    position = {bag: i for i, bag in enumerate(order)}
    parent: dict[int, int | None] = {0: None}
    for u, v in nx.bfs_edges(tree, root):
        parent[position[v]] = position[u]
    placed: dict[int, list[int]] = {i: [] for i in range(len(order))}
    holding: dict[int, list[int]] = {}  # variable -> the bags holding it, in breadth-first order
    for i, bag in enumerate(order):
        for v in bag:
            holding.setdefault(v, []).append(i)
    for f_index, factor in sorted(factors.items()):
        # The first bag holding every variable of the factor: among those holding its first one.
        home = next(i for i in holding[factor.variables[0]] if order[i].issuperset(factor.variables))
        placed[home].append(f_index)
    home_of: dict[int, int] = {}
    for i, bag in enumerate(order):
        for v in sorted(bag):
            home_of.setdefault(v, i)
    bags: list[Bag] = []
    for i, bag in enumerate(order):
        children = tuple(j for j, p in parent.items() if p == i)
        unaries = tuple(v for v, h in home_of.items() if h == i)
        # The variables the parent lacks first, the separator last: the parent's message then
        # broadcasts over the outer axes and the message to it reduces them, both over long
        # contiguous runs (numpy broadcasting over a short last axis runs some five times slower).
        # The separator in the parent's own order: messages either way are then laid out alike,
        # and passing one is a reshape, never a transposed copy.
        up = parent[i]
        above = bags[up].variables if up is not None else ()
        variables = (*sorted(bag - set(above)), *(v for v in above if v in bag))
        bags.append(Bag(variables, parent[i], children, tuple(placed[i]), unaries))
    return Component(tuple(bags), home_of)
