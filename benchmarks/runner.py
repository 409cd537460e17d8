"""Run one cell (engine × operation × catalog size) in a forked child, bounded in time.

The child answers the selections one by one and streams each answer back; the parent kills it
when one call exceeds the call bound or the cell its budget, so a peer (or our engine) that does
not finish is recorded as such instead of stalling the run. Peak memory is the child's
high-water resident set (VmHWM, reset at start) above its resident set at start: native memory
(CP-SAT, clingo) included, the catalog shared with the parent excluded.
"""

from __future__ import annotations

import multiprocessing as mp
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.selections import Selection

Work = Callable[[Any, Selection], Any]  # (state from setup, selection) -> object with value, complete


@dataclass
class Call:
    index: int
    seconds: float | None  # None: cut by a bound
    complete: bool = False
    value: Any = None
    error: str | None = None
    note: str = ""


@dataclass
class Cell:
    engine: str
    op: str
    size: int
    bound_s: float
    calls: list[Call] = field(default_factory=list)
    peak_mb: float | None = None
    skipped: str | None = None
    note: str = ""
    setup_s: float | None = None  # the engine's own preparation before the first call (not in p50/p95)

    def finished(self) -> list[Call]:
        return [c for c in self.calls if c.seconds is not None and c.error is None]

    @property
    def all_finished(self) -> bool:
        return bool(self.calls) and all(c.seconds is not None and c.error is None for c in self.calls)


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    return 0


def resident_mb() -> float:
    return _status_kb("VmRSS") / 1024


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")  # resets VmHWM to the current resident set
    except OSError:
        pass


def _child(conn: Any, setup: Callable[[], Any], work: Work, sels: Sequence[Selection]) -> None:
    try:
        _reset_peak()
        base = _status_kb("VmRSS")
        start = time.perf_counter()
        state = setup()
        conn.send(("ready", time.perf_counter() - start))
        for sel in sels:
            start = time.perf_counter()
            try:
                answer = work(state, sel)
            except NotImplementedError as exc:
                conn.send(("skip", f"NotImplementedError: {exc}" if str(exc) else "raises NotImplementedError"))
                return
            except Exception as exc:  # reported, not hidden: a crash is a result too
                conn.send(("call", sel.index, time.perf_counter() - start, None, False, repr(exc)[:300],
                           (_status_kb("VmHWM") - base) / 1024, ""))
                continue
            seconds = time.perf_counter() - start
            conn.send(("call", sel.index, seconds, answer.value, bool(answer.complete), None,
                       (_status_kb("VmHWM") - base) / 1024, str(getattr(answer, "note", ""))))
        conn.send(("done",))
    except BaseException:
        conn.send(("crash", traceback.format_exc()[-800:]))
    finally:
        conn.close()


def run_cell(cell: Cell, setup: Callable[[], Any], work: Work, sels: Sequence[Selection],
             cell_budget_s: float) -> Cell:
    """Answer the selections in a child; a call past the bound is killed and recorded as not
    finished, and a fresh child goes on with the next selection while the cell budget lasts."""
    stop = [time.monotonic() + cell_budget_s]  # the setup's own time is added: it is not the cell's work
    pending = list(sels)
    while pending and time.monotonic() < stop[0] and cell.skipped is None:
        cut = _run_child(cell, setup, work, pending, stop)
        done = {c.index for c in cell.calls}
        if cut is not None:
            cell.calls.append(Call(cut, None))
            done.add(cut)
            if time.monotonic() < stop[0]:
                cell.note = f"a call ran past {cell.bound_s:.0f} s"
        pending = [s for s in pending if s.index not in done]
        if cut is None and pending:
            break  # the child stopped on its own (crash): do not loop on it
    for sel in pending:
        cell.calls.append(Call(sel.index, None, error="not run"))
    cell.calls.sort(key=lambda c: c.index)
    return cell


SETUP_BOUND_S = 900.0  # an engine's preparation (our warm-up) before its first call


def _run_child(cell: Cell, setup: Callable[[], Any], work: Work, sels: Sequence[Selection],
               stop: list[float]) -> int | None:
    """Run the selections in one forked child; the index of the call that was cut, if any."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, setup, work, list(sels)), daemon=True)
    proc.start()
    child.close()
    call_start = time.monotonic()
    pending = [s.index for s in sels]
    ready = False
    try:
        while pending:
            bound = cell.bound_s if ready else SETUP_BOUND_S
            wait = min(call_start + bound, stop[0] if ready else call_start + bound) - time.monotonic()
            if wait <= 0 or not parent.poll(wait):
                if not ready:
                    cell.note = f"setup ran past {SETUP_BOUND_S:.0f} s"
                elif time.monotonic() >= stop[0]:
                    cell.note = "cell budget spent"
                return pending[0]
            try:
                msg = parent.recv()
            except EOFError:
                cell.note = "child exited"
                return None
            if msg[0] == "ready":
                ready = True
                cell.setup_s = msg[1] if cell.setup_s is None else max(cell.setup_s, msg[1])
                stop[0] += msg[1]
                call_start = time.monotonic()
            elif msg[0] == "call":
                _, index, seconds, value, complete, error, peak, note = msg
                cell.calls.append(Call(index, seconds, complete, value, error, note))
                cell.peak_mb = max(cell.peak_mb or 0.0, peak)
                pending.remove(index)
                call_start = time.monotonic()
            elif msg[0] == "skip":
                cell.skipped = msg[1]
                return None
            elif msg[0] == "crash":
                cell.note = "crashed: " + msg[1].strip().splitlines()[-1]
                return None
            else:
                return None
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
