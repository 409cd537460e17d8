"""The solver's front door: one `Solver` per catalog version answers every operation.

Compiled spaces are cached per (catalog version, style, request essentials), so a request pays
only for its own picks. Everything returned is one of the types in `solver.results`.
"""

from __future__ import annotations

from catalog.exceptions import FieldError, NotFound, ValidationFailed
from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request
from solver.space import validate_request
from solver.results import (
    AddOns,
    CountResult,
    Explanation,
    ImpactReport,
    LintReport,
    OptionsResult,
    Page,
    Recommendations,
)
from solver.assembly import Assembly, Evaluation
from solver.check import evaluate
from solver.hubs import Deadline
from solver.options import options as _options
from solver.solve import SpaceCache


class Solver:
    def __init__(self, catalog: Catalog, *, time_limit_s: float = 5.0) -> None:
        self.catalog = catalog
        self.time_limit_s = time_limit_s
        self.spaces = SpaceCache()

    def _style(self, style_id: str) -> Style:
        try:
            return self.catalog.style(style_id)
        except KeyError:
            raise NotFound(f"no style {style_id}") from None

    def _deadline(self) -> Deadline:
        return Deadline(self.time_limit_s)

    def check(self, style_id: str, request: Request, choice: dict[str, list[str]]) -> Evaluation:
        """Validate one complete assembly: violations (rule codes), price, lead time, steps."""
        style = self._style(style_id)
        validate_request(style, request)
        unknown = [name for name in choice if name not in {s.name for s in style.slots}]
        if unknown:
            raise ValidationFailed("assembly refused", errors=[
                FieldError(f"assembly.{name}", "unknown_slot", f"style {style_id} has no slot {name}")
                for name in unknown])
        assembly = Assembly.build(style.id, [s.name for s in style.slots],
                                  {k: tuple(v) for k, v in choice.items()})
        return evaluate(self.catalog, style, request, assembly)

    def options(self, style_id: str, request: Request) -> OptionsResult:
        return _options(self.spaces, (self.catalog, self._style(style_id)), request, self._deadline())

    def enumerate(self, style_id: str, request: Request, first: int = 20, after: str | None = None) -> Page:
        raise NotImplementedError

    def count(self, style_id: str, request: Request) -> CountResult:
        raise NotImplementedError

    def recommend(self, style_id: str, request: Request, k: int = 5) -> Recommendations:
        raise NotImplementedError

    def explain(self, style_id: str, request: Request) -> Explanation:
        raise NotImplementedError

    def add_ons(self, owned_skus: list[str], request: Request) -> AddOns:
        raise NotImplementedError

    def impact(self, sku: str) -> ImpactReport:
        raise NotImplementedError

    def lint(self) -> LintReport:
        raise NotImplementedError
