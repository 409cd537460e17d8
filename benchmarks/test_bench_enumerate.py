"""enumerate(): cold latency per seeded selection and catalog size."""

from __future__ import annotations

from typing import Any

from benchmarks import ops
from benchmarks.conftest import bench_op


def test_enumerate(benchmark: Any, case: Any) -> None:
    bench_op(benchmark, case, ops.enumerate_)
