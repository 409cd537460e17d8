"""Store.update_part merges into the head version under the write lock (deterministic checks)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.demo import load_demo_catalog
from catalog.exceptions import Conflict, NotFound, ValidationFailed
from catalog.store import Store
from catalog.types import Status


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.from_url(f"sqlite:///{tmp_path / 'merge.db'}")
    opened.create_schema()
    opened.seed_if_empty(load_demo_catalog())
    return opened


def _ring(store: Store) -> str:
    return next(part.sku for part in store.load().parts if part.kind == "jump_ring")


def test_an_update_keeps_a_retirement_made_after_the_caller_read(store: Store) -> None:
    sku = _ring(store)
    store.retire_part(sku)  # the caller's view (version 1) still shows the part on sale
    store.update_part(sku, {"stock": 7})
    part = store.load().by_sku()[sku]
    assert part.status is Status.RETIRED and part.stock == 7


def test_updates_of_different_fields_both_stay(store: Store) -> None:
    sku = _ring(store)
    store.update_part(sku, {"stock": 11})
    store.update_part(sku, {"lead_time_days": 9})
    part = store.load().by_sku()[sku]
    assert (part.stock, part.lead_time_days) == (11, 9)


def test_update_refusals_name_the_attribute(store: Store) -> None:
    sku = _ring(store)
    with pytest.raises(ValidationFailed) as refused:
        store.update_part(sku, {"stock": -1})
    assert refused.value.errors[0].field == "attributes.stock"
    with pytest.raises(ValidationFailed) as immutable:
        store.update_part(sku, {"kind": "chain"})
    assert immutable.value.errors[0].code == "kind_immutable"
    with pytest.raises(NotFound):
        store.update_part("NO-SUCH-SKU", {"stock": 1})
    assert store.latest_version() == 1  # nothing half-written


def test_stale_version_names_both_versions(store: Store) -> None:
    sku = _ring(store)
    store.update_part(sku, {"stock": 3})
    with pytest.raises(Conflict) as stale:
        store.update_part(sku, {"stock": 4}, expected_version=1)
    error = stale.value.errors[0]
    assert (error.field, error.code) == ("expected_version", "stale_version")
    assert "1" in error.message and "2" in error.message
