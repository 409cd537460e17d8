"""Suspended searches: the next page of assemblies continues where the last page stopped.

enumerate's cursors stay opaque and stateless — any process can serve any page by walking the
assemblies again from the cheapest — but walking again makes page n cost n pages. So a search
that filled a page is kept here, keyed by its request and the cursor it handed out, and the next
page resumes its queue: the 50th page costs about what the first did. A miss (another worker
process, an evicted search, a cursor from a cut-short walk) falls back to the walk, which gives
the same page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.assembly import Assembly
    from solver.enumeration import Enumerator

SearchKey = tuple[str, str, str]  # (style id, the request as canonical JSON, the cursor handed out)
CAPACITY = 32  # suspended searches per solver; each holds its queue of partial pieces


@dataclass
class Suspended:
    search: Enumerator
    walk: Iterator[tuple[int, Assembly]]
    pending: tuple[int, Assembly] | None  # the next page's first assembly, already drawn


class Searches:
    """The searches that may be resumed, least recently suspended first out."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[SearchKey, Suspended] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, key: SearchKey) -> Suspended | None:
        """Remove and return the search suspended at this cursor: a generator runs in one thread
        at a time, so two requests for the same page never resume one search together."""
        with self._lock:
            return self._kept.pop(key, None)

    def keep(self, key: SearchKey, suspended: Suspended) -> None:
        with self._lock:
            self._kept[key] = suspended
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)

    def __len__(self) -> int:
        return len(self._kept)
