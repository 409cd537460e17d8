"""A catalog version's solver is warmed in the background when it is first loaded."""

from __future__ import annotations

import threading
from pathlib import Path

from api.state import AppState, open_seeded_store
from solver.request import Request
from tests.api.api_helpers import make_settings


def test_first_load_warms_every_style_in_the_background(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'warm.db'}", warm_on_load=True)
    state = AppState(settings, open_seeded_store(settings))
    snapshot = state.latest()
    warming = [t for t in threading.enumerate() if t.name == f"warm-v{snapshot.catalog.version}"]
    assert len(warming) == 1
    warming[0].join(timeout=120)
    assert not warming[0].is_alive()
    for style in snapshot.catalog.styles:
        space = snapshot.solver.spaces.get(snapshot.catalog, style, Request())
        solved = space.memo.get(("solution", True))
        assert solved is not None and solved.complete, style.id
    assert state.latest() is snapshot  # a second load reuses the warm solver, no second thread
    assert not [t for t in threading.enumerate() if t.name.startswith("warm-") and t is not warming[0]
                and t.is_alive()]


def test_warm_up_can_be_turned_off(tmp_path: Path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'cold.db'}")
    state = AppState(settings, open_seeded_store(settings))
    snapshot = state.latest()
    assert not [t for t in threading.enumerate() if t.name == f"warm-v{snapshot.catalog.version}" and t.is_alive()]


def test_a_new_version_starts_from_the_previous_versions_work(tmp_path: Path) -> None:
    """An edit's version reuses the earlier version's compiled work (solver.reuse) and answers as
    a solver built from scratch on it."""
    from catalog.types import SlotKind
    from solver.service import Solver

    settings = make_settings(f"sqlite:///{tmp_path / 'edit.db'}")
    state = AppState(settings, open_seeded_store(settings))
    first = state.latest()
    for style in first.catalog.styles:
        first.solver.options(style.id, Request())
    charm = first.catalog.parts_of(SlotKind.CHARM)[0]
    state.store.update_part(charm.sku, {"price": {"amount_cents": charm.price.amount_cents + 7, "currency": "EUR"}})
    second = state.latest()
    assert second.version > first.version
    assert second.solver.spaces.previous is not None and second.solver.spaces.previous[1] is first.catalog
    fresh = Solver(second.catalog, time_limit_s=None, work_limit=settings.solver_work_limit)
    for style in second.catalog.styles:
        assert second.solver.options(style.id, Request()) == fresh.options(style.id, Request()), style.id
        assert second.solver.count(style.id, Request()) == fresh.count(style.id, Request()), style.id
    untouched = [s for s in second.catalog.styles if not s.slots_of(SlotKind.CHARM)]
    assert untouched
    for style in untouched:  # a style without charms came over whole
        assert second.solver.spaces.carried_whole(style, Request()), style.id
