"""explain(): when nothing fits, a minimal set of the user's requirements that conflict, and the
smallest relaxations that restore a solution.

Feasibility is decided exactly by the hub engine. The conflict is shrunk by deletion until every
proper subset is satisfiable (feasibility only grows as requirements are dropped, so dropping any
one member of the result restores it); relaxations are the minimal sets of requirements whose
removal restores a solution (minimal correction sets), smallest first, with how far to move a
budget or a deadline.
"""

from __future__ import annotations

import itertools

from catalog.model import Catalog
from catalog.parts import money_text
from catalog.styles import Style
from solver.cpsat.outcome import Bound
from solver.cpsat.relaxed import relaxed_space, requirement_groups
from solver.hub import INF
from solver.hubs import Deadline
from solver.request import Request
from solver.results import ExitStatus, Explanation, Relaxation, Requirement
from solver.solve import SpaceCache, SpaceSolution, solve_space
from solver.space import Space

MAX_RELAXATION_SIZE = 3
CORE_MAX_PARTS = 2000
CORE_WORK = 2.0  # CP-SAT deterministic time for the core (about its seconds on a quiet machine)


class Feasibility:
    def __init__(self, cache: SpaceCache, catalog: Catalog, style: Style, request: Request,
                 deadline: Deadline) -> None:
        self.cache, self.catalog, self.style, self.request = cache, catalog, style, request
        self.deadline = deadline
        self.memo: dict[frozenset[str], float] = {}

    def request_with(self, kept: frozenset[str]) -> Request:
        out = self.request
        for name in self.request.requirements():
            if name not in kept:
                out = out.without(name)
        return out

    def cheapest(self, kept: frozenset[str]) -> float:
        """The cheapest piece under the kept requirements, the budget aside."""
        if kept not in self.memo:
            request = self.request_with(kept).model_copy(update={"budget_cents": None})
            space = self.cache.get(self.catalog, self.style, request, self.deadline)
            known = solved_total(space)
            self.memo[kept] = known if known is not None else solve_space(space, self.deadline, collect=False).total
        return self.memo[kept]

    def __call__(self, kept: frozenset[str]) -> bool:
        budget = self.request.budget_cents if "budget" in kept else None
        known = self._bounded(kept - {"budget"}, budget)
        if known is not None:
            return known
        total = self.cheapest(kept - {"budget"})
        return total < INF and (budget is None or total <= budget)

    def floor(self, everything: frozenset[str]) -> float:
        """The cheapest total with no requirement kept but the quantity (which moves prices both
        ways, so sets are only bounded by sets that agree on it). It is a lower bound on every
        set's total, so a budget below it is settled for every set at once by `_bounded`; without
        it, deletion walks a chain of ever fewer picks to find that the budget alone conflicts.
        Its space is the unpicked one, solved once by the warm-up and every shopper's first view."""
        return self.cheapest(everything & {"quantity"})

    def _bounded(self, kept: frozenset[str], budget: int | None) -> bool | None:
        """Decided by cheapest totals already found, when they settle it: dropping a pick, an
        exclusion, the deadline, nickel-free or the text only lets more pieces in, so a subset's
        cheapest total is a lower bound and a superset's an upper one (the quantity changes
        prices both ways: only sets that agree on it are compared)."""
        quantity = "quantity" in kept
        for other, total in self.memo.items():
            if ("quantity" in other) != quantity:
                continue
            if other <= kept and (total >= INF or (budget is not None and total > budget)):
                return False
            if kept <= other and total < INF and (budget is None or total <= budget):
                return True
        return None


def solved_total(space: Space) -> float | None:
    """The cheapest total of any complete solution already kept on the space. Options keeps a
    picked slot's set-aside walk under its `only` key, which a walk for the total alone does
    not read; a walk for one slot's offers still visits every hub, so its total is the space's
    (explain's single-pick drops are those set-asides: ~250 ms each at 10^4 walked again)."""
    for key, value in list(space.memo.items()):
        if isinstance(key, tuple) and key[:1] == ("solution",) and isinstance(value, SpaceSolution) \
                and value.complete:
            return value.total
    return None


def describe(request: Request, name: str, currency: str = "EUR") -> str:
    kind, _, slot = name.partition(":")
    if kind == "pick":
        pick = request.pick(slot)
        what = ", ".join(pick.skus) if pick and pick.skus else (pick.option if pick and pick.option else "")
        filters = ", ".join(f.attribute for f in pick.filters) if pick else ""
        return f"{slot}: {what or ''}{' filtered by ' + filters if filters else ''}".strip()
    return {
        "budget": f"budget {money_text(request.budget_cents or 0, currency)}",
        "deadline": f"ready within {request.deadline_days} days",
        "nickel_free": "nickel-free",
        "quantity": f"quantity {request.quantity}",
        "text": f"nameplate text '{request.text}'",
        "exclude": "excluding " + ", ".join(request.exclude),
    }.get(kind, name)


def explain(cache: SpaceCache, catalog: Catalog, style: Style, request: Request,
            deadline: Deadline) -> Explanation:
    feasible = Feasibility(cache, catalog, style, request, deadline)
    everything = frozenset(request.requirements())
    if feasible(everything):
        return Explanation(True, status=_status(deadline))
    if "budget" in everything:
        feasible.floor(everything)
    if not feasible(frozenset()):
        return Explanation(False, (Requirement("style", f"style {style.id} has no valid piece in this "
                                                        "catalog at all"),), (), _status(deadline))
    if _budget_alone(feasible, everything):
        conflict = {"budget"}
    else:
        # Start from CP-SAT's core (assumptions sufficient for infeasibility) when it is one, then
        # shrink by deletion with the exact engine: drop every requirement the conflict does not need.
        conflict = set(everything)
        core = _cpsat_core(catalog, style, request, deadline)
        if core and not feasible(frozenset(core)):
            conflict = set(core)
        for name in sorted(conflict):
            if not feasible(frozenset(conflict - {name})):
                conflict.discard(name)
    relaxations = _relaxations(feasible, everything, request)
    return Explanation(False, tuple(Requirement(n, describe(request, n, catalog.currency)) for n in sorted(conflict)),
                       tuple(relaxations), _status(deadline))


def _budget_alone(feasible: Feasibility, everything: frozenset[str]) -> bool:
    """The budget alone is the only minimal conflict when it conflicts on its own and the rest is
    satisfiable (so every conflict holds it): deletion from everything or from any core ends
    there, so neither the core nor the deletion's walks are needed."""
    return ("budget" in everything and feasible(everything - {"budget"})
            and not feasible(frozenset({"budget"})))


def _cpsat_core(catalog: Catalog, style: Style, request: Request, deadline: Deadline) -> tuple[str, ...]:
    """Requirements CP-SAT finds sufficient for infeasibility, or () when it cannot say in time.
    The part-level model grows with the catalog; past CORE_MAX_PARTS deletion alone is faster."""
    if len(catalog.parts) > CORE_MAX_PARTS or deadline.remaining() < 0.5:
        return ()
    # Bounded by CP-SAT's own work count as well as the clock (when the operation has one): with
    # one worker the same request always gets the same core, so a work-bounded solver's
    # explanation (tests) never depends on how busy the machine is.
    seconds = min(2.0, deadline.remaining() / 2) if deadline.seconds is not None else None
    found = relaxed_space(catalog, style, request).core(requirement_groups(request),
                                                        Bound(seconds=seconds, work=CORE_WORK))
    return found.names if found.outcome.infeasible else ()


def _relaxations(feasible: Feasibility, everything: frozenset[str], request: Request) -> list[Relaxation]:
    found: list[frozenset[str]] = []
    for size in range(1, min(MAX_RELAXATION_SIZE, len(everything)) + 1):
        for drop in itertools.combinations(sorted(everything), size):
            dropped = frozenset(drop)
            if any(known <= dropped for known in found):
                continue  # not minimal
            if feasible(everything - dropped):
                found.append(dropped)
        if feasible.deadline.expired:
            break
    out = []
    for dropped in found:
        to = None
        text = "drop " + "; ".join(describe(request, n, feasible.catalog.currency) for n in sorted(dropped))
        if dropped == {"budget"}:
            to = int(feasible.cheapest(everything - {"budget"}))
            text = f"raise the budget to {money_text(to, feasible.catalog.currency)}"
        elif dropped == {"deadline"}:
            to = _earliest(feasible, everything, request)
            text = f"allow {to} days" if to is not None else text
        out.append(Relaxation(tuple(sorted(dropped)), text, to))
    return out


def _earliest(feasible: Feasibility, everything: frozenset[str], request: Request) -> int | None:
    """The shortest deadline that restores a solution, by bisection over days."""
    low, high = (request.deadline_days or 0) + 1, 3650
    original = feasible.request
    best = None
    while low <= high:
        middle = (low + high) // 2
        feasible.request = original.model_copy(update={"deadline_days": middle})
        feasible.memo.clear()
        if feasible(everything):
            best, high = middle, middle - 1
        else:
            low = middle + 1
    feasible.request = original
    feasible.memo.clear()
    return best


def _status(deadline: Deadline) -> ExitStatus:
    return ExitStatus.INCOMPLETE if deadline.expired else ExitStatus.COMPLETE
