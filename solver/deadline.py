"""The budget of one operation, and how long loops honour it.

DESIGN §4: when a limit cuts work short the answer says incomplete, and it comes back near the
limit. Hub walks check the budget once per hub; loops over parts (compiling a space, listing
candidates) spend one step per part and stop with `Cut` when the budget is gone, so that nothing
half-built is cached and the operation answers INCOMPLETE.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Loops over parts look at the clock once per this many parts (a step is still one part).
STRIDE = 256


class Cut(Exception):
    """The operation's budget ran out inside work that cannot stop half way (compiling a space):
    its caller answers INCOMPLETE, and nothing partial was kept."""


class Deadline:
    """The budget of one operation: wall-clock seconds (serving) and/or work steps (tests, so that
    a busy machine can never change an answer). Running out of either turns the answer incomplete;
    `None` leaves that side unbounded."""

    def __init__(self, seconds: float | None, steps: int | None = None) -> None:
        self.seconds = seconds
        self.steps = steps
        self.used = 0
        self.start = time.monotonic()
        self.expired = False

    def check(self, steps: int = 1) -> bool:
        """Count `steps` of work; true once the budget is spent."""
        self.used += steps
        if self.steps is not None and self.used > self.steps:
            self.expired = True
        if self.seconds is not None and time.monotonic() - self.start > self.seconds:
            self.expired = True
        return self.expired

    def spend(self, steps: int = 1) -> None:
        """Count `steps` of work inside work that cannot stop half way: raise `Cut` once spent."""
        if self.check(steps):
            raise Cut

    def remaining(self) -> float:
        if self.seconds is None:
            return float("inf")
        return max(0.0, self.seconds - (time.monotonic() - self.start))


def unbounded() -> Deadline:
    """No limit: work that must finish whatever it costs (a compile asked for without a budget)."""
    return Deadline(None)


# The running operation's budget, for loops deep inside shared work (charm tables, dead-part
# reasons) that no caller hands a deadline to. Per thread: each request runs in its own context.
_running: ContextVar[Deadline | None] = ContextVar("linkwise_deadline", default=None)


@contextmanager
def running(deadline: Deadline) -> Iterator[Deadline]:
    """Make `deadline` the one `tick` spends while the operation runs."""
    token = _running.set(deadline)
    try:
        yield deadline
    finally:
        _running.reset(token)


def tick(steps: int = 1) -> None:
    """Spend `steps` of the running operation's budget (none outside an operation): raise `Cut`
    once it is spent. For work that keeps nothing half-built when it stops."""
    deadline = _running.get()
    if deadline is not None:
        deadline.spend(steps)
