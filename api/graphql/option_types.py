"""GraphQL types for options: every slot's candidates, paged, converted from solver.results.

Candidates come from the solver made when read (solver.candidate_list): a page converts only
its own, and a status filter is a range of the list (sorted available first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField, Selection

from api.graphql import fields
from api.graphql.catalog_types import Money, PartNode, StyleNode
from api.graphql.context import ctx
from api.graphql.enums import CandidateStatus, SlotKind
from api.graphql.errors import ApiError
from api.graphql.limits import page_size
from api.graphql.offload import read_reasons
from api.graphql.result_types import Assembly, Reason, assembly, complete
from api.state import Snapshot
from solver import results as res
from solver.candidate_list import CandidateList


@strawberry.type(description="One value a slot could take, with its status and the cheapest complete price.")
class Candidate:
    value: str = strawberry.field(description="A SKU, or an option code.")
    name: str
    status: CandidateStatus
    available: bool
    min_total: Money | None = strawberry.field(
        description="The cheapest complete piece with this value, when it can be completed."
    )
    found: strawberry.Private[res.Candidate]

    @fields.field(description="Why not, when unavailable.")
    def reasons(self) -> list[Reason]:
        # Found when asked: a page of candidates reads a page of reasons (solver.results.Deferred).
        return [Reason.of(r) for r in self.found.reasons]

    @fields.field(description="The part, when the value is a SKU.")
    async def part(self, info: Info[Any, Any]) -> PartNode | None:
        return await ctx(info).loaders.parts.load(self.value)


@strawberry.type(description="One slot's candidates: the parts its style admits, or the option values.")
class SlotOptions:
    slot: str
    kind: SlotKind
    min_count: int
    max_count: int
    # The solver's candidates (made when read, solver.candidate_list): only a page is converted.
    found: strawberry.Private[Sequence[res.Candidate]]
    currency: strawberry.Private[str]
    outside_style_count: int = strawberry.field(
        description="Parts of this kind the style's filters leave out of the slot (not listed)."
    )

    @fields.field(
        description="Available first, cheapest first. Narrow by `status` or `search` (in value or "
        "name, case-insensitive); page with `first` and `after` (the value of the last one seen)."
    )
    async def candidates(
        self,
        info: Info[Any, Any],
        first: int | None = None,
        after: str | None = None,
        status: CandidateStatus | None = None,
        search: str | None = None,
    ) -> list[Candidate]:
        places = self._places(status, search)
        if after is not None:
            at = self._place_of(places, after)
            if at is None:
                raise ApiError(f"{after} is not a candidate of {self.slot}", code="BAD_CURSOR", field="after")
            places = places[at + 1 :]
        if first is not None:
            places = places[: page_size(first, ctx(info).settings.max_page_size)]
        found = [self.found[i] for i in places]
        if _asks(info, "reasons"):
            # Reasons are found when first read, each a check of a whole piece: the page's, in
            # one solver thread, not one by one on the event loop.
            await read_reasons(ctx(info), found)
        return [candidate(c, self.currency) for c in found]

    @fields.field(description="How many candidates `status` and `search` leave, before paging.")
    def candidate_count(self, status: CandidateStatus | None = None, search: str | None = None) -> int:
        return len(self._places(status, search))

    def _places(self, status: CandidateStatus | None, search: str | None) -> Sequence[int]:
        """Where the candidates `status` and `search` leave are: candidates sorted available first
        (solver.candidate_list) give a status's as a range, without making the others."""
        found = self.found
        if not search:
            if status is None:
                return range(len(found))
            if isinstance(found, CandidateList):
                return range(*found.with_status(status))
        needle = (search or "").lower()
        return [i for i, c in enumerate(found)
                if (status is None or c.status == status) and needle in f"{c.value} {c.name}".lower()]

    def _place_of(self, places: Sequence[int], value: str) -> int | None:
        """The cursor's index within `places`."""
        if isinstance(self.found, CandidateList) and isinstance(places, range):
            at = self.found.place(value)
            return None if at is None or at not in places else places.index(at)
        return next((k for k, i in enumerate(places) if self.found[i].value == value), None)


def candidate(found: res.Candidate, currency: str) -> Candidate:
    return Candidate(
        value=found.value,
        name=found.name,
        status=found.status,
        available=found.status is res.CandidateStatus.AVAILABLE,
        found=found,
        min_total=Money.of(found.min_total_cents, currency) if found.min_total_cents is not None else None,
    )


def _asks(info: Info[Any, Any], name: str) -> bool:
    """Whether the query selects `name` on the objects the field resolves to (through fragments)."""
    def within(selections: list[Selection]) -> bool:
        return any(s.name == name if isinstance(s, SelectedField) else within(s.selections) for s in selections)

    return any(within(field.selections) for field in info.selected_fields)


@strawberry.type(description="Every open slot's candidates for a partial selection (backtrack-free).")
class Options:
    style_handle: str
    catalog_version: int
    slots: list[SlotOptions]
    example: Assembly | None = strawberry.field(
        description="The cheapest complete assembly consistent with the selection, if any."
    )
    complete: bool

    @strawberry.field
    def slot(self, name: str) -> SlotOptions | None:
        return next((s for s in self.slots if s.slot == name), None)

    @strawberry.field
    async def style(self, info: Info[Any, Any]) -> StyleNode | None:
        return await ctx(info).loaders.styles.load(self.style_handle)


def options(result: res.OptionsResult, snapshot: Snapshot) -> Options:
    return Options(
        style_handle=result.style_id,
        catalog_version=result.catalog_version,
        slots=[
            SlotOptions(
                slot=slot.slot,
                kind=SlotKind(slot.kind),
                min_count=slot.min_count,
                max_count=slot.max_count,
                outside_style_count=slot.outside_style,
                found=slot.candidates,
                currency=snapshot.currency,
            )
            for slot in result.slots
        ],
        example=assembly(result.example, snapshot) if result.example is not None else None,
        complete=complete(result.status),
    )
