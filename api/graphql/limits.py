"""Limits on what one request may ask: depth, tokens, aliases, page sizes and input list lengths.

Solver work is bounded separately, by `settings.solver_time_limit_s` inside each Solver.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension

from api.graphql.errors import ApiError

MAX_DEPTH = 10
MAX_TOKENS = 2_000  # document tokens; variables do not count, so big inputs go in variables
MAX_ALIASES = 20
MAX_INPUT_LIST = 100
DEFAULT_PAGE_SIZE = 20
MAX_SOLVES = 8  # solver operations (options, count, impact…) in one request

T = TypeVar("T")


def depth_limiter() -> SchemaExtension:
    return QueryDepthLimiter(max_depth=MAX_DEPTH)


def tokens_limiter() -> SchemaExtension:
    return MaxTokensLimiter(max_token_count=MAX_TOKENS)


def aliases_limiter() -> SchemaExtension:
    return MaxAliasesLimiter(max_alias_count=MAX_ALIASES)


def limit_extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories, so every request gets its own extension instances (reading the limits above)."""
    return [depth_limiter, tokens_limiter, aliases_limiter]


def page_size(first: int | None, max_page_size: int, field: str = "first") -> int:
    """`first` checked against the cap (settings.max_page_size)."""
    if first is None:
        return min(DEFAULT_PAGE_SIZE, max_page_size)
    if first < 0:
        raise ApiError(f"{field} cannot be negative", code="PAGE_SIZE", field=field)
    if first > max_page_size:
        raise ApiError(f"{field} is at most {max_page_size}", code="PAGE_SIZE", field=field)
    return first


def bounded(values: Sequence[T], field: str, limit: int = MAX_INPUT_LIST) -> Sequence[T]:
    """An input list, refused when longer than `limit` items."""
    if len(values) > limit:
        raise ApiError(
            f"{field} takes at most {limit} items, got {len(values)}", code="INPUT_TOO_LONG", field=field
        )
    return values
