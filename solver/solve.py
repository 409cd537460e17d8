"""Solve a whole space by walking its hubs: the best total, the best piece, every marginal."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from catalog.model import Catalog
from catalog.styles import Style
from solver.assembly import Assembly
from solver.example import rebuild
from solver.hub import INF, Hub
from solver.hubs import Deadline, hubs
from solver.hubsolve import Envelopes, HubResult, Marginals, offer_network, solve_hub
from solver.request import Request
from solver.space import BaseSpace, Space, base_request, compile_base, compile_space


@dataclass
class SpaceSolution:
    space: Space
    total: float = INF
    hub: Hub | None = None
    result: HubResult | None = None
    marginals: Marginals = field(default_factory=dict)
    free: Marginals = field(default_factory=dict)  # picked network option slots, as if unpicked
    complete: bool = True

    def example(self) -> Assembly | None:
        if self.hub is None or self.result is None:
            return None
        return rebuild(self.hub, self.result)

    def member_total(self, slot: str, sku: str) -> float:
        """The cheapest complete piece with this SKU in the slot (INF when there is none)."""
        forced = {m.sku for m in self.space.forced.get(slot, ())}
        if sku in forced:
            return self.total
        best = self.marginals.get(slot)
        found = self.space.member_index(slot).get(sku)
        if found is None or best is None:
            return INF
        cls, member = found
        return float(best[cls.index]) + (member.cost - cls.min_cost) * self.uses(slot)

    def uses(self, slot: str) -> int:
        """How many of a part the slot puts in the piece: a charm ring serves every picked charm."""
        for joined, ring in self.space.ring_of.items():
            if ring == slot:
                return max(len(self.space.forced.get(joined, ())), 1)
        return 1


def solve_space(space: Space, deadline: Deadline, collect: bool = True) -> SpaceSolution:
    """Walk every hub; a complete solution is kept on the (cached) space for the next request
    that needs it — a click on one slot re-reads the others' unpicked answers for free."""
    known = space.memo.get(("solution", collect)) or (space.memo.get(("solution", True)) if not collect else None)
    if known is not None:
        return known  # type: ignore[no-any-return]
    solution = SpaceSolution(space)
    if space.infeasible:
        return solution
    seen: Envelopes = {}
    for hub in hubs(space, deadline):
        result = solve_hub(hub, collect, solution.marginals, seen)
        if result.total < solution.total:
            solution.total, solution.hub, solution.result = result.total, hub, result
    if collect:
        offer_network(solution.marginals, solution.free, space, seen)
    solution.complete = not deadline.expired
    if solution.complete:
        space.memo[("solution", collect)] = solution
    return solution


class SpaceCache:
    """Compiled spaces by (catalog version, style, request): a repeated request pays nothing."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._spaces: dict[tuple[int, int, str, str], Space] = {}
        self._bases: dict[tuple[int, int, str, str], BaseSpace] = {}
        self._lock = threading.Lock()  # the API shares one Solver across worker threads

    def get(self, catalog: Catalog, style: Style, request: Request, deadline: Deadline | None = None) -> Space:
        """The compiled space; with a `deadline`, compiling it may raise `Cut` (nothing is kept)."""
        key = (catalog.version, id(catalog), style.id, request.model_dump_json())
        with self._lock:
            space = self._spaces.get(key)
        if space is None:
            base = self._base(catalog, style, request, deadline)
            space = compile_space(catalog, style, request, base, deadline)
            with self._lock:
                while len(self._spaces) >= self.size:
                    self._spaces.pop(next(iter(self._spaces)))
                space = self._spaces.setdefault(key, space)
        return space

    def _base(self, catalog: Catalog, style: Style, request: Request, deadline: Deadline | None) -> BaseSpace:
        plain = base_request(request)
        key = (catalog.version, id(catalog), style.id, plain.model_dump_json())
        with self._lock:
            base = self._bases.get(key)
        if base is None:
            base = compile_base(catalog, style, plain, deadline)
            with self._lock:
                while len(self._bases) >= self.size:
                    self._bases.pop(next(iter(self._bases)))
                base = self._bases.setdefault(key, base)
        return base
