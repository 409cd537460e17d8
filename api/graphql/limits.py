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


# --- what the HTTP guard checks before anything is parsed as GraphQL (api/http_guard.py) ---------

MAX_QUERY_CHARS = 32_768  # a document; comments and whitespace count too (tokens do not see them)
MAX_VARIABLE_LIST = 1_000  # items in any list in the variables (resolvers then apply their own caps)
MAX_VARIABLE_STRING = 10_000  # characters in any string in the variables
MAX_VARIABLE_DEPTH = 16  # nesting of objects and lists in the variables
MAX_JSON_DEPTH = 64  # nesting of the whole body, merchandisers' catalog documents included
OFFLOAD_PARSE_BYTES = 64 * 1024  # bodies larger than this are parsed in a worker thread
MAX_ERROR_TEXT = 300  # characters of client text (an unknown id…) echoed back in an error
