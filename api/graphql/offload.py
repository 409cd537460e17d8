"""Blocking work (the solver, the store) runs in worker threads, never on the event loop.

One slow solve then delays only its own request. The solver bounds each solve by
settings.solver_time_limit_s and says so (`complete: false`) when the limit cut it short.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import anyio.to_thread
from starlette.concurrency import run_in_threadpool

from api.graphql.context import Context
from api.graphql.errors import ApiError, relocated
from api.graphql.limits import MAX_SOLVES
from catalog.exceptions import LinkwiseError
from solver.results import Candidate

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


async def solve(context: Context, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """A solver call in a solver thread; its refusals of the request are named under `selection`.

    A request may ask for at most MAX_SOLVES solver operations (aliases could otherwise multiply
    the work of one request).
    """
    context.solves += 1
    if context.solves > MAX_SOLVES:
        raise ApiError(
            f"a request may ask for at most {MAX_SOLVES} solver operations", code="TOO_MANY_SOLVES"
        )
    try:
        call = functools.partial(fn, *args, **kwargs)
        return await anyio.to_thread.run_sync(call, limiter=context.state.solver_limiter)
    except LinkwiseError as exc:
        if exc.errors and all(err.field.startswith(REQUEST_FIELDS) for err in exc.errors):
            raise relocated(exc, "selection") from None
        raise


async def read_reasons(context: Context, candidates: list[Candidate]) -> None:
    """Find the candidates' reasons (solver.results.Deferred) in one solver thread."""
    if any(not c.found_reasons for c in candidates):
        await anyio.to_thread.run_sync(lambda: [c.reasons for c in candidates],
                                       limiter=context.state.solver_limiter)
