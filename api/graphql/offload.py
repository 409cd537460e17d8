"""Blocking work (the solver, the store) runs in worker threads, never on the event loop.

One slow solve then delays only its own request. The solver bounds each solve by
settings.solver_time_limit_s and says so (`complete: false`) when the limit cut it short.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from api.graphql.errors import relocated
from catalog.exceptions import LinkwiseError

P = ParamSpec("P")
R = TypeVar("R")

REQUEST_FIELDS = (
    "picks",
    "budget_cents",
    "quantity",
    "deadline_days",
    "nickel_free",
    "text",
    "on_date",
    "preferences",
)


async def blocking(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`fn(*args, **kwargs)` in a worker thread."""
    return await run_in_threadpool(functools.partial(fn, *args, **kwargs))


async def solve(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """A solver call in a worker thread; its refusals of the request are named under `selection`."""
    try:
        return await run_in_threadpool(functools.partial(fn, *args, **kwargs))
    except LinkwiseError as exc:
        if exc.errors and all(err.field.startswith(REQUEST_FIELDS) for err in exc.errors):
            raise relocated(exc, "selection") from None
        raise
