"""The solver's front door: one `Solver` per catalog version answers every operation.

Compiled spaces are cached per (catalog version, style, request essentials), so a request pays
only for its own picks. Everything returned is one of the types in `solver.results`.
"""

from __future__ import annotations

from catalog.model import Catalog
from solver.request import Request
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
from solver.assembly import Evaluation


class Solver:
    def __init__(self, catalog: Catalog, *, time_limit_s: float = 5.0) -> None:
        self.catalog = catalog
        self.time_limit_s = time_limit_s

    def check(self, style_id: str, request: Request, choice: dict[str, list[str]]) -> Evaluation:
        """Validate one complete assembly: violations (rule codes), price, lead time, steps."""
        raise NotImplementedError

    def options(self, style_id: str, request: Request) -> OptionsResult:
        raise NotImplementedError

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
