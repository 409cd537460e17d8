"""The comparison table, the verdicts on DESIGN §6's targets, the machine, README, JSON and plot."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.plan import OPS, OURS
from benchmarks.runner import Cell
from benchmarks.stats import fmt_s, loglog_slope, percentile, ran, times, verified_indices, verify

START, END = "<!-- results:start -->", "<!-- results:end -->"


def _cell(cells: list[Cell], engine: str, op: str, size: int) -> Cell | None:
    return next((c for c in cells if c.engine == engine and c.op == op and c.size == size), None)


def _row(cell: Cell, cells: list[Cell]) -> list[str]:
    size = f"{cell.size:,}"
    if cell.skipped:
        return [cell.op, size, cell.engine, "—", "—", "—", "—", "—", "—", cell.skipped]
    if cell.op == "footprint":
        got = cell.calls[0].value if cell.calls and cell.calls[0].value else {}
        shown = (f"catalog {got.get('catalog_mb', 0):.0f} MB + compiled spaces {got.get('spaces_mb', 0):.0f} MB "
                 f"({got.get('classes', 0):,} classes)") if got else cell.note
        return [cell.op, size, cell.engine, "1/1" if got else "0/1", fmt_s(times(cell)[0] if cell.calls else math.nan),
                "—", "—", f"{cell.peak_mb:.0f} MB" if cell.peak_mb else "—", "—", shown]
    ts = times(cell)
    done = [c for c in ran(cell) if c.seconds is not None and c.error is None]
    incomplete = sum(1 for c in done if not c.complete)
    errors = [c.error for c in cell.calls if c.error and c.error != "not run"]
    n = f"{len(done)}/{len(cell.calls)}"
    ratio = check = "—"
    ours = _cell(cells, OURS, cell.op, cell.size) if cell.engine != OURS else None
    if cell.engine != OURS:
        verdict = verify(cell.op, ours, cell)
        good = verified_indices(cell.op, ours, cell)
        if verdict.mismatches:
            check = f"MISMATCH on {len(verdict.mismatches)} (selections {verdict.mismatches})"
        elif verdict.checked:
            check = f"equal on {verdict.checked}" + (f", {verdict.unverified} unverified" if verdict.unverified else "")
        elif verdict.unverified:
            check = f"{verdict.unverified} unverified (ours incomplete or another conflict)"
        if good and ours is not None:
            peer_p50 = percentile(times(cell, good), 0.5)
            ours_p50 = percentile(times(ours, good), 0.5)
            ratio = f"{peer_p50 / ours_p50:.1f}× ours" if ours_p50 > 0 else "—"
        elif ours is not None and any(c.seconds is None for c in ran(cell)):
            ratio = "did not finish"
    notes = []
    said = sorted({c.note for c in done if not c.complete and c.note})
    if incomplete:
        notes.append(f"{incomplete} incomplete ({'; '.join(said) if said else 'time limit'})")
    if errors:
        notes.append(f"errors: {errors[0]}")
    if cell.note and (cell.engine == OURS or not cell.note.startswith(("available", "exact", "cheapest", "same"))):
        notes.append(cell.note)
    peak = f"{cell.peak_mb:.0f} MB" if cell.peak_mb is not None else "—"
    return [cell.op, size, cell.engine, n, fmt_s(percentile(ts, 0.5), cell.bound_s),
            fmt_s(percentile(ts, 0.95), cell.bound_s), ratio, peak, check, "; ".join(notes)]


HEADER = ["operation", "parts", "engine", "done", "p50", "p95", "peer ÷ ours (p50)", "peak mem", "answers",
          "notes"]


def print_table(cells: list[Cell]) -> str:
    order = {op: i for i, op in enumerate(("footprint", "warm-up", *OPS))}
    rows = sorted(cells, key=lambda c: (order.get(c.op, 99), c.size, c.engine != OURS, c.engine))
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(_row(c, cells)) + " |" for c in rows]
    table = "\n".join(lines)
    print(table)
    return table


def _p95(cells: list[Cell], op: str, size: int) -> tuple[float, Cell | None]:
    cell = _cell(cells, OURS, op, size)
    if cell is None or cell.skipped:
        return math.nan, cell
    return percentile(times(cell), 0.95), cell


def _complete(cell: Cell | None) -> bool:
    return cell is not None and cell.all_finished and all(c.complete for c in cell.calls)


def _latency_target(cells: list[Cell], op: str, title: str, limit_s: float) -> str:
    p95, cell = _p95(cells, op, 10_000)
    whole = _complete(cell)
    met = whole and p95 <= limit_s
    shown = fmt_s(p95, cell.bound_s if cell else None)
    return (f"- {title}: {'MET' if met else 'MISSED'} — p95 {shown}"
            + ("" if whole else " (some answers cut by a bound or marked incomplete by the engine's time limit)"))


def _clingo_target(ours: Cell, clingo: Cell, size: int) -> str:
    """Met when every selection clingo ran shows ours ≥ 10× faster with an exact answer: on the
    verified ones by their times, on those clingo did not finish by the bound over our time."""
    title = f"- options ≥ 10× faster than clingo at {size:,}"
    good = verified_indices("options", ours, clingo)
    mine = {c.index: c for c in ours.calls}
    cut = [c.index for c in ran(clingo) if c.seconds is None]
    lows = []
    for index in cut:
        call = mine.get(index)
        seconds = call.seconds if call is not None and call.complete else None
        lows.append((index, clingo.bound_s / seconds if seconds else None))
    parts = []
    met = bool(good) or bool(lows)
    if good:
        ratio = percentile(times(clingo, good), 0.5) / percentile(times(ours, good), 0.5)
        met = met and ratio >= 10
        parts.append(f"clingo/ours = {ratio:.2f}× (p50) on {len(good)} verified selections "
                     f"(ours {fmt_s(percentile(times(ours, good), 0.5))}, clingo "
                     f"{fmt_s(percentile(times(clingo, good), 0.5))})")
    for index, low in lows:
        met = met and low is not None and low >= 10
        parts.append(f"selection {index}: clingo > {clingo.bound_s:.0f} s, ours "
                     + (f"exact, ratio > {low:.1f}×" if low is not None else "not exact (incomplete)"))
    if not parts:
        return f"{title}: NOT COMPARABLE — no selection both answered"
    return f"{title}: {'MET' if met else 'MISSED'} — " + "; ".join(parts)


def targets(cells: list[Cell]) -> list[str]:
    out = ["Targets (DESIGN §6), measured in this run:"]
    out.append(_latency_target(cells, "options", "options p95 ≤ 50 ms at 10,000 parts", 0.050))
    for size in (1_000, 10_000):
        clingo = _cell(cells, "clingo", "options", size)
        ours = _cell(cells, OURS, "options", size)
        if clingo is None or ours is None or clingo.skipped or ours.skipped:
            out.append(f"- options ≥ 10× faster than clingo at {size:,}: NOT MEASURED")
            continue
        out.append(_clingo_target(ours, clingo, size))
    out.append(_latency_target(cells, "count", "exact count ≤ 1 s at 10,000 parts", 1.0))
    out.append(_latency_target(cells, "recommend", "recommend top-5 ≤ 100 ms at 10,000 parts", 0.100))
    foot = sorted((c for c in cells if c.op == "footprint" and c.calls and c.calls[0].value), key=lambda c: c.size)
    points = [(float(c.size), float(c.calls[0].value["catalog_mb"] + c.calls[0].value["spaces_mb"])) for c in foot]
    slope = loglog_slope(points)
    if slope is None:
        out.append("- memory ~linear: NOT MEASURED (fewer than two sizes)")
    else:
        shown = ", ".join(f"{int(x):,}: {y:.0f} MB" for x, y in points)
        out.append(f"- memory ~linear in catalog size (catalog + compiled spaces of all styles, tracemalloc): "
                   f"{'MET' if 0.8 <= slope <= 1.2 else 'MISSED'} — log-log slope {slope:.2f} ({shown}); per-request "
                   "peaks are in the table")
    warm = sorted((c for c in cells if c.op == "warm-up" and c.calls and c.calls[0].seconds is not None),
                  key=lambda c: c.size)
    if warm:
        shown = ", ".join(f"{c.size:,}: {fmt_s(c.calls[0].seconds or math.nan)}, {c.peak_mb or 0:.0f} MB"
                          + ("" if c.calls[0].complete else " (cut by its limit)") for c in warm)
        slope = loglog_slope([(float(c.size), float(c.peak_mb or 0)) for c in warm if c.size >= 1_000])
        out.append(f"- warm-up once per catalog version (`Solver.warm`, every style's empty selection solved and "
                   f"counted; reported, not a target): {shown}"
                   + (f"; memory log-log slope {slope:.2f}" if slope is not None else ""))
    return out


def machine() -> dict[str, str]:
    def sh(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout
        except OSError:
            return ""

    model = next((line.split(":", 1)[1].strip() for line in sh(["lscpu"]).splitlines()
                  if line.startswith("Model name")), platform.processor())
    import clingo
    import ortools

    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model,
        "nproc": sh(["nproc"]).strip() or str(os.cpu_count()),
        "memory": next((line.split(":", 1)[1].strip() for line in open("/proc/meminfo") if line.startswith("MemTotal")),
                       "?"),
        "python": platform.python_version(),
        "ortools": getattr(ortools, "__version__", "?"),
        "clingo": getattr(clingo, "__version__", "?"),
        "commit": sh(["git", "rev-parse", "--short", "HEAD"]).strip(),
    }


def save_json(path: Path, cells: list[Cell], info: dict[str, str]) -> None:
    data: dict[str, Any] = {"machine": info, "cells": []}
    for cell in cells:
        data["cells"].append({
            "engine": cell.engine, "op": cell.op, "size": cell.size, "skipped": cell.skipped, "note": cell.note,
            "peak_mb": cell.peak_mb, "bound_s": cell.bound_s,
            "calls": [{"selection": c.index, "seconds": c.seconds, "complete": c.complete, "error": c.error}
                      for c in cell.calls],
        })
    path.write_text(json.dumps(data, indent=1) + "\n")


def plot(path: Path, cells: list[Cell]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
    engines = [(OURS, op) for op in ("footprint", "warm-up", *OPS)] + [("clingo", "options"),
                                                                      ("cpsat-naive", "options")]
    for engine, op in engines:
        found = sorted((c for c in cells if c.engine == engine and c.op == op and not c.skipped and c.calls),
                       key=lambda c: c.size)
        xs = [c.size for c in found]
        p50 = [percentile(times(c), 0.5) for c in found]
        p95 = [percentile(times(c), 0.95) for c in found]
        if not xs:
            continue
        label = op if engine == OURS else f"{op} ({engine})"
        style = "-" if engine == OURS else ":"
        if op == "footprint":
            right.plot(xs, [c.calls[0].value["catalog_mb"] + c.calls[0].value["spaces_mb"] if c.calls[0].value
                            else math.nan for c in found], "k-", marker="s", linewidth=2,
                       label="catalog + compiled spaces (tracemalloc)")
            continue
        if op == "warm-up":
            right.plot(xs, [c.peak_mb or math.nan for c in found], "k--", marker="D", label="warm-up caches (RSS)")
            continue
        line = left.plot(xs, [v if math.isfinite(v) else c.bound_s for v, c in zip(p50, found, strict=True)],
                         style, marker="o", label=f"{label} p50")[0]
        left.plot(xs, [v if math.isfinite(v) else c.bound_s for v, c in zip(p95, found, strict=True)], "--",
                  marker="^", color=line.get_color(), alpha=0.6)
        mem = [(c.size, c.peak_mb) for c in found if c.peak_mb]
        if mem:
            right.plot([m[0] for m in mem], [m[1] for m in mem], style, marker="o", label=label)
    for target, label in ((0.050, "options target 50 ms"), (0.100, "recommend target 100 ms"),
                          (1.0, "count target 1 s")):
        left.axhline(target, color="grey", linewidth=0.7, linestyle="-.")
        left.text(110, target, label, fontsize=7, va="bottom", color="grey")
    left.set(xscale="log", yscale="log", xlabel="catalog parts", ylabel="seconds per call (p50 solid, p95 dashed)",
             title="time (cut calls drawn at their bound)")
    right.set(xscale="log", yscale="log", xlabel="catalog parts", ylabel="peak memory above start (MB)",
              title="memory")
    left.legend(fontsize=7, loc="upper left")
    right.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def write_readme(path: Path, table: str, verdicts: list[str], info: dict[str, str]) -> None:
    text = path.read_text() if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    machine_line = (f"Run {info['date']} ({info['mode']} mode, {info['wall_s']} s wall) on {info['cpu']}, "
                    f"{info['nproc']} CPUs, {info['memory']} RAM; Python {info['python']}, OR-Tools {info['ortools']}, "
                    f"clingo {info['clingo']}; commit {info['commit']}.")
    block = "\n".join([START, "", machine_line, "", table, "", *verdicts, "", "![scaling](scaling.png)", "", END])
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    path.write_text(text)
