"""impact() of a module and lint() of a catalog: where parts take part, and which are dead.

A part is dead when no valid piece of any style contains it; options() over the empty selection
decides that exactly, slot by slot; solver.dead says why.
"""

from __future__ import annotations

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.candidate_list import values_of
from solver.count_marginals import kept_marginals, splits
from solver.counting import count_space
from solver.dead import dead_reason
from solver.deadline import Cut, Deadline
from solver.hubs import compiled_size
from solver.options import options
from solver.request import Request, SlotPick
from solver.results import (
    CandidateStatus,
    CountResult,
    DeadPart,
    ExitStatus,
    ImpactReport,
    LintReport,
    OptionsResult,
    StyleCount,
)
from solver.ring_charm_counts import kept_ring_charm_counts, ring_charm_counts
from solver.solve import SpaceCache


def _status(*complete: bool) -> ExitStatus:
    return ExitStatus.COMPLETE if all(complete) else ExitStatus.INCOMPLETE


def style_options(cache: SpaceCache, catalog: Catalog, deadline: Deadline) -> dict[str, OptionsResult]:
    return {style.id: empty_options(cache, catalog, style, deadline)[0] for style in catalog.styles}


def empty_options(cache: SpaceCache, catalog: Catalog, style: Style,
                  deadline: Deadline) -> tuple[OptionsResult, frozenset[str]]:
    """options() of the empty selection and the SKUs it lists AVAILABLE in some slot, kept on the
    empty selection's space once complete: listing every candidate of every slot takes ~0.2 s
    at 10^4 parts, more than the rest of an impact lookup."""
    space = cache.get(catalog, style, Request(), deadline)
    known: tuple[OptionsResult, frozenset[str]] | None = space.memo.get(("empty-options",))
    if known is None:
        result = options(cache, catalog, style, Request(), deadline)
        known = (result, frozenset(v for slot in result.slots
                                   for v in values_of(slot.candidates, CandidateStatus.AVAILABLE)))
        if result.status is ExitStatus.COMPLETE:
            known = space.memo.setdefault(("empty-options",), known)
    return known


def prepare(cache: SpaceCache, catalog: Catalog, style: Style, deadline: Deadline) -> None:
    """What impact() reads of a style, built by Solver.warm: the ring and charm counts (the count
    marginals are built beside them) and the empty selection's options (~0.2 s at 10^4)."""
    ring_charm_counts(cache.get(catalog, style, Request(), deadline), deadline)
    empty_options(cache, catalog, style, deadline)


def pieces_with(cache: SpaceCache, catalog: Catalog, style: Style, sku: str, deadline: Deadline) -> tuple[int, bool]:
    """How many valid pieces of the style hold the part, and whether that count is complete.

    A piece holds it when some slot of its kind does. For a part of a kind with one slot, that
    is the count with the part picked there: for a chain, plating, clasp or extender a lookup in
    the style's count marginals (solver.count_marginals) once warm() built them, else a
    narrowed space's count. For a ring (up to three ring slots) or a charm, a lookup in the
    style's ring and charm counts (solver.ring_charm_counts) once warm() built them.
    Otherwise (a cold solver, charm rules) it is every piece, a count kept with the style's
    space, minus the pieces without it."""
    kind = catalog.by_sku()[sku].kind
    slots = [s.name for s in style.slots if s.kind.value == kind]
    if not slots:
        return 0, True
    if kind in (SlotKind.JUMP_RING, SlotKind.CHARM):
        # Built by warm() (prepare); None for the shapes it does not cover (charm rules), which
        # count the narrowed space below, as a cold solver does.
        base = cache.get(catalog, style, Request(), deadline)
        counts = kept_ring_charm_counts(base)
        if counts is not None:
            return counts.pieces_with(base, SlotKind(kind), sku), True
    if len(slots) == 1:
        base = cache.get(catalog, style, Request(), deadline)
        if splits(base, slots[0]):
            # Built by warm() and kept with the style's empty selection. Not built here: the walk
            # takes ~5 s at 10^4 parts, the whole of a served request's limit, and a cut walk
            # keeps nothing, so a cold solver counts the narrowed space as it always did.
            marginals = kept_marginals(base)
            if marginals is not None:
                return marginals.pieces_with(base, slots[0], sku), True
        picked = Request(picks=(SlotPick(slot=slots[0], skus=(sku,)),))
        counted = count_space(cache.get(catalog, style, picked, deadline), deadline)
        return counted.count, _complete(counted)
    everything = count_space(cache.get(catalog, style, Request(), deadline), deadline)
    without = count_space(cache.get(catalog, style, Request(exclude=(sku,)), deadline), deadline)
    return everything.count - without.count, _complete(everything, without)


def _complete(*counts: CountResult) -> bool:
    return all(c.status is ExitStatus.COMPLETE for c in counts)


def impact(cache: SpaceCache, catalog: Catalog, sku: str, deadline: Deadline) -> ImpactReport:
    """How many buildable pieces contain the part, per style; whether it is dead, and why."""
    counts = []
    complete = True
    per_style: dict[str, OptionsResult] = {}
    for style in catalog.styles:
        result, available = empty_options(cache, catalog, style, deadline)
        per_style[style.id] = result
        if result.status is ExitStatus.COMPLETE and sku not in available:
            counts.append(StyleCount(style.id, 0))  # in no valid piece of this style: nothing to count
            continue
        found, whole = pieces_with(cache, catalog, style, sku, deadline)
        complete = complete and whole
        counts.append(StyleCount(style.id, found, _status(complete)))
    dead = all(c.count == 0 for c in counts)
    # The rule that kills every completion (solver.dead), not what one example piece breaks.
    reasons = (dead_reason(catalog, catalog.by_sku()[sku], per_style),) if dead else ()
    return ImpactReport(sku, tuple(counts), dead, reasons, _status(complete))


def lint(cache: SpaceCache, catalog: Catalog, deadline: Deadline) -> LintReport:
    """Counts per style, unreachable styles, and dead parts with the reason for each."""
    counts = []
    for style in catalog.styles:
        space = cache.get(catalog, style, Request(), deadline)
        counted = count_space(space, deadline)
        counts.append(StyleCount(style.id, counted.count, counted.status, compiled_size(space)))
    alive: set[str] = set()
    per_style = style_options(cache, catalog, deadline)
    for result in per_style.values():
        for slot in result.slots:
            alive.update(values_of(slot.candidates, CandidateStatus.AVAILABLE))
    complete = all(c.status is ExitStatus.COMPLETE for c in counts) and all(
        r.status is ExitStatus.COMPLETE for r in per_style.values())
    # Only a complete walk proves a part dead; a cut-short one lists none rather than guess.
    dead: list[DeadPart] = []
    for part in catalog.parts if complete else ():
        if part.sku not in alive and part.status.value == "active":
            try:
                if deadline.check():
                    raise Cut
                dead.append(DeadPart(part.sku, part.kind, dead_reason(catalog, part, per_style)))
            except Cut:
                complete = False  # the parts listed so far are dead; the list is incomplete
                break
    return LintReport(tuple(counts), tuple(dead), tuple(c.style_id for c in counts if c.count == 0), _status(complete))
