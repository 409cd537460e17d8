"""The python-constraint peer (small catalogs only): one variable per slot over the same compiled
space (`solver.cpsat.ir`), a multi-charm slot ranging over sets of charms, every clause and sum
a function constraint; options one solve per value (reusing solutions), counts by enumeration."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import constraint

from benchmarks.peers.common import Availability, PeerAnswer, option_spaces
from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.cpsat.ir import Atom, Clause, Has, ModelIR, Opt, Pick, Used, build_ir, centigrams, nanometres
from solver.request import Request
from solver.space import Space

MAX_DOMAIN = 100_000  # values of one variable; past this the peer declines


class TooLarge(Exception):
    pass


def _chosen(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if isinstance(value, tuple):
        return value
    return (value,)


class CspModel:
    def __init__(self, ir: ModelIR) -> None:
        self.ir = ir
        self.domains: dict[str, list[Any]] = {}
        for slot in ir.slots.values():
            self.domains[slot.name] = self._domain(slot)
        for name, option in ir.options.items():
            self.domains[name] = [code for code, _ in option.values] + ([] if option.required else [None])
        if ir.plating is not None and ir.plating_required:
            self.domains[ir.plating] = [v for v in self.domains[ir.plating] if v is not None]

    def _domain(self, slot: Any) -> list[Any]:
        indices = [c.index for c in slot.cands]
        required = set(slot.required)
        if slot.multi:
            out: list[Any] = []
            for k in range(slot.min_count, slot.max_count + 1):
                out.extend(c for c in itertools.combinations(indices, k) if required <= set(c))
                if len(out) > MAX_DOMAIN:
                    raise TooLarge(f"{slot.name}: more than {MAX_DOMAIN} charm sets")
            return out
        if required:
            return sorted(required)
        empty = slot.is_ring or slot.min_count == 0
        return [*indices, *([None] if empty else [])]

    def problem(self, restrict: dict[str, Callable[[Any], bool]] | None = None) -> constraint.Problem | None:
        """The CSP, or None when some domain is empty (python-constraint refuses those)."""
        ir = self.ir
        p = constraint.Problem()
        for name, domain in self.domains.items():
            keep = (restrict or {}).get(name)
            values = [v for v in domain if keep is None or keep(v)]
            if not values:
                return None
            p.addVariable(name, values)
        if ir.infeasible:
            p.addConstraint(lambda *_: False, list(self.domains)[:1])
        for slot in ir.slots.values():
            if slot.ring_for is not None:
                p.addConstraint(lambda r, m: (r is None) == (not _chosen(m)), [slot.name, slot.ring_for])
        for clause in ir.clauses:
            names = sorted({atom.slot for atom, _ in clause})
            p.addConstraint(self._clause(clause, names), names)
        names = list(self.domains)
        p.addConstraint(self._sums(names), names)
        return p

    def _holds(self, atom: Atom, value: Any) -> bool:
        if isinstance(atom, Opt):
            return bool(value == atom.code)
        chosen = _chosen(value)
        if isinstance(atom, Pick):
            return atom.index in chosen
        if isinstance(atom, Used):
            return bool(chosen)
        assert isinstance(atom, Has)
        return any(i in self.ir.groups[(atom.slot, atom.feature)][atom.key] for i in chosen)

    def _clause(self, clause: Clause, names: list[str]) -> Callable[..., bool]:
        def check(*values: Any) -> bool:
            at = dict(zip(names, values, strict=True))
            return any(self._holds(atom, at[atom.slot]) == positive for atom, positive in clause)
        return check

    def _sums(self, names: list[str]) -> Callable[..., bool]:
        ir = self.ir

        def parts(at: dict[str, Any], kind: SlotKind) -> list[Any]:
            return [ir.slots[s.name].cands[i] for s in ir.slots.values() if s.kind is kind for i in _chosen(at[s.name])]

        def check(*values: Any) -> bool:
            at = dict(zip(names, values, strict=True))
            chain = parts(at, SlotKind.CHAIN)[0].part
            charms = parts(at, SlotKind.CHARM)
            hung = sum(centigrams(c.part.weight_g) for c in charms)
            if len(charms) > chain.charm_capacity or hung > centigrams(chain.max_load_g):
                return False
            clasps = parts(at, SlotKind.CLASP)
            if clasps and hung > centigrams(clasps[0].part.max_load_g):
                return False
            ends = [chain, *(c.part for c in clasps), *(e.part for e in parts(at, SlotKind.EXTENDER))]
            length = sum(nanometres(p.length_mm) for p in ends)
            if not ir.min_length_nm <= length <= ir.max_length_nm:
                return False
            if ir.deadline is not None:
                lead = max((ir.slots[s.name].cands[i].lead for s in ir.slots.values() if s.kind is not SlotKind.PLATING
                            for i in _chosen(at[s.name])), default=0)
                plating = sum(c.lead for c in parts(at, SlotKind.PLATING))
                if lead + plating > ir.deadline:
                    return False
            return ir.budget is None or self.total(at) <= ir.budget

        return check

    def total(self, at: dict[str, Any]) -> int:
        ir = self.ir
        out = 0
        for slot in ir.slots.values():
            uses = ir.ring_uses(slot)
            times = len(_chosen(at[uses])) if uses else 1
            out += sum(slot.cands[i].cost for i in _chosen(at[slot.name])) * times
        out += ir.labour * sum(len(_chosen(at[s.name])) for s in ir.joined())
        for name, option in ir.options.items():
            out += sum(price for code, price in option.values if at[name] == code)
        return out

    def values(self, solution: dict[str, Any]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for name, value in solution.items():
            if name in self.ir.options:
                out[name] = {value} if value is not None else set()
            else:
                out[name] = {self.ir.slots[name].cands[i].sku for i in _chosen(value)}
        return out


def _solve(problem: constraint.Problem | None) -> dict[str, Any] | None:
    return None if problem is None else problem.getSolution()


def valid_values(space: Space, slots: list[str], stop: float) -> tuple[dict[str, set[str]], bool]:
    """Naive valid domains: one getSolution() per still-unseen value, reusing every solution."""
    model = CspModel(build_ir(space))
    seen: dict[str, set[str]] = {name: set() for name in slots}

    def record(solution: dict[str, Any] | None) -> None:
        if solution:
            for name, values in model.values(solution).items():
                if name in seen:
                    seen[name].update(values)

    first = _solve(model.problem())
    if first is None:
        return seen, True
    record(first)
    for name in slots:
        if name in model.ir.options:
            wanted = [code for code, _ in model.ir.options[name].values]
        else:
            wanted = [c.sku for c in model.ir.slots[name].cands]
        for value in wanted:
            if value in seen[name]:
                continue
            if time.monotonic() > stop:
                return seen, False
            record(_solve(model.problem({name: _contains(model, name, value)})))
    return seen, True


def _contains(model: CspModel, slot: str, value: str) -> Callable[[Any], bool]:
    if slot in model.ir.options:
        return lambda v: bool(v == value)
    index = next(c.index for c in model.ir.slots[slot].cands if c.sku == value)
    return lambda v: index in _chosen(v)


def options(catalog: Catalog, style: Style, request: Request, bound_s: float) -> PeerAnswer:
    stop = time.monotonic() + bound_s
    out: dict[str, frozenset[str]] = {}
    try:
        for space, slots in option_spaces(catalog, style, request):
            values, done = valid_values(space, slots, stop)
            if not done:
                return PeerAnswer(None, False, "bound reached")
            out.update({slot: frozenset(values[slot]) for slot in slots})
    except TooLarge as exc:
        return PeerAnswer(None, False, str(exc))
    answer: Availability = out
    return PeerAnswer(answer, True)


def count(space: Space, bound_s: float) -> PeerAnswer:
    stop = time.monotonic() + bound_s
    try:
        problem = CspModel(build_ir(space)).problem()
    except TooLarge as exc:
        return PeerAnswer(None, False, str(exc))
    n = 0
    if problem is None:
        return PeerAnswer(0, True)
    for _ in problem.getSolutionIter():
        n += 1
        if time.monotonic() > stop:
            return PeerAnswer(n, False, "bound reached")
    return PeerAnswer(n, True)
