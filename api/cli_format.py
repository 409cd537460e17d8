"""How the CLI shows answers: aligned text tables for people, JSON for machines, progress on stderr."""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from pydantic import BaseModel

from catalog.parts import money_text
from solver.assembly import Evaluation, PriceBreakdown
from solver.results import Candidate, ExitStatus

# --- JSON ---------------------------------------------------------------------------------------


def jsonable(value: Any) -> Any:
    """Solver results as plain JSON values: enums by value, big integers exact, `complete` added."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Evaluation):
        return {
            "style_id": value.assembly.style_id,
            "choice": {slot: list(values) for slot, values in value.assembly.choice},
            "valid": value.valid,
            "violations": jsonable(value.violations),
            "price": jsonable(value.price),
            "lead_time_days": value.lead_time_days,
            "steps": jsonable(value.steps),
            "warnings": list(value.warnings),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "why"}
        if isinstance(value, Candidate):
            out["reasons"] = jsonable(value.reasons)  # found when read (`why`)
        if isinstance(value, PriceBreakdown):
            out["total_cents"] = value.total_cents
        status = getattr(value, "status", None)
        if isinstance(status, ExitStatus):
            out["complete"] = status is ExitStatus.COMPLETE
        return out
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset, Sequence)) and not isinstance(value, str):
        return [jsonable(v) for v in value]  # a Sequence: candidates made when read (solver.candidate_list)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def print_json(value: Any, out: TextIO | None = None) -> None:
    stream = out or sys.stdout
    stream.write(json.dumps(jsonable(value), indent=2, ensure_ascii=False) + "\n")


# --- text ---------------------------------------------------------------------------------------


def money(cents: int | None, currency: str = "EUR") -> str:
    if cents is None:
        return "—"
    return money_text(cents, currency)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str] | None = None, indent: str = "") -> str:
    """Columns padded to their widest cell; the last column is left ragged."""
    every = [list(headers)] if headers else []
    every += [list(row) for row in rows]
    if not every:
        return ""
    widths = [max(len(row[i]) if i < len(row) else 0 for row in every) for i in range(len(every[0]))]
    lines = []
    for n, row in enumerate(every):
        cells = [cell.ljust(widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        lines.append(indent + "  ".join(cells).rstrip())
        if headers and n == 0:
            lines.append(indent + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def completeness(status: ExitStatus) -> str:
    return "complete" if status is ExitStatus.COMPLETE else "INCOMPLETE (time limit reached: partial answer)"


# --- progress -----------------------------------------------------------------------------------


@contextmanager
def progress(label: str, *, quiet: bool = False, stream: TextIO | None = None) -> Iterator[None]:
    """Show that long work is under way: a spinner with elapsed time on a terminal, lines otherwise."""
    out = stream or sys.stderr
    if quiet:
        yield
        return
    start = time.monotonic()
    interactive = out.isatty()
    stop = threading.Event()

    def spin() -> None:
        frames = "|/-\\"
        n = 0
        while not stop.wait(0.1):
            out.write(f"\r{frames[n % 4]} {label}… {time.monotonic() - start:.1f} s")
            out.flush()
            n += 1

    spinner = threading.Thread(target=spin, daemon=True) if interactive else None
    if spinner is not None:
        spinner.start()
    else:
        out.write(f"{label}…\n")
        out.flush()
    try:
        yield
    finally:
        stop.set()
        if spinner is not None:
            spinner.join()
            out.write("\r\033[K")
        out.write(f"{label}: {time.monotonic() - start:.1f} s\n")
        out.flush()
