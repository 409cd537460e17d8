"""`linkwise serve --workers N`: N processes forked from one warm parent on one socket; a worker
that dies is replaced, and stopping the server stops them all."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reliability.servers import serving

pytestmark = pytest.mark.e2e


def children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("needs Linux /proc to find worker processes")
    return {int(child) for child in path.read_text().split()}


def wait_for(condition: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_workers_are_replaced_and_stopped_with_the_server(tmp_path: Path) -> None:
    processes: list[subprocess.Popen[str]] = []
    with serving(f"sqlite:///{tmp_path / 'workers.db'}", "--workers", "2", processes=processes) as base:
        parent = processes[0].pid
        wait_for(lambda: len(children(parent)) == 2)
        first = children(parent)
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: len(children(parent)) == 2 and victim not in children(parent))
        for _ in range(6):  # both workers answer (the new one too)
            assert httpx.get(f"{base}/health", timeout=10).json()["status"] == "ok"
        workers = children(parent)
    processes[0].wait(30)
    for pid in workers:
        wait_for(lambda pid=pid: not Path(f"/proc/{pid}").exists() or _zombie(pid), 30)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0] == "Z"
    except (FileNotFoundError, IndexError):
        return True
