"""The versioned catalog store, on real SQLite files (and PostgreSQL when configured)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import catalog.store as store_module
from catalog.exceptions import Conflict, NotFound, ValidationFailed
from catalog.io import dump_catalog
from catalog.model import Catalog
from catalog.settings import Settings
from catalog.store import Store, open_store
from catalog.store_schema import catalog_item, catalog_version, normalise_url
from catalog.types import Status


def row_counts(store: Store) -> tuple[int, int, int]:
    """(item rows, closed item rows, version rows): what a write has physically done."""
    with store.engine.connect() as conn:
        items = conn.execute(select(func.count()).select_from(catalog_item)).scalar_one()
        closed = conn.execute(
            select(func.count()).select_from(catalog_item).where(catalog_item.c.to_version.is_not(None))
        ).scalar_one()
        versions = conn.execute(select(func.count()).select_from(catalog_version)).scalar_one()
    return items, closed, versions


def fresh(store: Store, url: str) -> Store:
    """A second store on the same database: no shared cache, reads what was really committed."""
    other = Store.from_url(url)
    assert other.latest_version() == store.latest_version()
    return other


# ----------------------------------------------------------------------------------- basics


def test_an_empty_store_has_no_version(store: Store) -> None:
    assert store.latest_version() == 0
    assert store.versions() == []
    with pytest.raises(NotFound, match="empty"):
        store.load()
    with pytest.raises(NotFound):
        store.load(1)


def test_import_then_load_round_trips_exactly(store: Store, store_url: str, small_catalog: Catalog) -> None:
    version = store.import_catalog(small_catalog, "first catalog")

    assert version == 1
    expected = small_catalog.model_copy(update={"version": 1})
    assert store.load() == expected
    reread = fresh(store, store_url).load(1)
    assert reread == expected
    chain = reread.by_sku()["CH-CABLE-45"]
    assert chain.weight_g == Decimal("2.35") and isinstance(chain.weight_g, Decimal)
    assert chain.max_load_g == Decimal("15.00")  # type: ignore[union-attr]
    assert chain.length_mm == 457.2  # type: ignore[union-attr]
    assert reread.rules[0].effective_from == small_catalog.rules[0].effective_from


def test_create_schema_is_idempotent(store: Store, small_catalog: Catalog) -> None:
    store.import_catalog(small_catalog, "v1")
    store.create_schema()
    store.create_schema()
    assert store.latest_version() == 1
    assert store.load(1).parts == small_catalog.parts


def test_a_dict_imports_as_a_catalog_document(store: Store, small_catalog: Catalog) -> None:
    document = dump_catalog(small_catalog.model_copy(update={"version": 41}))
    assert store.import_catalog(document, "from a file") == 1
    assert store.load() == small_catalog.model_copy(update={"version": 1})  # the file's 41 is ignored


def test_load_keeps_the_imported_order(build: Any, store: Store) -> None:
    parts = (build.ring("JR-Z"), build.chain("CH-B"), build.clasp("CL-A"), build.plating(), build.charm())
    catalog = build.catalog(parts=parts)
    store.import_catalog(catalog, "unsorted")
    store.put_part(build.clasp("CL-0"))  # new parts go last
    store.put_part(build.chain("CH-B", price=build.eur(4100)))  # an update keeps its place

    loaded = store.load()
    assert [p.sku for p in loaded.parts] == ["JR-Z", "CH-B", "CL-A", "PL-RH-075", "CM-NAME-1", "CL-0"]
    assert store.load(1) == catalog.model_copy(update={"version": 1})


# ------------------------------------------------------------------------------- versioning


def test_every_change_makes_a_version_and_old_versions_never_change(
    build: Any, store: Store, store_url: str, small_catalog: Catalog
) -> None:
    v1 = store.import_catalog(small_catalog, "launch")
    v2 = store.put_part(build.chain(price=build.eur(4500)), "chain price up")
    v3 = store.put_part(build.charm("CM-HEART", nameplate=False, max_characters=0, price_per_character=None))
    v4 = store.retire_part("CL-LOB-10")
    v5 = store.put_style(build.style(name="Name necklace II"))
    v6 = store.put_rule(build.rule("no-snake-nameplates", pairs=(("snake", True),)))
    assert [v1, v2, v3, v4, v5, v6] == [1, 2, 3, 4, 5, 6]

    snapshot = {v: store.load(v) for v in range(1, 7)}
    assert snapshot[1] == small_catalog.model_copy(update={"version": 1})
    assert snapshot[1].by_sku()["CH-CABLE-45"].price.amount_cents == 3900
    assert snapshot[2].by_sku()["CH-CABLE-45"].price.amount_cents == 4500
    assert "CM-HEART" not in snapshot[2].by_sku() and "CM-HEART" in snapshot[3].by_sku()
    assert snapshot[3].by_sku()["CL-LOB-10"].status is Status.ACTIVE
    assert snapshot[4].by_sku()["CL-LOB-10"].status is Status.RETIRED
    assert snapshot[4].styles[0].name == "Name necklace" and snapshot[5].styles[0].name == "Name necklace II"
    assert [r.id for r in snapshot[6].rules] == ["no-rope-nameplates", "no-snake-nameplates"]

    # Repeatable forever: another process, after further writes, reads the very same catalogs.
    store.put_part(build.ring(price=build.eur(40)))
    other = fresh(store, store_url)
    for version, catalog in snapshot.items():
        assert other.load(version) == catalog

    infos = store.versions()
    assert [i.version for i in infos] == [1, 2, 3, 4, 5, 6, 7]
    assert [i.part_count for i in infos] == [6, 6, 7, 7, 7, 7, 7]
    assert infos[0].message == "launch" and infos[1].message == "chain price up"
    assert infos[2].message == "put part CM-HEART"
    now = datetime.now(UTC)
    assert all(now - timedelta(minutes=5) < i.created_at <= now for i in infos)
    assert store.version_info(4) == infos[3]
    with pytest.raises(NotFound):
        store.version_info(99)


def test_a_one_part_change_writes_two_rows_not_a_copy(build: Any, store: Store) -> None:
    parts = (*build.chains(1000), build.clasp(), build.ring(), build.plating())
    store.import_catalog(build.catalog(parts=parts), "1k")
    items, closed, _ = row_counts(store)
    assert (items, closed) == (1000 + 3 + 1 + 1 + 1, 0)  # parts + meta + style + rule

    store.put_part(build.chain("CH-00500", length_mm=450.0))
    assert row_counts(store)[:2] == (items + 1, 1)  # old revision closed, one new revision
    assert store.load(1).by_sku()["CH-00500"].length_mm == 450.0  # type: ignore[union-attr]
    assert store.load(2).by_sku()["CH-00500"].length_mm == 450.0  # type: ignore[union-attr]


def test_a_change_that_changes_nothing_makes_no_version(
    build: Any, store: Store, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    before = row_counts(store)
    assert store.put_part(build.chain()) == 1
    assert store.import_catalog(small_catalog, "same again") == 1
    assert store.put_style(build.style()) == 1
    assert row_counts(store) == before
    assert store.retire_part("CH-CABLE-45") == 2
    assert store.retire_part("CH-CABLE-45") == 2  # already retired


def test_an_import_replaces_content_and_touches_only_what_differs(
    build: Any, store: Store, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    items, _, _ = row_counts(store)
    changed = build.catalog(
        parts=(build.chain(stock=7), *small_catalog.parts[1:]),
        rules=(),  # the rule is dropped from the new version
    )
    assert store.import_catalog(changed, "restock, drop rule") == 2
    assert row_counts(store)[:2] == (items + 1, 2)  # chain revised; chain and rule closed
    assert store.load(2).rules == () and len(store.load(1).rules) == 1
    assert store.load(2).by_sku()["CH-CABLE-45"].stock == 7


# ------------------------------------------------------------------------------- atomicity


def test_one_invalid_part_among_1000_writes_nothing_and_is_named(
    build: Any, store: Store, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    before = row_counts(store)
    document = dump_catalog(build.catalog(parts=build.chains(1000)))
    document["parts"][637]["wire_mm"] = -0.45

    with pytest.raises(ValidationFailed) as refused:
        store.import_catalog(document, "bulk")

    errors = refused.value.errors
    assert [(e.field, e.code) for e in errors] == [("parts[637].wire_mm", "greater_than")]
    assert "CH-00637" in errors[0].message
    assert store.latest_version() == 1
    assert row_counts(store) == before
    assert store.load() == small_catalog.model_copy(update={"version": 1})


def test_a_refused_first_import_leaves_the_store_empty(build: Any, store: Store) -> None:
    document = dump_catalog(build.catalog(parts=build.chains(1000)))
    document["parts"][999]["price"]["currency"] = "USD"
    with pytest.raises(ValidationFailed) as refused:
        store.import_catalog(document, "bulk")
    assert any("CH-00999" in e.message for e in refused.value.errors)
    assert store.latest_version() == 0 and row_counts(store) == (0, 0, 0)


def test_a_failure_inside_the_transaction_rolls_everything_back(
    build: Any, store: Store, small_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.import_catalog(small_catalog, "v1")
    before = row_counts(store)
    real_apply = store_module.apply_change

    def apply_then_crash(*args: Any, **kwargs: Any) -> int | None:
        real_apply(*args, **kwargs)  # version row, head, closed and new revisions all written…
        raise RuntimeError("power cut")  # …then the process dies before COMMIT

    monkeypatch.setattr(store_module, "apply_change", apply_then_crash)
    with pytest.raises(RuntimeError):
        store.put_part(build.chain(price=build.eur(1)))
    monkeypatch.undo()

    assert row_counts(store) == before and store.latest_version() == 1
    assert store.put_part(build.chain(price=build.eur(1))) == 2  # and the store is still writable


def test_invalid_granular_changes_write_nothing(build: Any, store: Store, small_catalog: Catalog) -> None:
    store.import_catalog(small_catalog, "v1")
    before = row_counts(store)

    with pytest.raises(ValidationFailed) as bad_part:
        store.put_part({**build.ring().model_dump(mode="json"), "sku": "JR-18", "wire_gauge": 18})
    assert [(e.field, e.code) for e in bad_part.value.errors] == [("wire_mm", "gauge_mismatch")]

    with pytest.raises(ValidationFailed) as bad_currency:
        store.put_part(build.clasp("CL-USD", price={"amount_cents": 500, "currency": "USD"}))
    assert [e.code for e in bad_currency.value.errors] == ["currency_mismatch"]

    with pytest.raises(ValidationFailed) as bad_style:
        store.put_style({**build.style().model_dump(mode="json"), "min_length_mm": 900})
    assert bad_style.value.errors[0].code == "length_range_inverted"

    with pytest.raises(ValidationFailed) as bad_rule:
        store.put_rule(build.rule("ghost-style", styles=("no-such-style",)))
    assert bad_rule.value.errors[0].code == "unknown_style"

    with pytest.raises(ValidationFailed) as still_named:
        store.remove_style("name-necklace")  # the rule names it
    assert still_named.value.errors[0].code == "unknown_style"

    with pytest.raises(NotFound):
        store.retire_part("NO-SUCH-SKU")
    with pytest.raises(NotFound):
        store.remove_rule("no-such-rule")
    with pytest.raises(ValidationFailed):
        store.put_part(build.chain(), "x" * 1001)
    assert row_counts(store) == before

    assert store.remove_rule("no-rope-nameplates") == 2
    assert store.remove_style("name-necklace") == 3
    assert store.load(3).styles == () and store.load(1).styles == small_catalog.styles


# ------------------------------------------------------------------ retire, duplicates, kinds


def test_retired_parts_stay_readable_in_every_later_version(
    build: Any, store: Store, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    store.retire_part("CM-NAME-1", "nameplate discontinued")
    spring = build.clasp("CL-SPRING-6", clasp_type="spring_ring")
    store.put_part(spring)
    store.put_style(build.style(description="now without nameplates"))
    # A re-import that omits the part keeps it, retired: owned pieces still refer to it.
    without = build.catalog(parts=(*(p for p in small_catalog.parts if p.sku != "CM-NAME-1"), spring))
    v5 = store.import_catalog(without, "new range")

    assert store.load(1).by_sku()["CM-NAME-1"].status is Status.ACTIVE
    for version in range(2, v5 + 1):
        part = store.load(version).by_sku()["CM-NAME-1"]
        assert part.status is Status.RETIRED and part.name == "Nameplate script"
    assert [p.sku for p in store.load(v5).parts][-2:] == ["CL-SPRING-6", "CM-NAME-1"]

    # Bringing it back is an ordinary put.
    store.put_part(build.charm())
    assert store.load().by_sku()["CM-NAME-1"].status is Status.ACTIVE


def test_duplicate_skus_are_refused(build: Any, store: Store, small_catalog: Catalog) -> None:
    document = dump_catalog(small_catalog)
    document["parts"].append({**document["parts"][2], "name": "Same SKU, other ring"})
    with pytest.raises(ValidationFailed) as refused:
        store.import_catalog(document, "dup")
    assert [(e.field, e.code) for e in refused.value.errors] == [("parts[6].sku", "duplicate_sku")]
    assert "parts[2]" in refused.value.errors[0].message and "JR-20-4" in refused.value.errors[0].message
    assert store.latest_version() == 0

    store.import_catalog(small_catalog, "v1")
    with pytest.raises(Conflict) as exists:
        store.add_part(build.ring())
    assert exists.value.errors[0].code == "duplicate_sku"
    assert store.add_part(build.ring("JR-20-5", inner_diameter_mm=5.0)) == 2

    with pytest.raises(ValidationFailed) as kind:
        store.put_part(build.clasp("JR-20-4"))  # a SKU never changes kind
    assert [(e.field, e.code) for e in kind.value.errors] == [("kind", "sku_kind_changed")]
    assert store.latest_version() == 2


def test_granular_writes_accept_plain_dicts(build: Any, store: Store, small_catalog: Catalog) -> None:
    store.import_catalog(small_catalog, "v1")
    ring = build.ring("JR-18-5", wire_gauge=18, wire_mm=1.02, inner_diameter_mm=5.0)
    assert store.put_part(ring.model_dump(mode="json")) == 2
    assert store.put_rule(build.rule("r2", mode="allowed").model_dump(mode="json")) == 3
    assert store.load().by_sku()["JR-18-5"] == ring


# ------------------------------------------------------------------------------ owned pieces


def test_owned_pieces_keep_their_skus(store: Store, store_url: str, small_catalog: Catalog) -> None:
    store.import_catalog(small_catalog, "v1")
    store.retire_part("CL-LOB-10")
    skus = ["CH-CABLE-45", "CL-LOB-10", "JR-20-4", "JR-20-4", "CM-NAME-1", "PL-RH-075"]

    store.register_piece("ORD-2026-000123", skus)  # retired clasp allowed, two identical rings
    store.register_piece("ORD-2026-000123", skus)  # again: nothing new

    assert fresh(store, store_url).owned_piece("ORD-2026-000123") == skus
    info = store.owned_piece_info("ORD-2026-000123")
    assert info.catalog_version == 2 and info.created_at.tzinfo is not None
    assert store.owned_pieces_with("JR-20-4") == ["ORD-2026-000123"]
    assert store.owned_pieces_with("EX-2IN") == []

    with pytest.raises(Conflict):
        store.register_piece("ORD-2026-000123", ["CH-CABLE-45"])
    with pytest.raises(ValidationFailed) as unknown:
        store.register_piece("ORD-2026-000124", ["CH-CABLE-45", "CH-NEVER-SOLD"])
    assert [(e.field, e.code) for e in unknown.value.errors] == [("skus[1]", "unknown_sku")]
    with pytest.raises(ValidationFailed):
        store.register_piece("ORD-2026-000125", [])
    for bad in ("ab", "ORD 2026", "a" * 41, "ORD_1", "jane@example.com"):
        with pytest.raises(ValidationFailed) as pattern:
            store.register_piece(bad, ["CH-CABLE-45"])
        assert pattern.value.errors[0].field == "order_reference"
    with pytest.raises(NotFound):
        store.owned_piece("ORD-2026-999999")
    with pytest.raises(NotFound):
        store.owned_piece("ORD-2026-000124")  # refused above, so never written


def test_an_owned_part_stays_resolvable_after_it_leaves_the_range(
    build: Any, store: Store, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    store.register_piece("A1B2C3", ["CH-CABLE-45", "CM-NAME-1"])
    store.import_catalog(build.catalog(parts=small_catalog.parts[:4]), "smaller range")
    latest = store.load().by_sku()
    assert [latest[sku].status for sku in store.owned_piece("A1B2C3")] == [Status.ACTIVE, Status.RETIRED]


# ------------------------------------------------------------------------------- concurrency


def test_a_stale_writer_gets_a_conflict_and_writes_nothing(
    build: Any, store: Store, store_url: str, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    other = fresh(store, store_url)
    seen_by_both = store.latest_version()

    assert store.put_part(build.chain(stock=1), expected_version=seen_by_both) == 2
    before = row_counts(store)
    with pytest.raises(Conflict) as stale:
        other.put_part(build.chain(stock=99), expected_version=seen_by_both)
    assert stale.value.errors[0].code == "stale_version"
    assert row_counts(store) == before
    assert other.load().by_sku()["CH-CABLE-45"].stock == 1


def test_a_version_number_taken_behind_the_head_is_a_conflict(
    build: Any, store: Store, small_catalog: Catalog
) -> None:
    """Two writers can never commit one number: the primary key refuses the second."""
    store.import_catalog(small_catalog, "v1")
    with store.engine.begin() as conn:  # a writer that bypassed the head lock took version 2
        conn.execute(catalog_version.insert().values(
            version=2, parent=1, created_at=datetime.now(UTC), message="rogue", part_count=0))
    before = row_counts(store)
    with pytest.raises(Conflict):
        store.put_part(build.chain(stock=3))
    assert row_counts(store) == before and store.latest_version() == 1


def test_concurrent_writers_get_distinct_consecutive_versions(
    build: Any, store: Store, store_url: str, small_catalog: Catalog
) -> None:
    store.import_catalog(small_catalog, "v1")
    stores = [store, Store.from_url(store_url)]  # two "processes": separate pools and caches
    failures: list[BaseException] = []
    threads_count, writes_each = 4, 5

    def writer(index: int) -> None:
        try:
            for j in range(writes_each):
                ring = build.ring(f"JR-T{index}-{j}", inner_diameter_mm=3.0 + index + j / 10)
                stores[index % 2].put_part(ring)
        except BaseException as exc:  # reported below, with the thread's traceback
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    final = 1 + threads_count * writes_each
    assert store.latest_version() == final
    assert [v.version for v in store.versions()] == list(range(1, final + 1))
    latest = Store.from_url(store_url).load()
    assert {f"JR-T{i}-{j}" for i in range(threads_count) for j in range(writes_each)} <= set(latest.by_sku())
    assert len(latest.parts) == 6 + threads_count * writes_each


# ------------------------------------------------------------------------- opening a store


def test_seed_if_empty_seeds_once(build: Any, store: Store, small_catalog: Catalog) -> None:
    assert store.seed_if_empty(small_catalog) == 1
    assert store.seed_if_empty(build.catalog(parts=build.chains(3))) == 1
    assert store.load() == small_catalog.model_copy(update={"version": 1})
    assert store.versions()[0].message == "seed"


def test_open_store_uses_the_settings_url(tmp_path: Path, small_catalog: Catalog) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'opened.db'}")
    with open_store(settings) as opened:
        opened.import_catalog(small_catalog, "v1")
    with open_store(settings) as reopened:
        assert reopened.load(1) == small_catalog.model_copy(update={"version": 1})
    assert (tmp_path / "opened.db").exists()


def test_an_in_memory_store_works_for_quick_use(build: Any, small_catalog: Catalog) -> None:
    with Store.from_url("sqlite://") as memory:
        memory.create_schema()
        memory.import_catalog(small_catalog, "v1")
        memory.put_part(build.chain(stock=0))
        assert memory.load(1).by_sku()["CH-CABLE-45"].stock == 120
        assert Store(memory.engine).load(2).by_sku()["CH-CABLE-45"].stock == 0


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u:p@db.internal:5432/linkwise", "postgresql+psycopg"),
        ("postgres://u:p@db.internal/linkwise", "postgresql+psycopg"),
        ("postgresql+psycopg://u:p@db.internal/linkwise", "postgresql+psycopg"),
        ("postgresql+psycopg2://u:p@db.internal/linkwise", "postgresql+psycopg2"),
    ],
)
def test_postgres_urls_use_psycopg_3(url: str, driver: str) -> None:
    normalised = normalise_url(url)
    assert (normalised.drivername, normalised.database, normalised.password) == (driver, "linkwise", "p")


def test_sqlite_urls_are_kept() -> None:
    assert normalise_url("sqlite:///./linkwise.db").render_as_string() == "sqlite:///./linkwise.db"
