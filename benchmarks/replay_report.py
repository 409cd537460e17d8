"""The replay's figures as markdown: the headline table against issue 8's targets, peers with
ratios, incremental edits, rule stress. Written between the `replay` markers of the README."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.stats import percentile

START, END = "<!-- replay:start -->", "<!-- replay:end -->"
# Issue 8's p95 targets at 10^4 parts, every answer complete.
TARGETS_S = {
    "options": 0.020, "count": 0.020, "recommend, top 5": 0.020, "enumerate, page 1": 0.030,
    "enumerate, page 50": 0.030, "explain": 0.200, "add_ons": 0.050, "impact of one part": 0.200,
}
STRESS_TARGETS = {"options p95": 0.050, "count": 1.0, "compile": 30.0}


def ms(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _headline(size: dict[str, Any]) -> list[str]:
    n = size["size"]
    rows = ["| operation | parts | calls | p50 | p95 | complete | target p95 (10^4) |", "|---|---|---|---|---|---|---|"]
    for op in TARGETS_S:
        calls = [t for t in size["timings"] if t["op"] == op]
        if not calls:
            continue
        seconds = [t["seconds"] for t in calls]
        complete = sum(t["complete"] for t in calls)
        p95 = percentile(seconds, 0.95)
        verdict = ""
        if n == 10_000:
            met = p95 <= TARGETS_S[op] and complete == len(calls)
            verdict = f"{ms(TARGETS_S[op])}: {'met' if met else 'MISSED'}"
        rows.append(f"| {op} | {n:,} | {len(calls)} | {ms(percentile(seconds, 0.5))} | {ms(p95)} | "
                    f"{100 * complete / len(calls):.0f} % | {verdict} |")
    return rows


def _size_notes(size: dict[str, Any]) -> list[str]:
    n = size["size"]
    out = [f"- {n:,} parts: {size['picks']} picks replayed, {size['dead_ends']} dead ends (a pick shown available "
           f"after which the count was a complete zero)."]
    if "warm_s" in size:
        out.append(f"- {n:,} parts: warm-up {size['warm_s']:.1f} s "
                   f"({'complete' if size['warm_complete'] else 'cut short by its limit'}), "
                   f"peak +{size['warm_peak_mb']:.0f} MB resident; replay peak +{size['replay_peak_mb']:.0f} MB.")
        out.append(f"- {n:,} parts: the 50th page was timed on the steps whose first page was complete and whose "
                   f"space holds ≥ 981 pieces; {size['far_pages_short']} steps had fewer, "
                   f"{size['far_pages_unreached']} steps could not reach it (a page on the way was cut short, or "
                   f"the untimed walk of 100-piece pages to its cursor took over 15 s).")
    else:
        out.append(f"- {n:,} parts: options only, no warm-up (it does not fit the run's budget).")
    if size["stopped"]:
        out.append(f"- {n:,} parts: the replay stopped early ({size['stopped']}).")
    return out


def _peers(sizes: list[dict[str, Any]]) -> list[str]:
    rows = ["| peer | parts | complete | equal to ours | p50 | p95 | peer ÷ ours (p50, on equal answers) |",
            "|---|---|---|---|---|---|---|"]
    for size in sizes:
        runs = {p["peer"]: p for p in size.get("peers", [])}
        ours = {c["index"]: c for c in runs.get("ours", {}).get("calls", [])}
        for name, run in runs.items():
            calls = run["calls"]
            seconds = [c["seconds"] if c["seconds"] is not None else float("inf") for c in calls]
            equal = [c for c in calls if c.get("equal") or name == "ours"]
            ratio = "—"
            if name != "ours" and equal:
                theirs = percentile([c["seconds"] for c in equal], 0.5)
                mine = percentile([ours[c["index"]]["seconds"] for c in equal], 0.5)
                ratio = f"{theirs / mine:.1f}×" if mine else "—"
            complete = sum(bool(c["complete"]) for c in calls)
            rows.append(f"| {name} | {size['size']:,} | {complete}/{len(calls)} | "
                        f"{len(equal) if name != 'ours' else '—'} | {ms(percentile(seconds, 0.5))} | "
                        f"{ms(percentile(seconds, 0.95))} | {ratio} |")
    return rows


def _edits(sizes: list[dict[str, Any]]) -> list[str]:
    rows = ["| edit (10^4 parts) | validate the new version | first options answer, fresh | complete "
            "| first options answer, reusing the previous version | complete |", "|---|---|---|---|---|---|"]
    for size in sizes:
        for e in size.get("edits", []):
            reused = e.get("reused_s")
            rows.append(f"| {e['edit']} | {ms(e['validate_s'])} | {ms(e['first_answer_s'])} | "
                        f"{'yes' if e['complete'] else 'no'} | {ms(reused) if reused is not None else '—'} | "
                        f"{'yes' if e.get('reused_complete') else 'no' if reused is not None else '—'} |")
    return rows


def _stress(runs: list[dict[str, Any]]) -> list[str]:
    rows = ["| tree width | compile | compiled width (slots) | table entries | options p50 | options p95 | complete |"
            " python-sat p50 | python-sat p95 | sat = ours | count | pyganak count | pyganak = ours |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        opts = r["options_s"]
        rows.append(
            f"| {r['width']} | {ms(r['compile_s'])} | {r['net_width']} | {r['table_entries']:,}"
            f"{'' if r['fits'] else ' (past the 2^22-entry bag cap)'} | {ms(percentile(opts, 0.5))} | "
            f"{ms(percentile(opts, 0.95))} | {r['options_complete']}/{len(opts)} | "
            f"{ms(percentile(r['sat_s'], 0.5))} | {ms(percentile(r['sat_s'], 0.95))} | "
            f"{r['sat_equal']}/{r['sat_compared']} | {ms(r['count_s'])} "
            f"({'complete' if r['count_complete'] else 'cut short'}) | {ms(r['ganak_s'])} | "
            f"{'—' if r['ganak_equal'] is None else ('yes' if r['ganak_equal'] else 'NO')} |")
    return rows


def _machine() -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()[0]
    # The load average says how busy the (shared) machine was; what else ran is not known here.
    return (f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, {os.cpu_count()} CPUs, load average "
            f"{load:.1f} at the end, commit {commit}")


def write(results: dict[str, Any], readme: Path | None) -> str:
    lines = [START, "", f"Run {_machine()}; {results['mode']} mode, {results['wall_s']} s wall.", "",
             "**Shopper replay** (3 shoppers per style, up to 6 picks, every operation after every pick; "
             "after `Solver.warm()`, the engine's default 5 s limit per call):", ""]
    for size in results["sizes"]:
        lines += _headline(size)
        lines.append("")
    for size in results["sizes"]:
        lines += _size_notes(size)
    if any(s.get("peers") for s in results["sizes"]):
        lines += ["", "**Peers on options** (each shopper's first pick, the same requests; ours timed again on "
                  "the warm spaces with no answer cached):", "", *_peers(results["sizes"])]
    if any(s.get("edits") for s in results["sizes"]):
        lines += ["", "**Incremental edit** (the new version's first answer on the touched style: a fresh engine, "
                  "and one built on the previous version's warm engine, `Solver(previous=...)`):",
                  "", *_edits(results["sizes"])]
    if results["stress"]:
        lines += ["", "**Rule stress** (300 option slots, `generate_rule_stress(300, width, seed=7)`; options per "
                  "pick with a 30 s limit per call, count of the empty selection with its own limit):", "",
                  *_stress(results["stress"])]
    lines += ["", END]
    block = "\n".join(lines)
    if readme is not None:
        text = readme.read_text()
        if START in text and END in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
        else:
            text += "\n## Issue 8: shopper replay, peers, edits, rule stress\n\n" + block + "\n"
        readme.write_text(text)
    return block
