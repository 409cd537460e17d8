"""The solver's front door: one `Solver` per catalog version answers every operation.

Compiled spaces are cached per (catalog version, style, request essentials), so a request pays
only for its own picks. Everything returned is one of the types in `solver.results`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace

from catalog.exceptions import FieldError, NotFound, ValidationFailed
from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver import heap
from solver.addon_arrays import arrays as addon_arrays
from solver.addons import add_ons as _add_ons
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate, with_defaults
from solver.count_marginals import count_marginals
from solver.counting import count_space
from solver.deadline import Cut, Deadline, running
from solver.enumeration import count_by_enumeration, encode_cursor, enumerate_page
from solver.explain import explain as _explain
from solver.impact import impact as _impact
from solver.impact import lint as _lint
from solver.impact import prepare as prepare_impact
from solver.options import options as _options
from solver.paging import Searches
from solver.picks import validate_request
from solver.recommend import recommend as _recommend
from solver.request import Request
from solver.results import (
    AddOns,
    CountResult,
    ExitStatus,
    Explanation,
    ImpactReport,
    LintReport,
    OptionsResult,
    Page,
    Recommendations,
)
from solver.solve import SpaceCache, solve_space

MAX_PAGE = 100
OPTIONS_CACHE = 512
GC_AFTER_WARM = 1_000  # parts


class Solver:
    def __init__(self, catalog: Catalog, *, time_limit_s: float | None = 5.0, work_limit: int | None = None,
                 previous: Solver | None = None) -> None:
        """`time_limit_s` bounds each operation's wall clock (serving); `work_limit` its steps (tests:
        an answer must not depend on how busy the machine is). Either cut turns an answer incomplete.
        `previous`: the solver of the version this one was edited from; what the edit cannot have
        changed is reused from it (solver.reuse), the rest compiled anew."""
        self.catalog = catalog
        self.time_limit_s = time_limit_s
        self.work_limit = work_limit
        self.spaces: SpaceCache = SpaceCache(
            previous=(previous.spaces, previous.catalog) if previous is not None else None)
        self.searches = Searches()  # enumerations suspended at a cursor, resumed by the next page
        self._options: dict[tuple[str, str], OptionsResult] = {}
        self._previous_options = dict(previous._options) if previous is not None else {}
        if previous is not None:
            previous.spaces.previous = None  # one link: versions never chain back in memory
            previous._previous_options = {}
        self._lock = threading.Lock()

    def _style(self, style_id: str) -> Style:
        try:
            return self.catalog.style(style_id)
        except KeyError:
            raise NotFound(f"no style {style_id}") from None

    def _deadline(self) -> Deadline:
        return Deadline(self.time_limit_s, self.work_limit)

    def warm(self, style_ids: Iterable[str] | None = None, time_limit_s: float = 300.0) -> dict[str, ExitStatus]:
        """Solve and count each style's empty selection once (DESIGN §6). Later requests on the
        style reuse the answer and, for every slot their picks leave alone, its units, plans, end
        options and charm tables.
        A style cut short by the limit keeps what it built and says INCOMPLETE."""
        done: dict[str, ExitStatus] = {}
        for style_id in style_ids if style_ids is not None else [s.id for s in self.catalog.styles]:
            deadline = Deadline(time_limit_s, self.work_limit)
            try:
                with running(deadline):
                    space = self.spaces.get(self.catalog, self._style(style_id), Request(), deadline)
                    solution = solve_space(space, deadline)
                    count_space(space, deadline)  # its charm tables serve every count that leaves the charms alone
                    count_marginals(space, deadline)  # impact's lookups (solver.count_marginals)
                    prepare_impact(self.spaces, self.catalog, space.style, deadline)  # rings, charms, empty options
            except Cut:
                done[style_id] = ExitStatus.INCOMPLETE
                continue
            whole = solution.complete and not deadline.expired
            done[style_id] = ExitStatus.COMPLETE if whole else ExitStatus.INCOMPLETE
        for kind in (SlotKind.CHARM, SlotKind.JUMP_RING, SlotKind.EXTENDER):
            addon_arrays(self.catalog, kind)  # add_ons' part arrays: ~40 ms at 10^4, not on the first owner's call
        if len(self.catalog.parts) >= GC_AFTER_WARM:
            heap.settle()  # the full collection a large warm-up calls for (~0.25 s at 10^4): here, not in a request
        return done

    def check(self, style_id: str, request: Request, choice: dict[str, list[str]]) -> Evaluation:
        """Validate one complete assembly: violations (rule codes), price, lead time, steps."""
        style = self._style(style_id)
        validate_request(style, request, self.catalog)
        unknown = [name for name in choice if name not in {s.name for s in style.slots}]
        if unknown:
            raise ValidationFailed("assembly refused", errors=[
                FieldError(f"assembly.{name}", "unknown_slot", f"style {style_id} has no slot {name}")
                for name in unknown])
        assembly = Assembly.build(style.id, [s.name for s in style.slots],
                                  with_defaults(style, {k: tuple(v) for k, v in choice.items()}))
        return evaluate(self.catalog, style, request, assembly)

    def options(self, style_id: str, request: Request) -> OptionsResult:
        """Every slot's candidates with status, reasons and cheapest total; one example piece.

        Complete answers are kept per (style, request): a catalog version never changes, so the
        empty selection — every shopper's first view — is computed once per style.
        """
        key = (style_id, request.model_dump_json())
        with self._lock:
            known = self._options.get(key)
        if known is not None:
            return known
        style = self._style(style_id)
        try:
            with running(self._deadline()) as deadline:
                result = self._carried_options(key, style, request, deadline) or _options(
                    self.spaces, self.catalog, style, request, deadline)
        except Cut:
            validate_request(style, request, self.catalog)  # a refused request says why, even when cut
            result = OptionsResult(style_id, self.catalog.version, (), None, ExitStatus.INCOMPLETE)
        if result.status is ExitStatus.COMPLETE:
            with self._lock:
                while len(self._options) >= OPTIONS_CACHE:
                    self._options.pop(next(iter(self._options)))
                self._options[key] = result
        return result

    def _carried_options(self, key: tuple[str, str], style: Style, request: Request,
                         deadline: Deadline) -> OptionsResult | None:
        """The previous version's complete answer, when this request's base came over unchanged."""
        before = self._previous_options.get(key)
        if before is None:
            return None
        self.spaces.get(self.catalog, style, request, deadline)  # carries the base over, if it can be
        if not self.spaces.carried_whole(style, request):
            return None
        return replace(before, catalog_version=self.catalog.version)

    def enumerate(self, style_id: str, request: Request, first: int = 20, after: str | None = None) -> Page:
        """Valid assemblies by (price, SKUs), `first` at a time after an opaque cursor."""
        if not 0 <= first <= MAX_PAGE:
            raise ValidationFailed("page refused", errors=[
                FieldError("first", "out_of_range", f"first must be between 0 and {MAX_PAGE}")])
        style = self._style(style_id)
        validate_request(style, request)
        deadline = self._deadline()
        try:
            with running(deadline):
                found, more, complete = enumerate_page(self.spaces, self.catalog, style, request, first, after,
                                                       deadline, self.searches)
        except Cut:
            return Page((), None, after, True, ExitStatus.INCOMPLETE)
        total = self._count(style, request, deadline)  # within the same limit
        items = tuple(evaluate(self.catalog, style, request, a) for _, a in found)
        cursor = encode_cursor((found[-1][0], found[-1][1].choice)) if found else after
        done = complete and total.status is ExitStatus.COMPLETE
        return Page(items, total.count, cursor, more, ExitStatus.COMPLETE if done else ExitStatus.INCOMPLETE)

    def count(self, style_id: str, request: Request) -> CountResult:
        """Exact number of valid assemblies (a lower bound, marked incomplete, if time ran out)."""
        return self._count(self._style(style_id), request, self._deadline())

    def _count(self, style: Style, request: Request, deadline: Deadline) -> CountResult:
        try:
            with running(deadline):
                space = self.spaces.get(self.catalog, style, request, deadline)
                if request.budget_cents is not None:
                    # Prices couple every slot; count the pieces under the budget by walking them in order.
                    count, complete = count_by_enumeration(self.spaces, self.catalog, style, request, deadline)
                    return CountResult(count, ExitStatus.COMPLETE if complete else ExitStatus.INCOMPLETE)
                return count_space(space, deadline)
        except Cut:
            return CountResult(0, ExitStatus.INCOMPLETE)  # a lower bound, as any cut count

    def recommend(self, style_id: str, request: Request, k: int = 5) -> Recommendations:
        """The k best pieces within budget, one per chain class (diverse), with price breakdowns."""
        if not 1 <= k <= MAX_PAGE:
            raise ValidationFailed("recommend refused", errors=[
                FieldError("k", "out_of_range", f"k must be between 1 and {MAX_PAGE}")])
        style = self._style(style_id)
        deadline = self._deadline()
        try:
            with running(deadline):
                space = self.spaces.get(self.catalog, style, request, deadline)
                found = _recommend(space, k, deadline)
        except Cut:
            return Recommendations((), ExitStatus.INCOMPLETE)
        items = tuple(evaluate(self.catalog, style, request, assembly) for _, assembly in found)
        return Recommendations(items, ExitStatus.INCOMPLETE if deadline.expired else ExitStatus.COMPLETE)

    def explain(self, style_id: str, request: Request) -> Explanation:
        """A minimal conflicting set of the user's requirements, and relaxations that restore a piece."""
        style = self._style(style_id)
        validate_request(style, request)
        try:
            with running(self._deadline()) as deadline:
                return _explain(self.spaces, self.catalog, style, request, deadline)
        except Cut:
            return Explanation(False, status=ExitStatus.INCOMPLETE)  # nothing decided: says incomplete

    def add_ons(self, owned_skus: list[str], request: Request, first: int = 20, replate: bool = False) -> AddOns:
        """Modules that attach to an owned piece as it is (or re-plated with it when `replate`),
        cheapest first, within the budget."""
        if not owned_skus or len(owned_skus) > MAX_PAGE:
            raise ValidationFailed("piece refused", errors=[
                FieldError("piece", "out_of_range", f"a piece lists 1 to {MAX_PAGE} SKUs")])
        unknown = [sku for sku in owned_skus if sku not in self.catalog.by_sku()]
        if unknown:
            raise ValidationFailed("piece refused", errors=[
                FieldError("piece", "unknown_sku", f"no part {sku} in catalog version {self.catalog.version}")
                for sku in unknown])
        return _add_ons(self.catalog, list(owned_skus), request, first, self._deadline(), replate)

    def impact(self, sku: str) -> ImpactReport:
        """Buildable pieces per style that contain the part; dead or not, and why."""
        if sku not in self.catalog.by_sku():
            raise NotFound(f"no part {sku} in catalog version {self.catalog.version}")
        try:
            with running(self._deadline()) as deadline:
                return _impact(self.spaces, self.catalog, sku, deadline)
        except Cut:
            return ImpactReport(sku, (), False, (), ExitStatus.INCOMPLETE)

    def lint(self) -> LintReport:
        """Counts per style, unreachable styles, dead parts with reasons."""
        try:
            with running(self._deadline()) as deadline:
                return _lint(self.spaces, self.catalog, deadline)
        except Cut:
            return LintReport((), (), (), ExitStatus.INCOMPLETE)
