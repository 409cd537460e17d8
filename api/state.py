"""What a running app holds: settings, the store, and one Solver per catalog version.

A catalog version never changes once written, so the Solver built for it (and every cache inside
it) stays valid for the life of the process; a newer version's Solver starts from the newest
earlier one held here, reusing what the edits left alone. A request reads the newest version once, at its
start, and answers everything from that one snapshot.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import anyio

from catalog.demo import load_demo_catalog
from catalog.model import Catalog
from catalog.parts import Part
from catalog.settings import Settings
from catalog.store import Store
from catalog.styles import Style
from solver.service import Solver

SOLVERS_KEPT = 4


def solver_threads(settings: Settings) -> int:
    """Solver threads in this process: as set, else the cores shared among the worker processes
    (at least one each), else (one process, e.g. in tests) two or the core count."""
    if settings.solver_threads:
        return settings.solver_threads
    cores = os.cpu_count() or 2
    if settings.workers:
        return max(1, cores // settings.workers)
    return max(2, cores)


@dataclass(frozen=True)
class Snapshot:
    """One catalog version and its solver: everything a request reads comes from here."""

    catalog: Catalog
    solver: Solver
    parts: dict[str, Part] = field(repr=False)
    styles: dict[str, Style] = field(repr=False)

    @property
    def version(self) -> int:
        return self.catalog.version

    @property
    def currency(self) -> str:
        return self.catalog.currency

    @staticmethod
    def of(catalog: Catalog, solver: Solver) -> Snapshot:
        return Snapshot(catalog, solver, catalog.by_sku(), {style.id: style for style in catalog.styles})


class AppState:
    """Settings, store and the per-version solver cache of one app (thread-safe)."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._snapshots: OrderedDict[int, Snapshot] = OrderedDict()
        self._lock = threading.Lock()
        self._solver_limiter: anyio.CapacityLimiter | None = None

    @property
    def solver_limiter(self) -> anyio.CapacityLimiter:
        """Worker threads for solver work, apart from the pool that serves the store and /health,
        so a burst of hard solves queues up without starving cheap requests."""
        if self._solver_limiter is None:
            self._solver_limiter = anyio.CapacityLimiter(solver_threads(self.settings))
        return self._solver_limiter

    def latest(self) -> Snapshot:
        """The newest catalog version (blocking: call it from a worker thread)."""
        return self.at(self.store.latest_version())

    def at(self, version: int) -> Snapshot:
        with self._lock:
            found = self._snapshots.get(version)
            if found is not None:
                self._snapshots.move_to_end(version)
                return found
        catalog = self.store.load(version) if version > 0 else Catalog()
        with self._lock:
            # The newest earlier version this process holds: the new one reuses its compiled work
            # for whatever the edits between them left alone (solver.reuse checks, never assumes).
            earlier = max((v for v in self._snapshots if v < version), default=None)
            previous = self._snapshots[earlier].solver if earlier is not None else None
        snapshot = Snapshot.of(catalog, Solver(catalog, time_limit_s=self.settings.solver_time_limit_s,
                                                 work_limit=self.settings.solver_work_limit, previous=previous))
        with self._lock:
            # Another request may have built it meanwhile; keep the first so caches are shared.
            built = snapshot
            snapshot = self._snapshots.setdefault(version, snapshot)
            self._snapshots.move_to_end(version)
            while len(self._snapshots) > SOLVERS_KEPT:
                self._snapshots.popitem(last=False)
        if snapshot is built and self.settings.warm_on_load and catalog.styles:
            # Requests meanwhile are answered as usual (exactly, only without the head start);
            # the solver's caches are thread-safe.
            limit = self.settings.warm_time_limit_s
            threading.Thread(target=snapshot.solver.warm, kwargs={"time_limit_s": limit},
                             name=f"warm-v{version}", daemon=True).start()
        return snapshot


def open_seeded_store(settings: Settings) -> Store:
    """The store the settings name, its tables created and the demo catalog seeded on first start."""
    store = Store.from_url(settings.database_url)
    store.create_schema()
    store.seed_if_empty(load_demo_catalog())
    return store
