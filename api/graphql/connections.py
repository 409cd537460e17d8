"""Relay connections: opaque cursors, page-size caps, and paging over catalog lists.

Catalog lists (parts, styles) are ordered by their key, and a cursor names the last key seen, so
paging stays stable while the catalog grows. Assemblies are paged by the solver's own cursor; an
edge in the middle of a page is "the page's start cursor plus k items", so every edge has a
cursor the solver can resume from exactly.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry
from strawberry import relay

from api.graphql.catalog_types import PartNode, StyleNode
from api.graphql.errors import ApiError

T = TypeVar("T")
MAX_SKIP = 100  # cursors the API issues skip at most one page


def encode(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def decode(kind: str, cursor: str, field: str = "after") -> str:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode()).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    found, sep, value = text.partition(":")
    if not sep or found != kind:
        raise ApiError(f"{field} is not a cursor of this list", code="INVALID_CURSOR", field=field)
    return value


# --- key-ordered catalog lists ------------------------------------------------------------------


@dataclass(frozen=True)
class Window(Generic[T]):
    """One page of a key-ordered list: (cursor, item) pairs and where the page sits."""

    edges: list[tuple[str, T]]
    has_next: bool
    has_previous: bool
    total: int

    @property
    def page_info(self) -> relay.PageInfo:
        return page_info([cursor for cursor, _ in self.edges], self.has_next, self.has_previous)


def key_window(
    items: Sequence[T], key: Callable[[T], str], kind: str, first: int, after: str | None
) -> Window[T]:
    """The `first` items after the cursor, in key order."""
    ordered = sorted(items, key=key)
    start = 0
    if after is not None:
        last = decode(kind, after)
        start = next((i for i, item in enumerate(ordered) if key(item) > last), len(ordered))
    page = ordered[start : start + first]
    return Window(
        [(encode(kind, key(item)), item) for item in page],
        start + first < len(ordered),
        start > 0,
        len(ordered),
    )


def page_info(cursors: list[str], has_next: bool, has_previous: bool) -> relay.PageInfo:
    return relay.PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@strawberry.type
class PartEdge:
    cursor: str
    node: PartNode


@strawberry.type
class PartConnection:
    edges: list[PartEdge]
    page_info: relay.PageInfo
    total_count: int = strawberry.field(description="Parts matching the filter, over all pages.")

    @strawberry.field
    def nodes(self) -> list[PartNode]:
        return [edge.node for edge in self.edges]


@strawberry.type
class StyleEdge:
    cursor: str
    node: StyleNode


@strawberry.type
class StyleConnection:
    edges: list[StyleEdge]
    page_info: relay.PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[StyleNode]:
        return [edge.node for edge in self.edges]


# --- assemblies ---------------------------------------------------------------------------------

ASSEMBLY_CURSOR = "assemblies"


def assembly_cursor(solver_cursor: str | None, skip: int) -> str:
    return encode(ASSEMBLY_CURSOR, f"{skip}:{solver_cursor or ''}")


def read_assembly_cursor(after: str | None) -> tuple[str | None, int]:
    """(the solver's cursor to resume from, items to skip after it)."""
    if after is None:
        return None, 0
    skip_text, sep, solver_cursor = decode(ASSEMBLY_CURSOR, after).partition(":")
    if not sep or not skip_text.isdigit() or int(skip_text) > MAX_SKIP:
        raise ApiError("after is not a cursor of this list", code="INVALID_CURSOR", field="after")
    return solver_cursor or None, int(skip_text)
