"""Two engines, one workload: the array walk (solver.walk, solver.sweep) against the hub-by-hub walk
it replaced, on generated 10^3 catalogs, every operation on the same random selections
(issue 8, deliverable 5: show they agree before the old one goes).

    .venv/bin/python -m benchmarks.agreement                  # 2 catalogs x 100 selections (~10 min)
    .venv/bin/python -m benchmarks.agreement --old-rev REV    # the old engine as it was at REV

Each engine answers in its own process (benchmarks.agreement_worker), the new one from this tree,
the old one (`--engine hubs`: every space walked hub by hub) from REV's tree (`git archive`; by
default OLD_ENGINE, the last commit that had it).
Every answer both give complete is compared; the counts of agreeing, differing and incomplete
answers per operation go into benchmarks/README.md and benchmarks/agreement_results.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.report import machine
from benchmarks.selections import catalog_of, selections
from catalog.io import dumps_catalog

HERE = Path(__file__).parent
ROOT = HERE.parent
START, END = "<!-- agreement:start -->", "<!-- agreement:end -->"
OPS = ("options", "count", "recommend", "enumerate", "explain", "add_ons", "impact")
# The last commit with the hub-by-hub walk (and this harness): the old engine's tree by default.
OLD_ENGINE = "4049402f613ebea3e30adced84861c4a2c4eadeb"


def job(parts: int, seed: int, count: int, work_limit: int) -> dict[str, Any]:
    catalog = catalog_of(parts, seed)
    chosen = selections(catalog, count, seed)
    owned = sorted({sku for s in chosen for sku in s.owned})
    impact = owned[:: max(1, len(owned) // count)][:count]
    return {"catalog": dumps_catalog(catalog), "work_limit": work_limit, "impact": impact,
            "selections": [{"label": s.label(), "style": s.style_id, "request": s.request.model_dump(mode="json"),
                            "explain_request": s.explain_request().model_dump(mode="json"), "owned": list(s.owned)}
                           for s in chosen]}


def old_tree(rev: str, scratch: Path) -> Path:
    tree = scratch / "old"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    # This worker, not REV's: both engines asked the very same questions (it reads only the
    # Solver's public answers, which both trees share).
    shutil.copy(HERE / "agreement_worker.py", tree / "benchmarks" / "agreement_worker.py")
    return tree


def run(jobs: list[dict[str, Any]], old: Path, scratch: Path) -> tuple[list[Any], list[Any]]:
    """Both engines at once, one process each (the machine's two cores)."""
    job_file = scratch / "jobs.json"
    job_file.write_text(json.dumps(jobs))
    procs = []
    for engine, tree in (("walk", ROOT), ("hubs", old)):
        out = scratch / f"{engine}.json"
        command = [sys.executable, "-m", "benchmarks.agreement_worker", "--engine", engine, str(job_file), str(out)]
        procs.append((subprocess.Popen(command, cwd=tree), out))
    for proc, _ in procs:
        if proc.wait() != 0:
            raise SystemExit(f"an engine's worker failed: {proc.args!r}")
    new, old_answers = (json.loads(out.read_text()) for _, out in procs)
    return new, old_answers


def same(op: str, new: dict[str, Any], old: dict[str, Any]) -> bool:
    if op == "options":
        # The example is one of the cheapest pieces: its total and validity must agree, not which.
        return bool(new["slots"] == old["slots"] and new["example"] == old["example"])
    return {k: v for k, v in new.items() if k != "complete"} == {k: v for k, v in old.items() if k != "complete"}


def invalid(op: str, answer: dict[str, Any]) -> int:
    """Pieces an answer returned that check() refuses (none may be)."""
    if op == "options":
        return int(answer["example"] is not None and not answer["example"][1])
    if op == "recommend":
        return sum(not item[-1] for item in answer["items"] + answer["ranked"])
    if op == "add_ons":
        return sum(not item[-1] for item in answer["items"])
    if op == "enumerate":
        return sum(not piece[2] for page in answer["pages"] for piece in page)
    return 0


def compare(jobs: list[dict[str, Any]], new: list[Any], old: list[Any]) -> dict[str, Any]:
    table: dict[str, dict[str, int]] = {op: {"asked": 0, "agree": 0, "differ": 0, "incomplete": 0, "invalid": 0}
                                        for op in OPS}
    differences: list[dict[str, Any]] = []
    for spec, ours, theirs in zip(jobs, new, old, strict=True):
        labels = [s["label"] for s in spec["selections"]]
        for op in OPS:
            row = table[op]
            for i, (a, b) in enumerate(zip(ours["answers"][op], theirs["answers"][op], strict=True)):
                row["asked"] += 1
                row["invalid"] += invalid(op, a) + invalid(op, b)
                if not (a["complete"] and b["complete"]):
                    row["incomplete"] += 1
                elif same(op, a, b):
                    row["agree"] += 1
                else:
                    row["differ"] += 1
                    where = spec["impact"][i] if op == "impact" else labels[i]
                    differences.append({"op": op, "at": where, "walk": a, "hubs": b})
    seconds = {engine: {op: round(sum(r["seconds"][op] for r in runs), 1) for op in OPS}
               for engine, runs in (("walk", new), ("hubs", old))}
    walks = {engine: sum(r["hub_by_hub_walks"] for r in runs) for engine, runs in (("walk", new), ("hubs", old))}
    return {"table": table, "seconds": seconds, "hub_by_hub_walks": walks, "differences": differences}


def markdown(result: dict[str, Any], info: dict[str, str], args: argparse.Namespace) -> str:
    old = f"the hub-by-hub walk as of {args.old_rev[:7]} (every space walked hub by hub)"
    lines = [START, "",
             f"Run {info['date']} on {info['cpu']}, {info['nproc']} CPUs; commit {info['commit']}. "
             f"{len(args.seeds)} generated catalogs of {args.parts} parts (seeds {', '.join(map(str, args.seeds))}), "
             f"{args.selections} selections each; the array walk against {old}, each in its own process.",
             "", "| operation | asked | agree | differ | incomplete | invalid pieces | walk, s | hub by hub, s |",
             "|---|---|---|---|---|---|---|---|"]
    for op in OPS:
        row = result["table"][op]
        lines.append(f"| {op} | {row['asked']} | {row['agree']} | {row['differ']} | {row['incomplete']} | "
                     f"{row['invalid']} | {result['seconds']['walk'][op]} | {result['seconds']['hubs'][op]} |")
    walks = result["hub_by_hub_walks"]
    lines += ["", f"Spaces walked hub by hub: {walks['hubs']} by the old engine (so the comparison is not vacuous), "
              f"{walks['walk']} by the new one.", "", END]
    return "\n".join(lines)


def write_readme(block: str) -> None:
    path = HERE / "README.md"
    text = path.read_text()
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text += "\n## Agreement: the array walk and the hub-by-hub walk\n\n" + block + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=1_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[20_251_123, 7])
    parser.add_argument("--selections", type=int, default=100)
    parser.add_argument("--work-limit", type=int, default=10**9, help="per call; a call cut short is not compared")
    parser.add_argument("--old-rev", default=OLD_ENGINE, help="run the old engine from this commit's tree")
    parser.add_argument("--no-write", action="store_true", help="print only; README and results stay as they are")
    args = parser.parse_args()
    start = time.perf_counter()
    jobs = [job(args.parts, seed, args.selections, args.work_limit) for seed in args.seeds]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        new, old = run(jobs, old_tree(args.old_rev, scratch), scratch)
    result = compare(jobs, new, old)
    info = machine()
    result["wall_s"] = round(time.perf_counter() - start, 1)
    block = markdown(result, info, args)
    print(block)
    for difference in result["differences"][:10]:
        print(json.dumps(difference)[:2000], file=sys.stderr)
    if not args.no_write:
        write_readme(block)
        (HERE / "agreement_results.json").write_text(json.dumps({"machine": info, **result}, indent=1) + "\n")


if __name__ == "__main__":
    main()
