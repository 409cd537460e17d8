"""solver.heap: the warm heap leaves the collector's scans, and is collected again at the next
settle (an edit's new version), so frozen cycles of a version gone do not stay for good."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from solver import heap


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture
def restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settle_freezes_and_the_next_settle_collects_frozen_cycles(restored: None) -> None:
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    gone = weakref.ref(a)
    heap.settle()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[2] >= heap.FULL_EVERY
    del a, b
    gc.collect()
    assert gone() is not None  # frozen: a collection does not look at it
    heap.settle()
    assert gone() is None  # the next settle unfreezes and collects it
