"""Which compiled spaces the cache keeps: what a shopper's next answer needs survives an
enumeration's flood of one-off prefix spaces (answers never depend on it, only their cost)."""

from __future__ import annotations

import gc
import weakref

from catalog.demo import load_demo_catalog
from solver.deadline import unbounded
from solver.request import Request
from solver.solve import SpaceCache, solve_space

CATALOG = load_demo_catalog()
STYLE = CATALOG.style("anklet")
SIZE = 8


def _one_off(i: int) -> Request:
    """A request no one asks for twice, as enumeration's prefixes are."""
    return Request(exclude=(CATALOG.parts[i].sku,))


def test_a_flood_of_one_off_spaces_keeps_the_empty_selection_and_spaces_asked_again() -> None:
    cache = SpaceCache(size=SIZE)
    empty = cache.get(CATALOG, STYLE, Request())  # the warm-up's
    shopper = Request(quantity=2)
    first = cache.get(CATALOG, STYLE, shopper)
    assert cache.get(CATALOG, STYLE, shopper) is first  # options, then count: asked again
    once = cache.get(CATALOG, STYLE, Request(quantity=3))
    for i in range(4 * SIZE):
        cache.get(CATALOG, STYLE, _one_off(i))
        assert len(cache._spaces) <= SIZE
    assert cache.get(CATALOG, STYLE, Request()) is empty
    assert cache.get(CATALOG, STYLE, shopper) is first
    assert cache.get(CATALOG, STYLE, Request(quantity=3)) is not once  # asked once: flooded out


def test_spaces_asked_again_are_kept_least_recently_used_first() -> None:
    cache = SpaceCache(size=SIZE)
    kept = SIZE // 4
    asked = [Request(quantity=q) for q in range(2, kept + 3)]  # one more than the cache keeps
    spaces = []
    for request in asked:
        spaces.append(cache.get(CATALOG, STYLE, request))
        cache.get(CATALOG, STYLE, request)
    for i in range(4 * SIZE):
        cache.get(CATALOG, STYLE, _one_off(i))
    assert cache.get(CATALOG, STYLE, asked[0]) is not spaces[0]  # the least recently asked again
    assert all(cache.get(CATALOG, STYLE, r) is s for r, s in zip(asked[-kept:], spaces[-kept:], strict=True))


def test_a_cache_of_only_empty_selections_still_makes_room() -> None:
    cache = SpaceCache(size=1)
    cache.get(CATALOG, STYLE, Request())
    other = CATALOG.style("charm-necklace")
    cache.get(CATALOG, other, Request())
    assert len(cache._spaces) == 1


def test_an_evicted_space_is_freed_by_reference_counting_alone() -> None:
    """A solved space points at its solution and the solution (and its hubs) back at it: once
    evicted, nothing of it may wait for the cyclic collector (whose full passes over a warm
    10^4 heap took a second each). The assertion holds only if eviction breaks that cycle."""
    cache = SpaceCache(size=SIZE)
    gc.collect()
    gc.disable()
    try:
        solved = cache.get(CATALOG, STYLE, _one_off(0))
        assert solve_space(solved, unbounded()).hub is not None  # a solution with its hub, kept in the memo
        gone = weakref.ref(solved)
        del solved
        for i in range(1, 2 * SIZE):
            cache.get(CATALOG, STYLE, _one_off(i))
        assert gone() is None
    finally:
        gc.enable()
