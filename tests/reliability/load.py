"""A loopback load driver: shoppers configuring pieces on the demo catalog, all at once.

Each client loops over shopper sessions: options on the empty selection, then a pick per slot
(options again after each pick, the next pick taken among the candidates shown available), then
count, recommend and a page of assemblies. Reported: requests/s, p50/p95 latency per operation,
status codes, GraphQL errors, answers marked incomplete, 429s (and whether each had Retry-After).

    .venv/bin/python -m tests.reliability.load --clients 50 --seconds 60           # starts a server
    .venv/bin/python -m tests.reliability.load --url http://127.0.0.1:8000 ...     # or uses one

`--slow` adds one client that asks a deliberately heavy question (explain over every style, with
an impossible budget) in a loop, to see how much it slows everyone else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

STYLES = ("name-necklace", "charm-necklace", "clip-bracelet", "anklet")
OPTIONS = """query($style: ID!, $s: SelectionInput) { options(style: $style, selection: $s) {
  complete slots { slot candidates { value status } } } }"""
COUNT = """query($style: ID!, $s: SelectionInput) { count(style: $style, selection: $s) { count complete } }"""
RECOMMEND = """query($style: ID!, $s: SelectionInput) { recommend(style: $style, selection: $s, count: 3) {
  complete items { skus price { total { amountCents } } } } }"""
ASSEMBLIES = """query($style: ID!, $s: SelectionInput) { assemblies(style: $style, selection: $s, first: 10) {
  complete edges { node { skus } } } }"""
SLOW = """query($style: ID!) { explain(style: $style, selection: {budgetCents: 1, nickelFree: true}) {
  satisfiable } }"""


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    incomplete: Counter[str] = field(default_factory=Counter)
    overloaded_without_retry_after: int = 0
    transport_errors: int = 0
    reconnects: int = 0

    def report(self, seconds: float) -> dict[str, Any]:
        answered = sum(len(v) for k, v in self.latencies.items() if k != "slow")
        operations = {
            name: {"requests": len(values), "p50_ms": round(1000 * _percentile(values, 50), 1),
                   "p95_ms": round(1000 * _percentile(values, 95), 1)}
            for name, values in sorted(self.latencies.items())
        }
        shopper = [v for k, values in self.latencies.items() if k != "slow" for v in values]
        return {
            "seconds": round(seconds, 1),
            "requests_per_s": round(answered / seconds, 2) if seconds else 0.0,
            "shopper_p50_ms": round(1000 * _percentile(shopper, 50), 1),
            "shopper_p95_ms": round(1000 * _percentile(shopper, 95), 1),
            "statuses": dict(self.statuses),
            "graphql_errors": len(self.errors),
            "error_samples": self.errors[:5],
            "incomplete": dict(self.incomplete),
            "overloaded_without_retry_after": self.overloaded_without_retry_after,
            "transport_errors": self.transport_errors,
            "reconnects": self.reconnects,
            "operations": operations,
        }


def _percentile(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


async def ask(client: httpx.AsyncClient, tally: Tally, name: str, query: str,
              variables: dict[str, Any]) -> dict[str, Any] | None:
    """One request; its latency counted when answered 200. None when refused or failed."""
    started = time.perf_counter()
    try:
        try:
            response = await client.post("/graphql", json={"query": query, "variables": variables})
        except httpx.RemoteProtocolError:
            # HTTP/1.1's keep-alive race: the server closed an idle pooled connection (or one it
            # answered 429 on) just as this request was sent on it. Counted, and sent once more on
            # a new connection, as browsers do; a second failure is a transport error.
            tally.reconnects += 1
            response = await client.post("/graphql", json={"query": query, "variables": variables})
    except httpx.HTTPError as error:
        tally.transport_errors += 1
        tally.errors.append(f"{name}: {type(error).__name__}: {error}"[:200])
        return None
    elapsed = time.perf_counter() - started
    tally.statuses[response.status_code] += 1
    if response.status_code == 429:
        if "retry-after" not in response.headers:
            tally.overloaded_without_retry_after += 1
        await asyncio.sleep(float(response.headers.get("retry-after", "1")))
        return None
    if response.status_code != 200:
        tally.errors.append(f"{name}: HTTP {response.status_code} {response.text[:200]}")
        return None
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        tally.errors.append(f"{name}: {json.dumps(body['errors'])[:300]}")
        return None
    tally.latencies[name].append(elapsed)
    data: dict[str, Any] = body["data"]
    answer = next(iter(data.values()))
    if isinstance(answer, dict) and answer.get("complete") is False:
        tally.incomplete[name] += 1
    return data


async def shopper(base: str, deadline: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while time.monotonic() < deadline:
            style = rng.choice(STYLES)
            picks: list[dict[str, Any]] = []
            for _ in range(3):  # three clicks, options after each
                selection = {"picks": picks}
                data = await ask(client, tally, "options", OPTIONS, {"style": style, "s": selection})
                if data is None or time.monotonic() >= deadline:
                    break
                open_slots = [s for s in data["options"]["slots"]
                              if s["slot"] not in {p["slot"] for p in picks}
                              and any(c["status"] == "AVAILABLE" for c in s["candidates"])]
                if not open_slots:
                    break
                slot = rng.choice(open_slots)
                value = rng.choice([c["value"] for c in slot["candidates"] if c["status"] == "AVAILABLE"])
                picks = [*picks, {"slot": slot["slot"], "skus": [value]}]
            variables = {"style": style, "s": {"picks": picks}}
            for name, query in (("count", COUNT), ("recommend", RECOMMEND), ("assemblies", ASSEMBLIES)):
                if time.monotonic() >= deadline:
                    break
                await ask(client, tally, name, query, variables)


async def slow_client(base: str, deadline: float, tally: Tally) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        while time.monotonic() < deadline:
            for style in STYLES:
                await ask(client, tally, "slow", SLOW, {"style": style})


async def drive(base: str, clients: int, seconds: float, *, slow: bool = False, seed: int = 0) -> dict[str, Any]:
    tally = Tally()
    started = time.monotonic()
    deadline = started + seconds
    tasks = [shopper(base, deadline, tally, seed + i) for i in range(clients)]
    if slow:
        tasks.append(slow_client(base, deadline, tally))
    await asyncio.gather(*tasks)
    return tally.report(time.monotonic() - started)


def memory_mb(pid: int) -> dict[str, float]:
    """RSS and PSS (shared pages split among the processes sharing them) of the server and its
    worker processes, in MB (Linux /proc; empty elsewhere)."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    totals = {"rss": 0.0, "pss": 0.0}
    for each in pids:
        rollup = Path(f"/proc/{each}/smaps_rollup")
        if not rollup.exists():
            continue
        for line in rollup.read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("Rss", "Pss"):
                totals[name.lower()] += int(rest.split()[0]) / 1024
    return {key: round(value, 1) for key, value in totals.items()} | {"processes": len(pids)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="an already running server (default: start one on a fresh SQLite file)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, help="worker processes of the server this command starts")
    parser.add_argument("--slow", action="store_true", help="add one client asking a heavy explain in a loop")
    args = parser.parse_args(argv)
    if args.url:
        report = asyncio.run(drive(args.url, args.clients, args.seconds, slow=args.slow))
    else:
        import tempfile

        from tests.reliability.servers import serving

        with tempfile.TemporaryDirectory() as folder:
            extra = ("--workers", str(args.workers)) if args.workers else ()
            url = f"sqlite:///{Path(folder) / 'load.db'}"
            processes: list[Any] = []
            with serving(url, *extra, env={"LINKWISE_WARM_ON_LOAD": "true"}, processes=processes) as base:
                httpx.post(f"{base}/graphql", json={"query": "{ catalogVersion }"}, timeout=60)
                time.sleep(5)  # let warm-up finish, as a long-running server would have
                before = memory_mb(processes[0].pid)
                report = asyncio.run(drive(base, args.clients, args.seconds, slow=args.slow))
                report["memory_mb_before"], report["memory_mb_after"] = before, memory_mb(processes[0].pid)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
