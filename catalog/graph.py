"""The component graph: which parts physically fit together, over interchangeable fit classes.

Nodes are *fit classes*: parts of one kind that agree on every attribute the fit rules read
(openings, wires, gate, clip range, thread; a charm's weight only up to which rings can carry it).
Such parts are interchangeable for fit and differ only in SKU, metal, price and stock, so the
graph is decided per class, as real catalogs have many parts per class. A node's id is its
smallest SKU; `skus` lists every member and `graph.graph["class_of"]` maps each SKU to its node.
When no two parts share a fit class, nodes are exactly the SKUs.

Edges (a MultiGraph; the key names the relation, the reference rule function in brackets):

    clasp_ring     chain end  -- ring -- clasp loop       (rules.ring_join)
    extender_ring  chain end  -- ring -- extender end     (rules.ring_join)
    charm_ring     chain body -- ring -- dangle charm     (rules.ring_join + the ring carries it)
    hook           clasp gate hooks a chain or extender   (rules.clasp_hooks)
    mount          slide/clip/screw charm on a chain      (rules.charm_mounts_directly)
    ring           a ring class -- a part class it joins in at least one of the ring relations

Ring relations carry `rings`: the ring class nodes that make the join. Platings are not nodes
(plating is decided by base metal, not fit); `compatible` answers for them from base metals.

Complexity, with n parts, C_k fit classes of kind k and R ring classes: grouping is O(n). A ring
join of classes a, b needs a ring with wire <= min(openings) - clearance, bore >= wire_a + wire_b +
clearance and load >= weight; rings are sorted by wire once and each distinct threshold triple
is answered once by a bisect plus a scan of the qualifying prefix, O(log R + R), then memoised,
so the ring relations cost O(C_chain * (C_clasp + C_extender + C_charm) + Q * R) for Q distinct
triples (few: openings and wires come in standard sizes). Hooks use chains and extenders sorted
by wire: O(C_clasp * log C + output). Nothing here ever touches ring x pair triples per SKU, and
the edge count is bounded by class pairs, not SKU pairs.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import networkx as nx

from catalog import rules
from catalog.model import Catalog
from catalog.parts import Chain, Charm, Clasp, Extender, JumpRing, PartBase, PhysicalPart, Plating
from catalog.physics import Physics
from catalog.types import Connector, PartKind

RING_RELATIONS = ("clasp_ring", "extender_ring", "charm_ring")
ATTACH_RELATIONS = frozenset({*RING_RELATIONS, "mount", "ring"})
_EPS = 1e-9


@dataclass(frozen=True)
class IsolatedPart:
    """A part that attaches to nothing in the catalog, and the first reason why."""

    sku: str
    kind: PartKind
    reason: str


def fit_key(part: PartBase, ring_loads: list[Decimal]) -> tuple[Any, ...]:
    """The attributes the fit rules read; parts with equal keys are interchangeable for fit."""
    if isinstance(part, Chain):
        return ("chain", part.end_link_inner_mm, part.link_inner_mm, part.wire_mm, part.width_mm,
                part.bail_slide, part.charm_capacity > 0, part.thread_mm)
    if isinstance(part, Clasp):
        return ("clasp", part.loop_inner_mm, part.loop_wire_mm, part.gate_opening_mm)
    if isinstance(part, Extender):
        return ("extender", part.end_link_inner_mm, part.link_wire_mm)
    if isinstance(part, JumpRing):
        return ("jump_ring", part.wire_mm, part.inner_diameter_mm, part.max_load_g)
    if isinstance(part, Charm):
        if part.connector is Connector.DANGLE:
            # Only which rings can carry it matters: the smallest ring load at or above its weight.
            i = bisect.bisect_left(ring_loads, part.weight_g)
            carried_by = ring_loads[i] if i < len(ring_loads) else None
            return ("charm", "dangle", part.loop_inner_mm, part.loop_wire_mm, carried_by)
        return ("charm", part.connector.value, part.bail_inner_mm, part.clip_min_width_mm,
                part.clip_max_width_mm, part.thread_mm)
    raise TypeError(f"{type(part).__name__} has no fit class")


class _RingIndex:
    """Ring classes sorted by wire; answers 'which rings pass W, hold D and carry L' once each."""

    def __init__(self, rings: list[tuple[str, JumpRing]], physics: Physics) -> None:
        self._rings = sorted(rings, key=lambda item: (item[1].wire_mm, item[0]))
        self._wires = [ring.wire_mm for _, ring in self._rings]
        self._physics = physics
        self._memo: dict[tuple[float, float, Decimal | None], tuple[str, ...]] = {}

    def joining(self, a: rules.Attachment, b: rules.Attachment,
                load: Decimal | None = None) -> tuple[str, ...]:
        # Same inequalities as rules.ring_passes / rules.ring_holds.
        pass_max = min(a.opening_mm, b.opening_mm) + _EPS - self._physics.ring_pass_clearance_mm
        bore_min = a.wire_mm + b.wire_mm + self._physics.ring_hold_clearance_mm - _EPS
        key = (pass_max, bore_min, load)
        found = self._memo.get(key)
        if found is None:
            end = bisect.bisect_right(self._wires, pass_max)
            found = tuple(node for node, ring in self._rings[:end]
                          if ring.inner_diameter_mm >= bore_min and (load is None or ring.max_load_g >= load))
            self._memo[key] = found
        return found


def _classes(catalog: Catalog) -> tuple[dict[str, list[PhysicalPart]], list[Decimal]]:
    physical: list[PhysicalPart] = [p for p in catalog.parts if not isinstance(p, Plating)]
    loads = sorted({p.max_load_g for p in physical if isinstance(p, JumpRing)})
    groups: dict[tuple[Any, ...], list[PhysicalPart]] = defaultdict(list)
    for part in physical:
        groups[fit_key(part, loads)].append(part)
    out: dict[str, list[PhysicalPart]] = {}
    for members in groups.values():
        members.sort(key=lambda p: p.sku)
        out[members[0].sku] = members
    return out, loads


def build_graph(catalog: Catalog, physics: Physics | None = None) -> nx.MultiGraph:
    """The fit graph of a catalog (see the module docstring for nodes, edges and complexity)."""
    physics = physics or catalog.physics
    classes, _ = _classes(catalog)
    graph = nx.MultiGraph(class_of={}, plates={}, metals={})
    for node, members in classes.items():
        rep = members[0]
        graph.add_node(node, kind=PartKind(rep.kind), skus=tuple(p.sku for p in members))
        for part in members:
            graph.graph["class_of"][part.sku] = node
            graph.graph["metals"][part.sku] = (part.base_metal, part.platable and
                                               physics.metal(part.base_metal).platable)
    for plating in catalog.parts:
        if isinstance(plating, Plating):
            graph.graph["plates"][plating.sku] = frozenset(plating.allowed_base_metals)

    def reps(kind: type[PartBase]) -> list[tuple[str, Any]]:
        return [(node, members[0]) for node, members in classes.items() if isinstance(members[0], kind)]

    chains, clasps, extenders = reps(Chain), reps(Clasp), reps(Extender)
    charms: list[tuple[str, Charm]] = reps(Charm)
    ring_index = _RingIndex(reps(JumpRing), physics)
    ring_sets: dict[str, dict[int, tuple[str, ...]]] = defaultdict(dict)

    def ring_edge(a: str, b: str, relation: str, found: tuple[str, ...]) -> None:
        if found:
            graph.add_edge(a, b, key=relation, rings=found)
            ring_sets[a][id(found)] = found  # memoised tuples are shared: dedupe by identity
            ring_sets[b][id(found)] = found

    for c_node, chain in chains:
        end, body = rules.chain_end(chain), rules.chain_body(chain)
        for node, clasp in clasps:
            ring_edge(c_node, node, "clasp_ring", ring_index.joining(end, rules.clasp_loop(clasp)))
        for node, extender in extenders:
            ring_edge(c_node, node, "extender_ring", ring_index.joining(end, rules.extender_end(extender)))
        for node, charm in charms:
            loop = rules.charm_loop(charm)
            if loop is None:
                if rules.charm_mounts_directly(charm, chain, physics) is None:
                    graph.add_edge(c_node, node, key="mount")
            elif chain.charm_capacity > 0:
                ring_edge(c_node, node, "charm_ring", ring_index.joining(body, loop, charm.weight_g))
    for node, found in ring_sets.items():
        for ring in set().union(*found.values()):
            graph.add_edge(ring, node, key="ring")
    _add_hooks(graph, clasps, chains, extenders, physics)
    return graph


def _add_hooks(graph: nx.MultiGraph, clasps: list[tuple[str, Clasp]], chains: list[tuple[str, Chain]],
               extenders: list[tuple[str, Extender]], physics: Physics) -> None:
    """Clasp gate >= link wire (+ clearance): a bisect into targets sorted by wire."""
    targets = sorted([(c.wire_mm, node) for node, c in chains]
                     + [(e.link_wire_mm, node) for node, e in extenders])
    wires = [wire for wire, _ in targets]
    for node, clasp in clasps:
        limit = clasp.gate_opening_mm + _EPS - physics.gate_clearance_mm
        for _, target in targets[: bisect.bisect_right(wires, limit)]:
            graph.add_edge(node, target, key="hook")


def node_of(graph: nx.MultiGraph, sku: str) -> str:
    """The fit-class node a SKU belongs to (KeyError for unknown SKUs and platings)."""
    node: str = graph.graph["class_of"][sku]
    return node


def compatible(graph: nx.MultiGraph, sku: str, kind: PartKind | str | None = None) -> set[str]:
    """SKUs that fit `sku` directly in some relation (symmetric), optionally of one kind.

    For a plating: the physical parts it may plate (allowed, platable base metal); a physical
    part's platings are the converse. Members of its own class are not its neighbours.
    """
    plates: dict[str, frozenset[Any]] = graph.graph["plates"]
    metals: dict[str, tuple[Any, bool]] = graph.graph["metals"]
    found: set[str] = set()
    if sku in plates:
        found = {s for s, (metal, ok) in metals.items() if ok and metal in plates[sku]}
    else:
        for neighbour in graph.neighbors(node_of(graph, sku)):
            found.update(graph.nodes[neighbour]["skus"])
        metal, ok = metals[sku]
        if ok:
            found.update(p for p, allowed in plates.items() if metal in allowed)
    found.discard(sku)
    if kind is None:
        return found
    want = PartKind(kind)
    return {s for s in found if kind_of(graph, s) is want}


def kind_of(graph: nx.MultiGraph, sku: str) -> PartKind:
    if sku in graph.graph["plates"]:
        return PartKind.PLATING
    kind: PartKind = graph.nodes[node_of(graph, sku)]["kind"]
    return kind


def rings_joining(catalog: Catalog, a_sku: str, b_sku: str, physics: Physics | None = None) -> list[str]:
    """Ring SKUs (sorted) that join a chain to a clasp, extender or dangle charm, per the rules.

    A charm's ring must also carry its weight. Pairs no style joins through a ring give [].
    """
    physics = physics or catalog.physics
    by_sku = catalog.by_sku()
    a, b = by_sku[a_sku], by_sku[b_sku]
    if isinstance(b, Chain):
        a, b = b, a
    if not isinstance(a, Chain):
        return []
    load: Decimal | None = None
    other: rules.Attachment | None
    if isinstance(b, Clasp):
        here, other = rules.chain_end(a), rules.clasp_loop(b)
    elif isinstance(b, Extender):
        here, other = rules.chain_end(a), rules.extender_end(b)
    elif isinstance(b, Charm):
        here, other, load = rules.chain_body(a), rules.charm_loop(b), b.weight_g
    else:
        return []
    if other is None:
        return []
    return sorted(
        ring.sku for ring in catalog.parts
        if isinstance(ring, JumpRing) and not rules.ring_join(ring, here, other, physics)
        and (load is None or ring.max_load_g >= load)
    )


def isolated_parts(catalog: Catalog, graph: nx.MultiGraph | None = None,
                   physics: Physics | None = None) -> list[IsolatedPart]:
    """Parts that attach to nothing: no ring join, mount or (for rings) no join they make.

    A hook alone does not count (a clasp no ring can attach is dead even if its gate closes on
    links); neither does plating. Platings are isolated when no part has a metal they may plate.
    """
    physics = physics or catalog.physics
    graph = graph if graph is not None else build_graph(catalog, physics)
    why = _Reasons(catalog, physics)
    out: list[IsolatedPart] = []
    for node, data in graph.nodes(data=True):
        if any(key in ATTACH_RELATIONS for _, _, key in graph.edges(node, keys=True)):
            continue
        reason = why.of(why.by_sku[node])
        out.extend(IsolatedPart(sku, data["kind"], reason) for sku in data["skus"])
    for sku, allowed in graph.graph["plates"].items():
        if not any(ok and metal in allowed for metal, ok in graph.graph["metals"].values()):
            names = ", ".join(sorted(m.value for m in allowed))
            reason = f"no platable part is of a metal it allows ({names})"
            out.append(IsolatedPart(sku, PartKind.PLATING, reason))
    return sorted(out, key=lambda item: item.sku)


class _Reasons:
    """The first reason in a cascade (opening, load, partner, bore) that a part attaches to nothing."""

    def __init__(self, catalog: Catalog, physics: Physics) -> None:
        self.physics = physics
        self.by_sku = catalog.by_sku()
        self.rings = sorted((p for p in catalog.parts if isinstance(p, JumpRing)), key=lambda r: r.wire_mm)
        self.chains = [p for p in catalog.parts if isinstance(p, Chain)]
        self.clasps = [p for p in catalog.parts if isinstance(p, Clasp)]

    def _passes(self, ring: JumpRing, opening_mm: float) -> bool:
        return ring.wire_mm + self.physics.ring_pass_clearance_mm <= opening_mm + _EPS

    def _ring_reason(self, own: rules.Attachment, what: str, partners: Iterable[rules.Attachment],
                     partner_name: str, load: Decimal | None = None) -> str:
        passing = [r for r in self.rings if self._passes(r, own.opening_mm)]
        if not passing:
            thinnest = f" (thinnest ring wire {self.rings[0].wire_mm} mm)" if self.rings else ""
            return f"no ring passes its {own.opening_mm} mm {what}{thinnest}"
        if load is not None:
            passing = [r for r in passing if r.max_load_g >= load]
            if not passing:
                return f"no ring that passes its {own.opening_mm} mm {what} carries its {load} g"
        if not any(self._passes(r, p.opening_mm) for p in partners for r in passing):
            return f"no ring that passes its {own.opening_mm} mm {what} also passes a {partner_name}"
        return f"no ring that passes it holds its {own.wire_mm} mm wire together with a {partner_name}'s wire"

    def of(self, part: Any) -> str:
        chain_ends = [rules.chain_end(c) for c in self.chains]
        if isinstance(part, Chain):
            loops = [rules.clasp_loop(c) for c in self.clasps]
            return self._ring_reason(rules.chain_end(part), "end link", loops, "clasp loop")
        if isinstance(part, Clasp):
            return self._ring_reason(rules.clasp_loop(part), "loop", chain_ends, "chain end link")
        if isinstance(part, Extender):
            return self._ring_reason(rules.extender_end(part), "end link", chain_ends, "chain end link")
        if isinstance(part, JumpRing):
            return (f"its {part.wire_mm} mm wire and {part.inner_diameter_mm} mm bore join no chain to a "
                    "clasp, extender or charm")
        assert isinstance(part, Charm)
        carriers = [c for c in self.chains if c.charm_capacity > 0]
        loop = rules.charm_loop(part)
        if not carriers:
            return "no chain in the catalog carries charms"
        if loop is None:
            found = (rules.charm_mounts_directly(part, c, self.physics) for c in carriers)
            first = next(v for v in found if v is not None)
            return f"it mounts on no chain ({first.message.split(': ', 1)[-1]})"
        bodies = [rules.chain_body(c) for c in carriers]
        return self._ring_reason(loop, "loop", bodies, "chain link", part.weight_g)


def summary(graph: nx.MultiGraph) -> dict[str, int]:
    """Node and edge counts per kind and relation, for logs and lint reports."""
    counts: dict[str, int] = defaultdict(int)
    for _, data in graph.nodes(data=True):
        counts[f"classes.{data['kind'].value}"] += 1
        counts[f"parts.{data['kind'].value}"] += len(data["skus"])
    for _, _, key in graph.edges(keys=True):
        counts[f"edges.{key}"] += 1
    return dict(counts)
