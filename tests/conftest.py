"""The whole suite's settings: Hypothesis without a wall-clock deadline, and how pytest-xdist
shares the tests between its worker processes (pyproject's addopts: `-n auto --dist loadgroup`).

Tests run one at a time on whichever worker is free, except that
- the page tests (tests/web) all run on one worker, one after another: one Chromium, one page
  server at a time, as they were tuned for;
- the tests of a module that share a module-scoped fixture (a seeded store, a running server, a
  compiled catalog) run on one worker, in file order: the fixture is built once and the tests
  that write to it see each other's writes as they always did.
Every test that starts a server takes a free port and its own SQLite file or PostgreSQL schema,
so tests on different workers never share one (tests/api/api_helpers.py, tests/postgres.py).
"""

from __future__ import annotations

import pytest
from hypothesis import is_hypothesis_test, settings

# A busy machine (two workers on two cores, a browser, servers) must not fail an example for
# its wall clock: answers are bounded by work steps, never by time (tests/solver/bounded.py).
settings.register_profile("linkwise", deadline=None)
settings.load_profile("linkwise")

BROWSER = "tests/web/"


def _shares_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    return any(d.scope in ("module", "package") for defs in info.name2fixturedefs.values() for d in defs)


def _is_property(item: pytest.Item) -> bool:
    return is_hypothesis_test(getattr(item, "obj", None))


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Groups as above; then the order work is handed out in (`--no-loadscope-reorder`): the page
    tests first (one long run on one worker), then the units holding Hypothesis properties (the
    long ones), then the rest, so that the last tests to start are short ones and neither worker
    waits long for the other at the end. A group keeps its tests' file order."""
    unit: dict[str, str] = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        if path.startswith(BROWSER):
            group = "browser"
        elif _shares_module_fixture(item):
            group = path
        else:
            unit[item.nodeid] = item.nodeid
            continue
        item.add_marker(pytest.mark.xdist_group(group))
        unit[item.nodeid] = group
    rank: dict[str, int] = {}
    for item in items:
        first = 0 if unit[item.nodeid] == "browser" else 1 if _is_property(item) else 2
        rank[unit[item.nodeid]] = min(rank.get(unit[item.nodeid], 2), first)
    items.sort(key=lambda item: rank[unit[item.nodeid]])
