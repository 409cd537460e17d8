"""The naive CP-SAT model of one (catalog, style, request) space, at part level.

What a CP engineer writes first: a boolean per candidate part per slot, exactly-one or
at-most-one per slot, a ring slot used iff the slot it joins holds something, the fit, finish
and merchandiser rules as clauses (`solver.cpsat.clauses`), and linear constraints for the sums
(charm count, hung weight, length, lead time, price). It is the exactness cross-check and the
"one solve per value" peer of DESIGN §6, not the fast path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from catalog.types import SlotKind
from solver.assembly import Assembly
from solver.cpsat.charm_rules import add_charm_rules
from solver.cpsat.ir import Atom, Has, Lit, ModelIR, Opt, Pick, SlotIR, Used, build_ir, centigrams, nanometres
from solver.cpsat.outcome import Limit, SolveOutcome, Spending, bound_of, make_solver, outcome
from solver.results import ExitStatus
from solver.space import Space

Builder = Callable[["CpSatSpace", cp_model.IntVar], None]  # adds constraints enforced by the literal


class Domains(dict[str, dict[str, bool]]):
    """slot → value → can it be completed to a valid piece; `status` says whether every value was
    decided (undecided values read False and are listed in `undecided`)."""

    def __init__(self) -> None:
        super().__init__()
        self.status = ExitStatus.COMPLETE
        self.solves = 0
        self.undecided: list[tuple[str, str]] = []


@dataclass(frozen=True)
class CoreResult:
    outcome: SolveOutcome
    names: tuple[str, ...]  # assumption groups that together admit no piece (empty if feasible)


class CpSatSpace:
    """A CP-SAT model of a compiled space. Not thread-safe: solves share one model."""

    def __init__(self, space: Space | None = None, *, ir: ModelIR | None = None) -> None:
        if ir is None:
            if space is None:
                raise ValueError("give a space or its model description")
            ir = build_ir(space)
        self.space = space
        self.ir = ir
        self.model = cp_model.CpModel()
        self.x: dict[str, list[cp_model.IntVar]] = {}
        self.opt: dict[str, dict[str, cp_model.IntVar]] = {}
        self.used: dict[str, cp_model.IntVar] = {}
        self.has: dict[Has, cp_model.IntVar] = {}
        self._build()

    # --- variables and constraints ---------------------------------------------------------------

    def _build(self) -> None:
        ir, m = self.ir, self.model
        if ir.infeasible:
            never = m.new_bool_var("picked_part_refused")
            m.add(never == 1)
            m.add(never == 0)
        for slot in ir.slots.values():
            self.x[slot.name] = [m.new_bool_var(f"{slot.name}:{c.sku}") for c in slot.cands]
        for slot in ir.slots.values():
            if not slot.is_ring:
                self._counts(slot)
        for slot in ir.slots.values():
            if slot.is_ring:
                joined = self.used[slot.ring_for or ""]
                m.add(sum(self.x[slot.name]) == joined)
                self.used[slot.name] = joined
            for index in slot.required:
                m.add(self.x[slot.name][index] == 1)
        if ir.plating is not None and ir.plating_required:
            m.add(self.used[ir.plating] == 1)
        for name, option in ir.options.items():
            self.opt[name] = {code: m.new_bool_var(f"{name}={code}") for code, _ in option.values}
            chosen = sum(self.opt[name].values())
            m.add(chosen == 1) if option.required else m.add(chosen <= 1)
        for clause in ir.clauses:
            m.add_bool_or([self.lit(lit) for lit in clause])
        add_charm_rules(self.model, self.x, self.lit, self.ir)
        self._sums()
        self.total = self._total(self._unit_costs)
        if ir.budget is not None:
            m.add(self.total <= ir.budget)
        if ir.deadline is not None:
            self._deadline(ir.deadline)

    def _counts(self, slot: SlotIR) -> None:
        m = self.model
        xs = self.x[slot.name]
        n = sum(xs)
        m.add(n >= slot.min_count)
        m.add(n <= min(slot.max_count, max(len(xs), 0)))
        used = m.new_bool_var(f"used:{slot.name}")
        if slot.multi:
            m.add(n >= 1).only_enforce_if(used)
            m.add(n == 0).only_enforce_if(~used)
        else:
            m.add(used == n)
        self.used[slot.name] = used

    def atom(self, atom: Atom) -> cp_model.IntVar:
        if isinstance(atom, Pick):
            return self.x[atom.slot][atom.index]
        if isinstance(atom, Used):
            return self.used[atom.slot]
        if isinstance(atom, Opt):
            found = self.opt[atom.slot].get(atom.code)
            if found is None:  # a value the request ruled out: false
                found = self.opt[atom.slot][atom.code] = self.model.new_bool_var(f"{atom.slot}={atom.code}:off")
                self.model.add(found == 0)
            return found
        return self._has(atom)

    def lit(self, lit: Lit) -> cp_model.IntVar:
        var = self.atom(lit[0])
        return var if lit[1] else ~var  # type: ignore[return-value]

    def _has(self, atom: Has) -> cp_model.IntVar:
        var = self.has.get(atom)
        if var is None:
            m = self.model
            members = [self.x[atom.slot][i] for i in self.ir.groups[(atom.slot, atom.feature)][atom.key]]
            var = self.has[atom] = m.new_bool_var(f"{atom.slot}.{atom.feature}={atom.key}")
            if self.ir.slots[atom.slot].multi:
                for x in members:
                    m.add_implication(x, var)
                m.add_bool_or(members).only_enforce_if(var)
            else:
                m.add(var == sum(members))
        return var

    def _slots_of(self, kind: SlotKind) -> list[SlotIR]:
        return [s for s in self.ir.slots.values() if s.kind is kind]

    def _weighted(self, slot: SlotIR, value: Callable[[Any], int]) -> cp_model.LinearExprT:
        return sum(value(c.part) * x for c, x in zip(slot.cands, self.x[slot.name], strict=True))

    def _sums(self) -> None:
        """Charm count within capacity, hung weight within chain and clasp loads, length in range."""
        m, ir = self.model, self.ir
        chain = ir.slots[ir.carrier]
        charms = self._slots_of(SlotKind.CHARM)
        self.charm_count = sum(sum(self.x[s.name]) for s in charms)
        self.hung = sum(self._weighted(s, lambda p: centigrams(p.weight_g)) for s in charms)
        m.add(self.charm_count <= self._weighted(chain, lambda p: p.charm_capacity))
        m.add(self.hung <= self._weighted(chain, lambda p: centigrams(p.max_load_g)))
        for clasp in self._slots_of(SlotKind.CLASP):
            m.add(self.hung <= self._weighted(clasp, lambda p: centigrams(p.max_load_g))).only_enforce_if(
                self.used[clasp.name])
            # rules.load_path: the clasp's ring, and the extender's ring when the clasp hooks it.
            for end in (clasp, *self._slots_of(SlotKind.EXTENDER)):
                if end.ring is not None:
                    ring = ir.slots[end.ring]
                    m.add(self.hung <= self._weighted(ring, lambda p: centigrams(p.max_load_g))).only_enforce_if(
                        [self.used[ring.name], self.used[clasp.name]])
        length = sum(self._weighted(s, lambda p: nanometres(p.length_mm))
                     for s in [chain, *self._slots_of(SlotKind.CLASP), *self._slots_of(SlotKind.EXTENDER)])
        m.add(length >= ir.min_length_nm)
        m.add(length <= ir.max_length_nm)

    def _total(self, unit_costs: Callable[[SlotIR], list[int]]) -> cp_model.IntVar:
        """Parts (a multi slot's ring once per part it joins), plating, labour per joint, options."""
        m, ir = self.model, self.ir
        terms: list[cp_model.LinearExprT] = []
        upper = 0
        for slot in ir.slots.values():
            costs = unit_costs(slot)
            many = ir.ring_uses(slot)
            if many is None:
                terms.append(sum(c * x for c, x in zip(costs, self.x[slot.name], strict=True)))
                upper += max(costs, default=0) * max(slot.max_count, 1)
                continue
            joined = ir.slots[many]
            n = m.new_int_var(0, joined.max_count, f"count:{many}")
            m.add(n == sum(self.x[many]))
            for cost, x in zip(costs, self.x[slot.name], strict=True):
                z = m.new_int_var(0, joined.max_count, f"uses:{slot.name}")
                m.add(z == n).only_enforce_if(x)
                m.add(z == 0).only_enforce_if(~x)
                terms.append(cost * z)
            upper += max(costs, default=0) * joined.max_count
        joints = sum(sum(self.x[s.name]) for s in ir.joined())
        terms.append(ir.labour * joints)
        upper += ir.labour * sum(s.max_count for s in ir.joined())
        for name, option in ir.options.items():
            terms.append(sum(price * self.opt[name][code] for code, price in option.values))
            upper += max((p for _, p in option.values), default=0)
        terms.extend(self._extra_cost_terms())
        upper += self._extra_cost_upper()
        total = m.new_int_var(0, upper, "total_cents")
        m.add(total == sum(terms))
        return total

    def _unit_costs(self, slot: SlotIR) -> list[int]:
        return [c.cost for c in slot.cands]

    def _extra_cost_terms(self) -> list[cp_model.LinearExprT]:
        return []

    def _extra_cost_upper(self) -> int:
        return 0

    def _deadline(self, days: int) -> None:
        """max(part lead) + plating lead ≤ deadline."""
        self.model.add(self.lead_expr(lambda c: c.lead) + self.plating_lead() <= days)

    def lead_expr(self, lead_of: Callable[[Any], int]) -> cp_model.IntVar:
        m = self.model
        leads = [(lead_of(c), x) for s in self.ir.slots.values() if s.kind is not SlotKind.PLATING
                 for c, x in zip(s.cands, self.x[s.name], strict=True)]
        lead = m.new_int_var(0, max((d for d, _ in leads), default=0), "lead_days")
        for days, x in leads:
            if days > 0:
                m.add(lead >= days).only_enforce_if(x)
        return lead

    def plating_lead(self) -> cp_model.LinearExpr:
        if self.ir.plating is None:
            return cp_model.LinearExpr.constant(0)
        slot = self.ir.slots[self.ir.plating]
        return cp_model.LinearExpr.weighted_sum(self.x[slot.name], [c.lead for c in slot.cands])

    # --- reading solutions -----------------------------------------------------------------------

    def values_of(self, solver: cp_model.CpSolver) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for name, xs in self.x.items():
            cands = self.ir.slots[name].cands
            out[name] = tuple(sorted(cands[i].sku for i, x in enumerate(xs) if solver.boolean_value(x)))
        for name, codes in self.opt.items():
            out[name] = tuple(code for code, o in codes.items() if solver.boolean_value(o))
        return out

    def assembly_of(self, solver: cp_model.CpSolver) -> Assembly:
        style = self.ir.style
        return Assembly.build(style.id, [s.name for s in style.slots], self.values_of(solver))

    # --- the questions ---------------------------------------------------------------------------

    def feasible(self, limit: Limit = 10.0, workers: int = 1) -> SolveOutcome:
        self.model.clear_assumptions()
        solver = make_solver(limit, workers)
        return outcome(solver, solver.solve(self.model))

    def admits(self, assembly: Assembly, limit: Limit = 10.0) -> SolveOutcome:
        """Is this complete assembly a solution of the model? (A part the unary rules refused is
        not a candidate, so an assembly using it is refused outright.)"""
        assume: list[cp_model.IntVar] = []
        chosen = assembly.as_dict()
        for name in [*self.x, *self.opt]:
            values = set(chosen.get(name, ()))
            known = self.candidate_vars(name)
            if values - set(known):
                return SolveOutcome(ExitStatus.COMPLETE, False, True)
            assume.extend(var if value in values else ~var for value, var in known.items())  # type: ignore[misc]
        self.model.clear_assumptions()
        self.model.add_assumptions(assume)
        try:
            solver = make_solver(limit, 1)
            return outcome(solver, solver.solve(self.model))
        finally:
            self.model.clear_assumptions()

    def solutions(self, max_solutions: int, limit: Limit = 10.0) -> tuple[SolveOutcome, set[Assembly]]:
        """Every valid assembly, by CP-SAT enumeration (one worker); INCOMPLETE past
        `max_solutions` or the time limit. For cross-checks and the counting peer only."""
        found: set[Assembly] = set()
        space = self

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                style = space.ir.style
                values = {name: tuple(sorted(c.sku for c, x in zip(space.ir.slots[name].cands, xs, strict=True)
                                             if self.boolean_value(x)))
                          for name, xs in space.x.items()}
                values.update({name: tuple(code for code, o in codes.items() if self.boolean_value(o))
                               for name, codes in space.opt.items()})
                found.add(Assembly.build(style.id, [s.name for s in style.slots], values))
                if len(found) > max_solutions:
                    self.stop_search()

        self.model.clear_assumptions()
        solver = make_solver(limit, 1)
        solver.parameters.enumerate_all_solutions = True
        # Like an optimisation, an enumeration is finished only at OPTIMAL: FEASIBLE means a bound
        # (or the callback) stopped it with solutions still unlisted.
        result = outcome(solver, solver.solve(self.model, Collect()), optimising=True)
        if len(found) > max_solutions or result.status is ExitStatus.INCOMPLETE:
            return SolveOutcome(ExitStatus.INCOMPLETE, bool(found), False, result.wall_s, result.work), found
        return SolveOutcome(ExitStatus.COMPLETE, bool(found), not found, result.wall_s, result.work), found

    def candidate_vars(self, slot: str) -> dict[str, cp_model.IntVar]:
        if slot in self.opt:
            return dict(self.opt[slot])
        return {c.sku: x for c, x in zip(self.ir.slots[slot].cands, self.x[slot], strict=True)}

    def cheapest(self, limit: Limit = 10.0, workers: int = 1) -> tuple[SolveOutcome, int | None, Assembly | None]:
        """The minimum total price and a piece that costs it (INCOMPLETE: best found, unproven)."""
        self.model.clear_assumptions()
        self.model.minimize(self.total)
        try:
            solver = make_solver(limit, workers)
            result = outcome(solver, solver.solve(self.model), optimising=True)
            if not result.feasible:
                return result, None, None
            return result, int(solver.value(self.total)), self.assembly_of(solver)
        finally:
            self.model.clear_objective()  # type: ignore[no-untyped-call]

    def candidate_values(self, slot: str) -> list[str]:
        """Every value the slot lists: all catalog parts of its kind, or the style's option codes."""
        style_slot = self.ir.style.slot(slot)
        if style_slot.kind is SlotKind.OPTION:
            return [v.code for v in style_slot.values]
        if self.space is not None:
            return [p.sku for p in self.space.catalog.parts_of(style_slot.kind)]
        return [c.sku for c in self.ir.slots[slot].cands]

    def value_var(self, slot: str, value: str) -> cp_model.IntVar | None:
        if slot in self.opt:
            return self.opt[slot].get(value)
        for cand, x in zip(self.ir.slots[slot].cands, self.x[slot], strict=True):
            if cand.sku == value:
                return x
        return None

    def naive_options(self, limit: Limit = 60.0, slots: Iterable[str] | None = None,
                      per_solve_limit: float = 30.0) -> Domains:
        """DESIGN §6's naive peer: one solve per still-unseen value, every solution found marking
        all the values it uses as available. One worker. `limit` bounds the whole call (seconds,
        and/or work spent across its solves); with seconds each solve also stops after
        `per_solve_limit` of them. Values left undecided make the answer INCOMPLETE."""
        spending = Spending(bound_of(limit), per_solve_limit)
        names = list(slots) if slots is not None else [s.name for s in self.ir.style.slots]
        out = Domains()
        seen: dict[str, set[str]] = {name: set() for name in names}
        first = self._solve_with([], spending, out, seen)
        for name in names:
            out[name] = {}
            for value in self.candidate_values(name):
                var = self.value_var(name, value)
                if var is None or (first is not None and first.infeasible):
                    out[name][value] = False
                    continue
                if value not in seen[name]:
                    self._solve_with([var], spending, out, seen, (name, value))
                out[name][value] = value in seen[name]
        self.model.clear_assumptions()
        return out

    def _solve_with(self, assume: list[cp_model.IntVar], spending: Spending, out: Domains,
                    seen: dict[str, set[str]], value: tuple[str, str] | None = None) -> SolveOutcome | None:
        bound = spending.next()
        if bound is None:
            if value is not None:
                out.undecided.append(value)
            out.status = ExitStatus.INCOMPLETE
            return None
        self.model.clear_assumptions()
        self.model.add_assumptions(assume)
        solver = make_solver(bound, 1)
        result = outcome(solver, solver.solve(self.model))
        spending.spent(result)
        out.solves += 1
        if result.feasible:
            for slot, values in self.values_of(solver).items():
                if slot in seen:
                    seen[slot].update(values)
        elif not result.infeasible:
            out.status = ExitStatus.INCOMPLETE
            if value is not None:
                out.undecided.append(value)
        return result

    def core(self, assumption_groups: dict[str, list[Builder]], limit: Limit = 10.0) -> CoreResult:
        """Enforce each named group only under its own assumption literal and ask CP-SAT (one
        worker) which assumptions suffice for infeasibility. The groups are added to this model
        for good: build a fresh space per call."""
        m = self.model
        lits: dict[str, cp_model.IntVar] = {}
        for name, builders in assumption_groups.items():
            lit = lits[name] = m.new_bool_var(f"assume:{name}")
            for build in builders:
                build(self, lit)
        m.clear_assumptions()
        m.add_assumptions(list(lits.values()))
        solver = make_solver(limit, 1)
        result = outcome(solver, solver.solve(m))
        names: tuple[str, ...] = ()
        if result.infeasible:
            chosen = set(solver.sufficient_assumptions_for_infeasibility())
            names = tuple(name for name, lit in lits.items() if lit.index in chosen)
        m.clear_assumptions()
        return CoreResult(result, names)
