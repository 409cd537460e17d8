"""A shopper replayed as a storefront drives the engine (issue 8's headline benchmark).

Each step asks options, picks a random AVAILABLE candidate of a random open slot, then asks
every operation a storefront asks after a click: options, count, recommend (top 5), the first
page and the 50th page of assemblies (20 a page, reached by cursor), explain (the same picks
under a 1-cent budget, so there is a conflict to find), add_ons (on the example piece) and
impact (of one part of it). Every call is timed on its own; answers cut short say so.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from catalog.types import SlotKind
from solver.candidate_list import values_of
from solver.request import Request, SlotPick
from solver.results import CandidateStatus, ExitStatus, OptionsResult
from solver.service import Solver

PAGE = 20
FAR_PAGE = 50
WALK_PAGE = 100  # pages of the (untimed) walk to the 50th page's cursor
WALK_BUDGET_S = 15.0  # past this, the walk gives up: the 50th page is "not reached" for the step
TIGHT_BUDGET_CENTS = 1
CANDIDATE_PAGE = 100  # candidates a storefront shows per slot at once (settings.max_page_size)


@dataclass
class Timing:
    op: str
    style: str
    seconds: float
    complete: bool
    note: str = ""


@dataclass
class Replay:
    timings: list[Timing] = field(default_factory=list)
    picks: int = 0
    dead_ends: int = 0  # a pick shown available after which the count was a complete zero
    far_pages_short: int = 0  # steps whose space held fewer pieces than the 50th page needs
    far_pages_unreached: int = 0  # steps whose walk to the 50th page was cut short
    stopped: str = ""

    def time(self, op: str, style: str, call: Callable[[], Any], complete: Callable[[Any], bool]) -> Any:
        start = time.perf_counter()
        answer = call()
        self.timings.append(Timing(op, style, time.perf_counter() - start, complete(answer)))
        return answer


def _done(answer: Any) -> bool:
    return bool(answer.status is ExitStatus.COMPLETE)


def options_page(solver: Solver, style: str, request: Request) -> OptionsResult:
    """options as a storefront shows it: every candidate's status and total, and the reasons of
    the unavailable ones on each slot's first page (the API's cap on `first`). Reasons are found
    when read (solver.results.Deferred); a shopper scrolling further reads more."""
    answer = solver.options(style, request)
    for slot in answer.slots:
        for candidate in slot.candidates[:CANDIDATE_PAGE]:
            candidate.reasons  # noqa: B018 - read to be found
    return answer


def _open_slots(result: OptionsResult, picked: set[str]) -> list[tuple[str, list[str]]]:
    out = []
    for slot in result.slots:
        # The values alone: making every candidate of a 10^5 shop to pick one took longer than
        # the options answers it picks from (untimed, but it spent the replay's budget).
        available = values_of(slot.candidates, CandidateStatus.AVAILABLE)
        if slot.slot not in picked and available:
            out.append((slot.slot, available))
    return out


def _far_page(replay: Replay, solver: Solver, style: str, request: Request, cursor: str | None) -> None:
    """Walk (untimed) to the cursor after item 49 x 20, then time the 50th page alone."""
    seen = PAGE
    give_up = time.monotonic() + WALK_BUDGET_S
    while seen < PAGE * (FAR_PAGE - 1):
        walk = solver.enumerate(style, request, first=min(WALK_PAGE, PAGE * (FAR_PAGE - 1) - seen), after=cursor)
        if walk.status is not ExitStatus.COMPLETE or time.monotonic() > give_up:
            replay.far_pages_unreached += 1
            return
        if not walk.has_next_page:
            replay.far_pages_short += 1
            return
        seen += len(walk.items)
        cursor = walk.end_cursor
    replay.time("enumerate, page 50", style, lambda: solver.enumerate(style, request, first=PAGE, after=cursor), _done)


def after_pick(replay: Replay, solver: Solver, style: str, request: Request) -> OptionsResult:
    """Every operation a storefront asks after a click."""
    options: OptionsResult = replay.time("options", style, lambda: options_page(solver, style, request), _done)
    counted = replay.time("count", style, lambda: solver.count(style, request), _done)
    if counted.status is ExitStatus.COMPLETE and counted.count == 0:
        replay.dead_ends += 1
    replay.time("recommend, top 5", style, lambda: solver.recommend(style, request, 5), _done)
    first = replay.time("enumerate, page 1", style, lambda: solver.enumerate(style, request, first=PAGE), _done)
    if first.status is ExitStatus.COMPLETE and first.has_next_page:
        _far_page(replay, solver, style, request, first.end_cursor)
    elif first.status is ExitStatus.COMPLETE:
        replay.far_pages_short += 1
    else:
        replay.far_pages_unreached += 1
    tight = request.model_copy(update={"budget_cents": TIGHT_BUDGET_CENTS})
    replay.time("explain", style, lambda: solver.explain(style, tight), _done)
    if options.example is not None:
        known = solver.catalog.by_sku()
        skus = [sku for sku in options.example.assembly.skus() if sku in known]  # not option codes
        replay.time("add_ons", style, lambda: solver.add_ons(skus, Request()), _done)
        sku = skus[len(skus) // 2]
        replay.time("impact of one part", style, lambda: solver.impact(sku), _done)
    return options


def shop(replay: Replay, solver: Solver, style: str, rng: random.Random, max_picks: int, stop_at: float,
         every_op: bool = True) -> list[Request]:
    """One shopper: up to `max_picks` picks of available candidates. Returns the requests made
    (the empty one first), for peers to answer the same."""
    kinds = {s.name: s.kind for s in solver.catalog.style(style).slots}
    request = Request()
    requests = [request]
    options = replay.time("options", style, lambda: options_page(solver, style, request), _done)
    picked: set[str] = set()
    for _ in range(max_picks):
        if time.monotonic() > stop_at:
            replay.stopped = "time budget spent"
            break
        open_slots = _open_slots(options, picked)
        if not open_slots:
            break
        slot, available = rng.choice(open_slots)
        value = rng.choice(available)
        option = kinds[slot] is SlotKind.OPTION
        pick = SlotPick(slot=slot, option=value) if option else SlotPick(slot=slot, skus=(value,))
        picked.add(slot)
        request = Request(picks=(*request.picks, pick))
        requests.append(request)
        replay.picks += 1
        if every_op:
            options = after_pick(replay, solver, style, request)
        else:
            options = replay.time("options", style, functools.partial(options_page, solver, style, request), _done)
    return requests
