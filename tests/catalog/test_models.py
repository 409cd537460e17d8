"""Model validation: every refusal names its field and a stable code (real parts from the demo)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from catalog.demo import load_demo_catalog
from catalog.exceptions import FieldError, ValidationFailed
from catalog.model import parse_catalog, parse_part
from catalog.parts import JumpRing, Plating
from catalog.types import FtcClass


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return load_demo_catalog().model_dump(mode="json")


def part(raw: dict[str, Any], of: str, **changes: Any) -> dict[str, Any]:
    found = copy.deepcopy(next(p for p in raw["parts"] if p["sku"] == of))
    found.update(changes)
    return found


def part_errors(data: dict[str, Any]) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as info:
        parse_part(data)
    return info.value.errors


def catalog_errors(data: dict[str, Any]) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as info:
        parse_catalog(data)
    return info.value.errors


def only(errors: list[FieldError]) -> tuple[str, str]:
    assert len(errors) == 1, errors
    return errors[0].field, errors[0].code


def test_demo_parts_parse_one_by_one(raw: dict[str, Any]) -> None:
    for data in raw["parts"]:
        assert parse_part(data).sku == data["sku"]


def test_dotted_size_skus_are_valid(raw: dict[str, Any]) -> None:
    ring = parse_part(part(raw, "JR-SS-18G-4.0"))
    assert isinstance(ring, JumpRing) and ring.wire_mm == 1.02 and ring.inner_diameter_mm == 4.0


@pytest.mark.parametrize(("sku", "changes", "field", "code"), [
    ("JR-SS-18G-4.0", {"price": {"amount_cents": -5, "currency": "EUR"}}, "price.amount_cents",
     "greater_than_equal"),
    ("JR-SS-18G-4.0", {"inner_diameter_mm": 0}, "inner_diameter_mm", "greater_than"),
    ("JR-SS-18G-4.0", {"wire_gauge": 17}, "wire_gauge", "unknown_gauge"),  # no AWG 17 in the table
    ("JR-SS-18G-4.0", {"gauge_system": "XYZ"}, "gauge_system", "enum"),
    # AWG 18 is 1.02 mm; 1.29 mm is AWG 16.
    ("JR-SS-18G-4.0", {"wire_mm": 1.29}, "wire_mm", "gauge_mismatch"),
    ("JR-SS-18G-4.0", {"weight_g": "0.1255"}, "weight_g", "decimal_max_places"),  # rings to the milligram
    ("CM-HEART-SS", {"weight_g": "1.205"}, "weight_g", "decimal_max_places"),  # hung weight in centigrams
    ("JR-SS-18G-4.0", {"stock": -1}, "stock", "greater_than_equal"),
    ("JR-SS-18G-4.0", {"sku": "jr-ss-18g"}, "sku", "string_pattern_mismatch"),
    ("JR-SS-18G-4.0", {"colour": "green"}, "colour", "enum"),
    ("JR-SS-18G-4.0", {"diameter_in": 0.16}, "diameter_in", "extra_forbidden"),
    ("CH-CLIP-SS-7IN-3.0", {"charm_capacity": -1}, "charm_capacity", "greater_than_equal"),
    ("CH-CABLE-SS-18IN-1.2", {"wire_mm": 1.5}, "wire_mm", "wire_wider_than_chain"),
    ("CH-CABLE-SS-18IN-1.2", {"length_mm": 0}, "length_mm", "greater_than"),
    ("EX-SS-2IN", {"length_mm": 12.7}, "length_mm", "greater_than_equal"),  # 0.5 in: below 1 in
    ("CM-HEART-SS", {"loop_inner_mm": None}, "connector", "connector_dimension_missing"),
    ("CM-CLIP-HEART-SS", {"clip_min_width_mm": 3.4}, "clip_min_width_mm", "clip_range_inverted"),
    ("NP-SCRIPT-SS", {"max_characters": 0}, "max_characters", "nameplate_text_missing"),
    ("CM-LION-BR", {"tooling": None}, "tooling", "tooling_required"),
    ("CM-LION-BR", {"tooling": {"amount_cents": 45000, "currency": "USD"}}, "tooling.currency",
     "currency_mismatch"),
    # Vermeil is only over sterling silver, and needs >= 2.5 µm of >= 10k gold.
    ("PL-YG14-2.5-VERMEIL", {"allowed_base_metals": ["sterling_silver", "brass"]}, "allowed_base_metals",
     "vermeil_base_metal"),
    ("PL-YG14-2.5-VERMEIL", {"thickness_um": 1.0}, "thickness_um", "vermeil_layer"),
    ("PL-YG14-2.5-VERMEIL", {"karat": 9}, "karat", "vermeil_karat"),
    ("PL-YG14-2.5-VERMEIL", {"material": "rhodium", "karat": None}, "material", "vermeil_not_gold"),
    ("PL-RH-0.75", {"underlayer": "none"}, "underlayer", "rhodium_needs_underlayer"),
    ("PL-RH-0.75", {"karat": 14}, "karat", "karat_not_gold"),
    ("PL-YG14-0.5", {"karat": None}, "karat", "karat_required"),
    ("PL-YG14-0.5", {"thickness_um": 0}, "thickness_um", "greater_than"),
])
def test_part_refusals_name_field_and_code(raw: dict[str, Any], sku: str, changes: dict[str, Any],
                                           field: str, code: str) -> None:
    errors = part_errors(part(raw, sku, **changes))
    assert only(errors) == (field, code)
    assert sku in errors[0].message or "sku" in changes


def test_unknown_kind(raw: dict[str, Any]) -> None:
    assert only(part_errors(part(raw, "CM-HEART-SS", kind="bangle"))) == ("kind", "unknown_kind")


def test_duplicate_sku_in_catalog(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["parts"].append(copy.deepcopy(data["parts"][5]))
    field, code = only(catalog_errors(data))
    assert (field, code) == (f"parts[{len(data['parts']) - 1}].sku", "duplicate_sku")


def test_part_error_inside_catalog_names_index_and_sku(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    index = next(i for i, p in enumerate(data["parts"]) if p["sku"] == "PL-RH-0.75")
    data["parts"][index]["underlayer"] = "none"
    errors = catalog_errors(data)
    assert [(e.field, e.code) for e in errors] == [(f"parts[{index}].underlayer", "rhodium_needs_underlayer")]
    assert "PL-RH-0.75" in errors[0].message


def test_currency_mismatch_in_catalog(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["parts"][8]["price"]["currency"] = "USD"
    errors = catalog_errors(data)
    # The catalog-level check names the exact part's field, not a generic price.currency.
    assert only(errors) == ("parts[8].price.currency", "currency_mismatch")
    assert data["parts"][8]["sku"] in errors[0].message


def _style_errors(raw: dict[str, Any], index: int, **changes: Any) -> tuple[str, str]:
    data = copy.deepcopy(raw)
    data["styles"][index].update(changes)
    return only(catalog_errors(data))


def test_style_joining_an_unknown_slot(raw: dict[str, Any]) -> None:
    joins = [*raw["styles"][0]["joins"], {"a": "chain", "b": "pendant"}]
    assert _style_errors(raw, 0, joins=joins) == ("styles[0].joins", "unknown_slot")


def test_style_slot_not_joined_and_ring_unused(raw: dict[str, Any]) -> None:
    joins = [j for j in raw["styles"][0]["joins"] if j["b"] != "charms"]
    assert _style_errors(raw, 0, joins=joins) == ("styles[0].joins", "slot_not_joined")


def test_plated_style_needs_a_required_plating_slot(raw: dict[str, Any]) -> None:
    # The charm necklace's plating slot is optional: it cannot be plated after assembly.
    assert _style_errors(raw, 0, plate_after_assembly=True) == ("styles[0].plate_after_assembly",
                                                                 "plating_slot_required")


def test_style_length_range_inverted(raw: dict[str, Any]) -> None:
    assert _style_errors(raw, 3, min_length_mm=330.0) == ("styles[3].min_length_mm", "length_range_inverted")


def test_only_charm_slots_hold_several(raw: dict[str, Any]) -> None:
    slots = copy.deepcopy(raw["styles"][3]["slots"])
    slots[1]["max_count"] = 2  # two clasps
    assert _style_errors(raw, 3, slots=slots) == ("styles[3].slots[1].max_count", "multi_slot_kind")


def test_option_slot_needs_values(raw: dict[str, Any]) -> None:
    slots = copy.deepcopy(raw["styles"][1]["slots"])
    font = next(s for s in slots if s["name"] == "font")
    font["values"] = []
    field, code = _style_errors(raw, 1, slots=slots)
    assert code == "option_values_missing" and field.endswith(".values")


def test_rule_naming_unknown_style(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["rules"][0]["styles"] = ["bangle"]
    assert only(catalog_errors(data)) == ("rules", "unknown_style")


def test_rule_dates_inverted(raw: dict[str, Any]) -> None:
    data = copy.deepcopy(raw)
    data["rules"][2]["effective_from"] = "2027-06-01"
    assert only(catalog_errors(data)) == ("rules[2].effective_from", "date_range_inverted")


def test_several_errors_are_all_reported(raw: dict[str, Any]) -> None:
    data = part(raw, "JR-SS-18G-4.0", inner_diameter_mm=0, stock=-3)
    assert {(e.field, e.code) for e in part_errors(data)} == {
        ("inner_diameter_mm", "greater_than"), ("stock", "greater_than_equal"),
    }


@pytest.mark.parametrize(("sku", "ftc"), [
    ("PL-RH-0.75", FtcClass.NOT_GOLD),
    ("PL-YG14-0.1", FtcClass.FLASH),  # 0.1 µm < 0.175 µm: flash / gold wash
    ("PL-YG14-0.5", FtcClass.GOLD_ELECTROPLATE),  # >= 0.175 µm of >= 10k
    ("PL-YG14-2.5", FtcClass.HEAVY_GOLD_ELECTROPLATE),  # >= 2.5 µm
    ("PL-YG18-3.0", FtcClass.HEAVY_GOLD_ELECTROPLATE),
    ("PL-YG14-2.5-VERMEIL", FtcClass.VERMEIL),
])
def test_ftc_classes_of_demo_platings(sku: str, ftc: FtcClass) -> None:
    plating = load_demo_catalog().by_sku()[sku]
    assert isinstance(plating, Plating)
    assert plating.ftc_class() is ftc


def test_lookups_are_built_once_and_do_not_change_equality() -> None:
    from catalog.demo import load_demo_catalog
    from catalog.types import SlotKind

    used, fresh = load_demo_catalog(), load_demo_catalog()
    assert used.by_sku() is used.by_sku()  # built once
    assert used == fresh  # the cache on one side only does not make them differ
    fewer = used.model_copy(update={"parts": used.parts[:10]})  # carries the private cache over
    assert len(fewer.by_sku()) == 10 and len(used.by_sku()) == len(used.parts)
    assert all(p.kind == "chain" for p in fewer.parts_of(SlotKind.CHAIN))
    assert fewer != used
