"""Solve a whole space in one walk of its hubs' arrays: the best total, the best piece, every marginal."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from catalog.model import Catalog
from catalog.styles import Style
from solver.assembly import Assembly
from solver.deadline import Deadline
from solver.example import rebuild
from solver.floors import Pruning
from solver.hub import INF, Hub
from solver.hub_groups import Envelopes
from solver.hubsolve import HubResult, Marginals, offer_network
from solver.request import Preferences, Request
from solver.reuse import successor_base
from solver.reuse_answers import patched_solution
from solver.ring_charm_counts import KEY as RING_CHARM_COUNTS
from solver.space import BaseSpace, Space, base_request, compile_base, compile_space
from solver.sweep import sweep


@dataclass
class SpaceSolution:
    space: Space
    total: float = INF
    hub: Hub | None = None
    result: HubResult | None = None
    marginals: Marginals = field(default_factory=dict)
    free: Marginals = field(default_factory=dict)  # picked network option slots, as if unpicked
    members: dict[str, dict[str, float]] = field(default_factory=dict)  # at_least: slot -> sku -> total
    complete: bool = True
    piece: Assembly | None = None  # the example, when carried from a previous version (no hub)

    def example(self) -> Assembly | None:
        if self.piece is not None:
            return self.piece
        if self.hub is None or self.result is None:
            return None
        return rebuild(self.hub, self.result)

    def member_total(self, slot: str, sku: str) -> float:
        """The cheapest complete piece with this SKU in the slot (INF when there is none)."""
        if any(m.sku == sku for m in self.space.forced.get(slot, ())):
            return self.total
        if slot in self.members:
            return self.members[slot].get(sku, INF)  # at_least rules: each member's own total
        best = self.marginals.get(slot)
        found = self.space.member_index(slot).get(sku)
        if found is None or best is None:
            return INF
        cls, member = found
        return float(best[cls.index]) + (member.cost - cls.min_cost) * self.uses(slot)

    def member_totals(self, slot: str, parts: list[Any]) -> list[float]:
        """`member_total` of each part (the catalog's parts of the slot's kind), in one array
        pass: the listing asks it of every part of the catalog."""
        if slot in self.members:
            return [self.member_total(slot, part.sku) for part in parts]
        by_sku = dict(zip(*self.class_member_totals(slot), strict=True))
        return [by_sku.get(part.sku, INF) for part in parts]

    def class_member_totals(self, slot: str) -> tuple[list[str], list[float]]:
        """Every member of the slot's classes (class by class) and its `member_total`."""
        if slot in self.members:
            skus = [m.sku for cls in self.space.classes.get(slot, []) for m in cls.members]
            return skus, [self.member_total(slot, sku) for sku in skus]
        return self.space.class_members(slot)[0], self.class_member_array(slot).tolist()

    def class_member_array(self, slot: str) -> np.ndarray:
        """`class_member_totals` as an array, in the order of `Space.class_members` (a slot
        without at_least rules: `members` holds none of its SKUs)."""
        assert slot not in self.members
        skus, at, above = self.space.class_members(slot)
        best = self.marginals.get(slot)
        totals: np.ndarray = np.full(len(skus), INF) if best is None else best[at] + above * self.uses(slot)
        forced = self.space.forced.get(slot, ())
        if forced:
            # A charm the piece already holds: its total is the piece's (`member_total`).
            index = self.space.member_index(slot)
            where = self.space.class_member_position(slot)
            for member in forced:
                if member.sku in index:
                    totals[where[member.sku]] = self.total
        return totals

    def uses(self, slot: str) -> int:
        """How many of a part the slot puts in the piece: a charm ring serves every picked charm."""
        for joined, ring in self.space.ring_of.items():
            if ring == slot:
                return max(len(self.space.forced.get(joined, ())), 1)
        return 1


def solve_space(space: Space, deadline: Deadline, collect: bool = True, only: str | None = None) -> SpaceSolution:
    """Walk every hub; a complete solution is kept on the (cached) space for the next request
    that needs it — a click on one slot re-reads the others' unpicked answers for free.
    `only`: offers are needed for that slot alone (options lists a picked slot from the space
    without its pick); the walk then skips the other slots' offers, and its solution holds no
    marginals for them."""
    known = space.memo.get(("solution", True)) or space.memo.get(("solution", collect, only))
    if known is not None:
        return known  # type: ignore[no-any-return]
    if space.infeasible:
        return SpaceSolution(space)
    solution = walk_space(space, deadline, collect, only)
    solution.complete = not deadline.expired
    if solution.complete:
        space.memo[("solution", collect, only) if only or not collect else ("solution", True)] = solution
    return solution


def walk_space(space: Space, deadline: Deadline, collect: bool, only: str | None) -> SpaceSolution:
    """One walk, unkept, in array passes (solver.sweep)."""
    solution = SpaceSolution(space)
    seen: Envelopes = {}
    swept = sweep(space, deadline, Pruning(space, collect, only), only, seen, solution.marginals, solution.members)
    solution.total, solution.hub, solution.result = swept.total, swept.hub, swept.result
    if collect:
        offer_network(solution.marginals, solution.free, space, seen)
    return solution


def _release(space: Space) -> None:
    """An evicted space's memo holds its solutions, whose hubs point back at the space: a cycle
    only a full collection frees, and enumeration evicts ~250 spaces a page (at 10^4 the
    collections they called for took 0.6-1.8 s each, one call in eight paused). Dropped here,
    the rest goes by reference counting; a walk still running on the space finds its solution
    gone and walks again (dict.pop and get are atomic: no reader sees half of it)."""
    for key in [k for k in list(space.memo) if k[0] == "solution"]:
        space.memo.pop(key, None)


def unranked(request: Request) -> Request:
    """The request without what only ranks or filters finished pieces by their total."""
    if request.budget_cents is None and request.preferences == Preferences():
        return request
    return request.model_copy(update={"budget_cents": None, "preferences": Preferences()})


EMPTY = Request().model_dump_json()
SpaceKey = tuple[int, int, str, str]  # catalog version, catalog id, style, request


class SpaceCache:
    """Compiled spaces by (catalog version, style, request): a repeated request pays nothing."""

    def __init__(self, size: int = 256, previous: tuple[SpaceCache, Catalog] | None = None) -> None:
        self.size = size
        self._spaces: dict[SpaceKey, Space] = {}
        self._again: dict[SpaceKey, None] = {}  # spaces asked for again, least recently first
        self._bases: dict[tuple[int, int, str, str], BaseSpace] = {}
        self._lock = threading.Lock()  # the API shares one Solver across worker threads
        # The previous catalog version's cache: its bases are reused for what an edit left alone
        # (solver.reuse). One link only: a successor's own successor does not reach back further.
        self.previous = previous
        self.whole: set[tuple[str, str]] = set()  # (style, base request) carried over unchanged

    def get(self, catalog: Catalog, style: Style, request: Request, deadline: Deadline | None = None) -> Space:
        """The compiled space; with a `deadline`, compiling it may raise `Cut` (nothing is kept)."""
        key = (catalog.version, id(catalog), style.id, request.model_dump_json())
        with self._lock:
            space = self._spaces.get(key)
            if space is not None:
                self._asked_again(key)
        if space is None:
            plain = unranked(request)
            if plain != request:
                # Budget and preferences only rank or filter finished totals: the walk, counts
                # and tables are the plain request's, so share them (a budget slider re-walked
                # every hub, ~1 s at 10^4). The space differs only in the request it answers.
                space = replace(self.get(catalog, style, plain, deadline), request=request)
            else:
                base = self._base(catalog, style, request, deadline)
                space = compile_space(catalog, style, request, base, deadline)
                self._carry_answers(catalog, style, request, space)
            with self._lock:
                while len(self._spaces) >= self.size:
                    _release(self._spaces.pop(self._victim()))
                space = self._spaces.setdefault(key, space)
        return space

    def _asked_again(self, key: SpaceKey) -> None:
        """A space asked for twice is a shopper's: options, count, recommend and explain ask for
        the same request, the next click's options for it as a set-aside; enumeration asks for
        each of its prefixes once, ~600 of them in a walk to the 50th page, which used to flush
        every solved space a shopper's next answer needed. Lock held."""
        self._again.pop(key, None)
        self._again[key] = None
        while len(self._again) > self.size // 4:
            self._again.pop(next(iter(self._again)))  # back among the once-asked, by age

    def _victim(self) -> SpaceKey:
        """The oldest space asked for once, else the least recently asked-again one; never a
        style's empty selection, which the warm-up solved for every later request. Lock held."""
        for key in self._spaces:
            if key not in self._again and key[3] != EMPTY:
                return key
        for key in self._again:
            if key[3] != EMPTY:
                del self._again[key]
                return key
        return next(iter(self._spaces))

    def _base(self, catalog: Catalog, style: Style, request: Request, deadline: Deadline | None) -> BaseSpace:
        plain = base_request(request)
        key = (catalog.version, id(catalog), style.id, plain.model_dump_json())
        with self._lock:
            base = self._bases.get(key)
        if base is None:
            base = self._successor(catalog, style, plain.model_dump_json(), deadline)
        if base is None:
            base = compile_base(catalog, style, plain, deadline)
            with self._lock:
                while len(self._bases) >= self.size:
                    self._bases.pop(next(iter(self._bases)))
                base = self._bases.setdefault(key, base)
        return base

    def _successor(self, catalog: Catalog, style: Style, plain: str, deadline: Deadline | None) -> BaseSpace | None:
        """The previous version's base for this style and request, as far as the edit left it."""
        previous = self.previous
        if previous is None:
            return None
        cache, old = previous
        with cache._lock:
            found = cache._bases.get((old.version, id(old), style.id, plain))
        if found is None:
            return None
        got = successor_base(found, old, catalog, style.id, plain, deadline)
        if got is None:
            return None
        base, whole = got
        with self._lock:
            if whole:
                self.whole.add((style.id, plain))
            while len(self._bases) >= self.size:
                self._bases.pop(next(iter(self._bases)))
            return self._bases.setdefault((catalog.version, id(catalog), style.id, plain), base)

    def carried_whole(self, style: Style, request: Request) -> bool:
        """This request's base came over from the previous version unchanged."""
        return (style.id, base_request(request).model_dump_json()) in self.whole

    def _carry_answers(self, catalog: Catalog, style: Style, request: Request, space: Space) -> None:
        """On a base carried over whole, the previous version's solved answers for the same
        request are this version's too (every input is equal): keep them, bound to this space.
        Otherwise its cheapest totals, where solver.reuse_answers proves the edit left them (or
        moved them by a known amount): a walk of every hub is ~1 s at 10^4 even with its work memoised."""
        previous = self.previous
        if previous is None:
            return
        cache, old = previous
        with cache._lock:
            before = cache._spaces.get((old.version, id(old), style.id, request.model_dump_json()))
        if before is None:
            return
        if not self.carried_whole(style, request):
            # Classes moved: the solved answer only, where the edit provably left it (or patched).
            solved = before.memo.get(("solution", True))
            if isinstance(solved, SpaceSolution):
                patched = patched_solution(before, solved, space)
                if patched is not None:
                    space.memo[("solution", True)] = patched
            return
        for key, value in list(before.memo.items()):
            if key in (("count",), ("count-marginals",), RING_CHARM_COUNTS):
                # Numbers, and the ring and charm counts' slot states, which live with the base
                # this version carried over whole: nothing points into the old space.
                space.memo[key] = value
            elif key[0] == "solution" and isinstance(value, SpaceSolution):
                space.memo[key] = replace(value, space=space)
