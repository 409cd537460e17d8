"""Benchmarks: pytest-benchmark suites (`pytest benchmarks --benchmark-enable`) and the side-by-side
peer comparison (`python -m benchmarks.compare`)."""
