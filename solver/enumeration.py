"""enumerate(): valid assemblies in a stable order — total price, then SKUs slot by slot.

Best-first search over the style's slots in order. A node is a prefix of choices; its key is
(the cheapest total of any completion, the prefix). Child keys come from the parent's exact
marginals, so a key is never above its node's true cheapest completion and never below its
parent's: complete assemblies leave the queue in exactly the (price, SKUs) order. A child
whose cheapest total is not yet known (a slot left empty) enters with its parent's total and
is re-queued once solved. A multi-charm slot is filled one charm at a time, in SKU order.
"""

from __future__ import annotations

import base64
import heapq
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from catalog.exceptions import FieldError, ValidationFailed
from catalog.model import Catalog
from catalog.rules import FONT_SLOT
from catalog.styles import Style
from catalog.types import SlotKind
from solver.assembly import Assembly, Choice
from solver.hub import INF
from solver.hubnet import network
from solver.hubs import Deadline
from solver.paging import Searches, Suspended
from solver.request import Request, SlotPick
from solver.solve import SpaceCache, SpaceSolution, solve_space

Key = tuple[int, Choice]


@dataclass(order=True)
class _Node:
    price: float
    prefix: Choice
    known: bool = field(compare=False)  # is `price` the exact cheapest completion?
    depth: int = field(compare=False)  # slots decided so far
    open_set: bool = field(compare=False, default=False)  # the slot at `depth` is being filled
    # Lazy siblings: the children after this one, in heap order, pushed only when this one
    # leaves the queue (a charm slot has thousands of candidates; a page reads a few).
    later: Siblings | None = field(compare=False, default=None)


@dataclass
class Siblings:
    """Children of one node that differ only in the last value, in (total, value) order."""

    prefix: Choice  # the choices before the slot
    slot: str
    chosen: tuple[str, ...]  # values already in the slot (a set being filled)
    depth: int
    open_set: bool
    candidates: Candidates
    known: bool  # is a candidate's total its node's exact cheapest completion?
    at: int = 0

    def node(self, i: int) -> _Node:
        total, value = float(self.candidates.totals[i]), str(self.candidates.values[i])
        return _Node(total, (*self.prefix, (self.slot, (*self.chosen, value))), self.known, self.depth,
                     self.open_set, self if i + 1 < len(self.candidates.totals) else None)


@dataclass(frozen=True)
class Candidates:
    """A slot's members with a finite total, in (total, SKU) order, as arrays: a charm slot has
    thousands, and a page reads a few of them (sorting and filtering them as Python tuples was
    ~10 % of a page at 10^4 parts)."""

    totals: np.ndarray
    values: np.ndarray  # SKUs (numpy strings: compared and sorted as Python compares str)

    @classmethod
    def of(cls, skus: list[str] | np.ndarray, totals: list[float] | np.ndarray) -> Candidates:
        total = np.asarray(totals, dtype=float)
        value = np.asarray(skus, dtype=str)
        finite = total < INF
        total, value = total[finite], value[finite]
        order = np.lexsort((value, total))
        return cls(total[order], value[order])

    def after(self, last: str, taken: set[str]) -> Candidates:
        """Those whose SKU sorts after `last` and is not `taken` (a set is filled in SKU order)."""
        keep = self.values > last
        for sku in taken:
            keep &= self.values != sku
        return Candidates(self.totals[keep], self.values[keep])


def encode_cursor(key: Key) -> str:
    return base64.urlsafe_b64encode(json.dumps([key[0], [[s, list(v)] for s, v in key[1]]]).encode()).decode()


def decode_cursor(cursor: str) -> Key:
    try:
        price, choice = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return int(price), tuple((str(s), tuple(str(x) for x in v)) for s, v in choice)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed("bad cursor", errors=[FieldError("after", "invalid_cursor",
                                                                 "the cursor is not one this API issued")]) from exc


class Enumerator:
    def __init__(self, cache: SpaceCache, catalog: Catalog, style: Style, request: Request,
                 deadline: Deadline) -> None:
        self.cache, self.catalog, self.style, self.request = cache, catalog, style, request
        self.deadline = deadline
        self.slots = list(style.slots)
        self.ring_of = {(j.b if j.a == style.carrier.name else j.a): j.ring for j in style.joins if j.ring}
        self.joined_by = {ring: joined for joined, ring in self.ring_of.items()}
        self.complete = True

    # --- requests for prefixes ---------------------------------------------------------------

    def _request(self, prefix: Choice, open_set: bool) -> Request | None:
        """The user's request with the prefix's choices as exact picks (None: it breaks a pick)."""
        picks = {p.slot: p for p in self.request.picks}
        for i, (slot, values) in enumerate(prefix):
            kind = self.style.slot(slot).kind
            is_open = open_set and i == len(prefix) - 1
            if kind is SlotKind.OPTION:
                keep = picks.get(slot)
                picks[slot] = SlotPick(slot=slot, option=values[0]) if values else SlotPick(slot=slot, exact=True)
                if keep is not None and keep.filters:
                    picks[slot] = picks[slot].model_copy(update={"filters": keep.filters})
                continue
            user = picks.get(slot)
            if user and not is_open and not set(user.skus) <= set(values):
                return None
            if user and user.exact and not set(values) <= set(user.skus):
                return None  # the shopper fixed this slot's contents exactly
            skus = tuple(sorted(set(values) | (set(user.skus) if user and is_open else set())))
            exact = not is_open or bool(user and user.exact)
            picks[slot] = SlotPick(slot=slot, skus=skus, exact=exact, filters=user.filters if user else ())
        return self.request.model_copy(update={"picks": tuple(picks.values()), "budget_cents": None})

    def _solve(self, prefix: Choice, open_set: bool, depth: int) -> SpaceSolution:
        """The prefix's space solved for what the search reads of it: the cheapest total, and
        the offers of the slot at `depth` (its children), none once every slot is decided."""
        request = self._request(prefix, open_set)
        if request is None:
            return SpaceSolution(self.cache.get(self.catalog, self.style, self.request, self.deadline))
        space = self.cache.get(self.catalog, self.style, request, self.deadline)
        if depth == len(self.slots):
            return solve_space(space, self.deadline, collect=False)
        return solve_space(space, self.deadline, only=self.slots[depth].name)

    # --- the search ----------------------------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[int, Assembly]]:
        budget = self.request.budget_cents
        queue: list[_Node] = [_Node(0.0, (), False, 0)]
        while queue:
            if self.deadline.check():
                self.complete = False
                return
            node = heapq.heappop(queue)
            if budget is not None and node.price > budget:
                return
            if node.later is not None:  # its next sibling can now be the queue's least
                node.later.at += 1
                heapq.heappush(queue, node.later.node(node.later.at))
            solution: SpaceSolution | None = None
            if not node.known:
                solution = self._solve(node.prefix, node.open_set, node.depth)
                if solution.total >= INF:
                    continue
                if solution.total > node.price:
                    heapq.heappush(queue, _Node(solution.total, node.prefix, True, node.depth, node.open_set))
                    continue
            if node.depth == len(self.slots):
                yield int(node.price), Assembly(self.style.id, node.prefix)
                continue
            free = self._free_options.get(self.slots[node.depth].name) if solution is None else None
            if free is not None:
                for child in _free_children(node, self.slots[node.depth].name, free):
                    heapq.heappush(queue, child)
                continue
            if solution is None:
                solution = self._solve(node.prefix, node.open_set, node.depth)
            for child in self._children(node, solution):
                heapq.heappush(queue, child)

    @cached_property
    def _free_options(self) -> dict[str, list[tuple[str | None, int]]]:
        """Option slots no rule reads (alone in the compiled network, not the font): their value
        adds its price to a piece and constrains nothing else, so a node's children there are its
        exact total less the slot's cheapest choice plus each choice's price, with no solve (the
        last slot of a necklace was a fifth of page 1's solves). Per slot, the choices the request
        allows (None: left out) with their prices."""
        space = self.cache.get(self.catalog, self.style, self.request, self.deadline)
        net = network(space)
        out: dict[str, list[tuple[str | None, int]]] = {}
        for component in net.components:
            if len(component.bags) != 1 or component.bags[0].factors or len(component.bags[0].variables) != 1:
                continue
            name = net.variables[component.bags[0].variables[0]].slot
            pick = self.request.pick(name)
            if name == FONT_SLOT or (pick is not None and (pick.filters or pick.exact)):
                continue
            choices: list[tuple[str | None, int]] = list(space.option_values[name])
            if not space.option_required(name):
                choices.append((None, 0))
            out[name] = choices
        return out

    def _children(self, node: _Node, solution: SpaceSolution) -> Iterator[_Node]:
        slot = self.slots[node.depth]
        name = slot.name
        prefix = node.prefix
        if slot.kind is SlotKind.OPTION:
            offers = solution.marginals.get(name)
            for index, value in enumerate(slot.values):
                total = INF if offers is None else float(offers[index])
                if total < INF:
                    yield _Node(total, (*prefix, (name, (value.code,))), True, node.depth + 1)
            if not solution.space.option_required(name):
                yield _Node(node.price, (*prefix, (name, ())), False, node.depth + 1)
            return
        if name in self.joined_by:
            joined = dict(prefix).get(self.joined_by[name], ())
            if not joined:
                yield _Node(node.price, (*prefix, (name, ())), True, node.depth + 1)
                return
        if slot.multi:
            yield from self._set_children(node, solution)
            return
        candidates = self._candidates(solution, name)
        if len(candidates.totals):
            yield Siblings(prefix, name, (), node.depth + 1, False, candidates, True).node(0)
        if slot.min_count == 0 and name not in self.joined_by:
            yield _Node(node.price, (*prefix, (name, ())), False, node.depth + 1)

    def _set_children(self, node: _Node, solution: SpaceSolution) -> Iterator[_Node]:
        name = self.slots[node.depth].name
        if node.open_set:
            chosen = node.prefix[-1][1]
            base = node.prefix[:-1]
        else:
            chosen = ()
            base = node.prefix
        # Close the set here (the search checks the minimum and the user's picks when solving).
        yield _Node(node.price, (*base, (name, chosen)), False, node.depth + 1)
        last = chosen[-1] if chosen else ""
        if len(chosen) >= self.slots[node.depth].max_count:
            return
        taken = set(chosen)
        candidates = self._candidates(solution, name).after(last, taken)
        if len(candidates.totals):
            # Not known: an open set's total is re-solved when it leaves the queue.
            yield Siblings(base, name, chosen, node.depth, True, candidates, False).node(0)

    def _candidates(self, solution: SpaceSolution, slot: str) -> Candidates:
        """Every member of the slot with a finite total, (total, SKU) ascending: the order in
        which their children leave the queue."""
        if slot in solution.members:
            return Candidates.of(*solution.class_member_totals(slot))
        return Candidates.of(solution.space.class_member_skus(slot), solution.class_member_array(slot))


def _free_children(node: _Node, slot: str, choices: list[tuple[str | None, int]]) -> Iterator[_Node]:
    """A free option slot's children (see Enumerator._free_options), every total exact."""
    if not choices:
        return
    cheapest = min(price for _, price in choices)
    for code, price in choices:
        yield _Node(node.price - cheapest + price, (*node.prefix, (slot, (code,) if code is not None else ())), True,
                    node.depth + 1)


def enumerate_page(cache: SpaceCache, catalog: Catalog, style: Style, request: Request, first: int,
                   after: str | None, deadline: Deadline,
                   searches: Searches | None = None) -> tuple[list[tuple[int, Assembly]], bool, bool]:
    """Up to `first` assemblies after the cursor; whether more follow; whether the walk was complete.
    With `searches`, a search suspended at this cursor resumes, and this one is kept for the next."""
    start: Key | None = decode_cursor(after) if after else None
    request_key = request.model_dump_json()
    resumed = searches.take((style.id, request_key, after)) if searches is not None and after else None
    if resumed is not None:
        search, walk, pending = resumed.search, resumed.walk, resumed.pending
        search.deadline = deadline  # this page's budget, not the first page's
    else:
        search = Enumerator(cache, catalog, style, request, deadline)
        walk, pending = iter(search), None
    out: list[tuple[int, Assembly]] = []
    more = False
    for price, assembly in itertools.chain([pending] if pending else [], walk):
        if start is not None and (price, assembly.choice) <= start:
            continue
        if len(out) == first:
            more, pending = True, (price, assembly)
            break
        out.append((price, assembly))
    if searches is not None and more and out and search.complete:
        cursor = encode_cursor((out[-1][0], out[-1][1].choice))
        searches.keep((style.id, request_key, cursor), Suspended(search, walk, pending))
    return out, more, search.complete


def count_by_enumeration(cache: SpaceCache, catalog: Catalog, style: Style, request: Request,
                         deadline: Deadline) -> tuple[int, bool]:
    """Count within a budget by walking assemblies in price order up to it."""
    search = Enumerator(cache, catalog, style, request, deadline)
    return sum(1 for _ in search), search.complete
