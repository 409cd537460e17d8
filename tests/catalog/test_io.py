"""The catalog file format: exact round trips, clear refusals, and the documented example."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalog.compat import CompatibilityRule
from catalog.exceptions import ValidationFailed
from catalog.io import (
    CatalogFileError,
    catalog_from_dict,
    dump_catalog,
    dumps_catalog,
    load_catalog_file,
    loads_catalog,
    write_catalog_file,
)
from catalog.model import Catalog
from catalog.parts import SKU_PATTERN
from catalog.physics import Physics
from catalog.store import Store
from catalog.styles import NAME_PATTERN, Style
from catalog.types import BaseMetal

DOC = Path(__file__).resolve().parents[2] / "docs" / "catalog-format.md"


def test_a_file_round_trips_exactly(tmp_path: Path, small_catalog: Catalog) -> None:
    path = tmp_path / "catalog.json"
    write_catalog_file(small_catalog, path)

    loaded = load_catalog_file(path)
    assert loaded == small_catalog
    assert loaded.model_dump() == small_catalog.model_dump()  # no float or decimal drift anywhere
    weight = loaded.by_sku()["CH-CABLE-45"].weight_g
    assert isinstance(weight, Decimal) and weight == Decimal("2.35") and str(weight) == "2.35"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]  # no temporary file left


def test_the_document_is_the_model_dump(small_catalog: Catalog) -> None:
    document = dump_catalog(small_catalog)
    assert list(document)[:3] == ["format_version", "version", "currency"]
    assert document["format_version"] == 1
    chain = document["parts"][0]
    assert chain["kind"] == "chain" and chain["weight_g"] == "2.35" and chain["max_load_g"] == "15.00"
    assert chain["length_mm"] == 457.2
    assert document["rules"][0]["effective_from"] == "2026-01-01"
    assert json.loads(dumps_catalog(small_catalog)) == document
    assert "µm" in dumps_catalog(small_catalog)  # UTF-8 kept readable, not \u escapes


def test_tricky_numbers_survive_the_round_trip(build: Any, tmp_path: Path) -> None:
    chain = build.chain(length_mm=0.1 + 0.2, width_mm=1 / 3, wire_mm=0.3, weight_g=Decimal("0.07"),
                        max_load_g=Decimal("999.99"))
    titanium_platable = {BaseMetal.TITANIUM: Physics().metal(BaseMetal.BRASS)}
    physics = Physics(ring_pass_clearance_mm=1e-7, metals=titanium_platable)
    catalog = build.catalog(parts=(chain,), styles=(), rules=(), physics=physics, version=12)
    path = tmp_path / "tricky.json"
    write_catalog_file(catalog, path)
    assert load_catalog_file(path) == catalog
    assert load_catalog_file(path).version == 12  # kept as information


def test_export_from_one_store_imports_into_another(
    build: Any, tmp_path: Path, small_catalog: Catalog
) -> None:
    with Store.from_url(f"sqlite:///{tmp_path / 'a.db'}") as source:
        source.create_schema()
        source.import_catalog(small_catalog, "v1")
        source.retire_part("CL-LOB-10")
        source.put_part(build.ring("JR-18-5", wire_gauge=18, wire_mm=1.02, inner_diameter_mm=5.0))
        exported = source.load()
    write_catalog_file(exported, tmp_path / "export.json")

    with Store.from_url(f"sqlite:///{tmp_path / 'b.db'}") as target:
        target.create_schema()
        version = target.import_catalog(load_catalog_file(tmp_path / "export.json"), "copied")
        assert version == 1
        assert target.load() == exported.model_copy(update={"version": 1})


def test_handwritten_numbers_for_decimals_are_accepted(small_catalog: Catalog) -> None:
    document = dump_catalog(small_catalog)
    document["parts"][0]["weight_g"] = 2.35
    document["parts"][0]["max_load_g"] = 15
    loaded = loads_catalog(json.dumps(document))
    assert loaded == small_catalog


# -------------------------------------------------------------------------------- refusals


def test_bad_json_names_line_and_column(small_catalog: Catalog) -> None:
    text = dumps_catalog(small_catalog)
    lines = text.splitlines()
    target = next(i for i, line in enumerate(lines) if '"currency": "EUR",' in line)
    lines[target] = lines[target].replace('"EUR",', '"EUR"')  # drop one comma
    with pytest.raises(CatalogFileError) as refused:
        loads_catalog("\n".join(lines), source="catalog.json")
    error = refused.value
    assert (error.line, error.column) == (target + 2, 3)  # the parser stops at the next key
    assert error.errors[0].code == "json_invalid" and error.errors[0].field == ""
    assert f"catalog.json: invalid JSON at line {target + 2} column 3" in error.message


def test_a_bad_file_on_disk_is_named(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format_version": 1,\n  "parts": [}\n', encoding="utf-8")
    with pytest.raises(CatalogFileError) as refused:
        load_catalog_file(path)
    assert refused.value.source == str(path)
    assert (refused.value.line, refused.value.column) == (2, 13)

    path.write_bytes(b'{"format_version": 1, "currency": "\xff"}')
    with pytest.raises(CatalogFileError) as not_utf8:
        load_catalog_file(path)
    assert not_utf8.value.errors[0].code == "not_utf8"


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        (2, "unsupported_format_version", "newer than this Linkwise reads (1)"),
        (0, "unsupported_format_version", "format_version 0 is not supported"),
        ("1", "unsupported_format_version", "format_version '1' is not supported"),
        (True, "unsupported_format_version", "not supported"),
        (1.5, "unsupported_format_version", "not supported"),
        (None, "unsupported_format_version", "not supported"),
    ],
)
def test_unknown_format_versions_are_refused(
    small_catalog: Catalog, value: Any, code: str, words: str
) -> None:
    document = dump_catalog(small_catalog)
    document["format_version"] = value
    with pytest.raises(CatalogFileError) as refused:
        loads_catalog(json.dumps(document))
    assert [(e.field, e.code) for e in refused.value.errors] == [("format_version", code)]
    assert words in refused.value.errors[0].message


def test_a_missing_format_version_is_refused(small_catalog: Catalog) -> None:
    document = dump_catalog(small_catalog)
    del document["format_version"]
    with pytest.raises(CatalogFileError) as refused:
        catalog_from_dict(document)
    assert refused.value.errors[0].code == "format_version_missing"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"format_version": 1, "physics": {"ring_pass_clearance_mm": NaN}}', "json_invalid"),
        ('{"format_version": 1, "currency": "EUR", "currency": "USD"}', "duplicate_key"),
        ("[1, 2, 3]", "not_an_object"),
    ],
)
def test_documents_that_are_not_catalogs_are_refused(text: str, code: str) -> None:
    with pytest.raises(CatalogFileError) as refused:
        loads_catalog(text)
    assert refused.value.errors[0].code == code


def test_an_invalid_part_is_named_by_index_field_and_sku(build: Any) -> None:
    document = dump_catalog(build.catalog(parts=build.chains(1000)))
    document["parts"][637]["wire_mm"] = -0.45
    document["parts"][42]["chain_style"] = "spaghetti"
    document["parts"][43]["colour_typo"] = "silver"
    with pytest.raises(ValidationFailed) as refused:
        loads_catalog(json.dumps(document))
    found = {(e.field, e.code) for e in refused.value.errors}
    assert found == {
        ("parts[42].chain_style", "enum"),
        ("parts[43].colour_typo", "extra_forbidden"),
        ("parts[637].wire_mm", "greater_than"),
    }
    messages = {e.field: e.message for e in refused.value.errors}
    assert messages["parts[637].wire_mm"] == "Input should be greater than 0 (part CH-00637)"
    assert messages["parts[42].chain_style"].endswith("(part CH-00042)")


def test_duplicate_identifiers_name_both_entries(small_catalog: Catalog) -> None:
    document = dump_catalog(small_catalog)
    document["parts"].append(dict(document["parts"][2]))
    document["styles"].append(dict(document["styles"][0]))
    with pytest.raises(ValidationFailed) as refused:
        catalog_from_dict(document)
    assert [(e.field, e.code, e.message) for e in refused.value.errors] == [
        ("parts[6].sku", "duplicate_sku", "sku JR-20-4 appears twice: parts[2] and parts[6]"),
        ("styles[1].id", "duplicate_style", "id name-necklace appears twice: styles[0] and styles[1]"),
    ]


def test_write_replaces_an_existing_file_whole(tmp_path: Path, build: Any, small_catalog: Catalog) -> None:
    path = tmp_path / "catalog.json"
    path.write_text("old content that is much longer than nothing at all " * 1000, encoding="utf-8")
    smaller = build.catalog(parts=small_catalog.parts[:1], styles=(), rules=())
    write_catalog_file(smaller, path)
    assert load_catalog_file(path) == smaller
    assert path.read_text(encoding="utf-8").endswith("}\n")


# ---------------------------------------------------------------------------- documentation


def test_the_documented_example_is_a_valid_catalog(tmp_path: Path) -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    example = next(block for block in blocks if '"format_version"' in block)
    path = tmp_path / "example.json"
    path.write_text(example, encoding="utf-8")

    catalog = load_catalog_file(path)
    assert [p.kind for p in catalog.parts] == ["chain", "clasp", "jump_ring", "charm", "plating"]
    assert catalog.physics.ring_pass_clearance_mm == 0.05
    assert catalog.styles[0].plate_after_assembly and catalog.rules[0].mode == "forbidden"
    write_catalog_file(catalog, path)
    assert load_catalog_file(path) == catalog


def test_the_documented_identifier_patterns_are_the_models(small_catalog: Catalog) -> None:
    text = DOC.read_text(encoding="utf-8")
    style_id = Style.model_fields["id"].metadata[0].pattern
    rule_id = CompatibilityRule.model_fields["id"].metadata[0].pattern
    for pattern in (SKU_PATTERN, style_id, rule_id, NAME_PATTERN):
        assert f"`{pattern}`" in text


def test_the_documented_error_examples_are_what_the_code_says(build: Any, small_catalog: Catalog) -> None:
    text = DOC.read_text(encoding="utf-8")
    document = dump_catalog(build.catalog(parts=build.chains(1000)))
    document["parts"][637]["wire_mm"] = -0.45
    with pytest.raises(ValidationFailed) as refused:
        catalog_from_dict(document)
    error = refused.value.errors[0]
    assert f'"message": "{error.message}"' in text and f'"field": "{error.field}"' in text

    duplicated = dump_catalog(small_catalog)
    duplicated["parts"].append(dict(duplicated["parts"][2]))
    with pytest.raises(ValidationFailed) as dup:
        catalog_from_dict(duplicated)
    assert f'"message": "{dup.value.errors[0].message}"' in text
