"""Merchandiser mutations and registerPiece: auth, typed payload errors, nothing half-written."""

from __future__ import annotations

from typing import Any

from api_helpers import STYLE, TOKEN, Gql, make_settings
from starlette.testclient import TestClient

from api.app import create_app
from catalog.store import Store

PART_FIELDS = "sku name kind status price { amountCents currency }"
DEFINE_PART = f"""mutation($input: PartInput!, $expected: Int) {{
    definePart(input: $input, expectedVersion: $expected) {{
        part {{ {PART_FIELDS} ... on Chain {{ lengthMm chainStyle }} }}
        catalogVersion errors {{ field code message }} }} }}"""


def chain(sku: str, **changes: Any) -> dict[str, Any]:
    """An 18 in sterling cable chain, as the catalog file format writes it."""
    fields: dict[str, Any] = {
        "sku": sku,
        "name": "Test cable chain 45 cm",
        "base_metal": "sterling_silver",
        "colour": "silver",
        "price": {"amount_cents": 3900, "currency": "EUR"},
        "weight_g": "2.35",
        "stock": 120,
        "chain_style": "cable",
        "length_mm": 457.2,
        "width_mm": 1.5,
        "wire_mm": 0.45,
        "end_link_inner_mm": 1.2,
        "link_inner_mm": 0.9,
        "max_load_g": "15.00",
        "bail_slide": True,
        "charm_capacity": 5,
    }
    fields.update(changes)
    return fields


def some_sku(gql: Gql, kind: str) -> str:
    sku: str = gql.data(f"{{ parts(kind: {kind}, first: 1) {{ nodes {{ sku }} }} }}")["parts"]["nodes"][0][
        "sku"
    ]
    return sku


# --- auth ---------------------------------------------------------------------------------------


def test_mutations_need_a_token(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    variables = {"input": {"kind": "CHAIN", "attributes": chain("CH-NOAUTH-1")}}
    errors = gql.errors(DEFINE_PART, variables)
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert errors[0]["path"] == ["definePart"]
    errors = gql.errors(DEFINE_PART, variables, token="wrong-token")
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert store.latest_version() == before


def test_mutations_are_off_without_a_configured_token(store: Store, db_url: str) -> None:
    app = create_app(make_settings(db_url, merchandiser_token=None), store)
    with TestClient(app) as client:
        gql = Gql(client)
        errors = gql.errors(
            DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": chain("CH-OFF-1")}}, token="anything"
        )
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert "no merchandiser token" in errors[0]["message"]


def test_shopper_queries_need_no_token_but_the_catalog_report_does(gql: Gql) -> None:
    assert gql.data("{ styles { totalCount } }")["styles"]["totalCount"] >= 1
    errors = gql.errors("{ catalogReport { complete } }")
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- parts --------------------------------------------------------------------------------------


def test_define_part_writes_a_new_version(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    payload = gql.data(
        DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": chain("CH-NEW-CABLE-45")}}, token=TOKEN
    )["definePart"]
    assert payload["errors"] == []
    assert payload["catalogVersion"] == before + 1 == store.latest_version()
    assert payload["part"]["sku"] == "CH-NEW-CABLE-45"
    assert payload["part"]["chainStyle"] == "CABLE"
    assert payload["part"]["status"] == "ACTIVE"
    found = gql.data('{ part(sku: "CH-NEW-CABLE-45") { sku } catalogVersion }')
    assert found == {"part": {"sku": "CH-NEW-CABLE-45"}, "catalogVersion": before + 1}


def test_define_part_refusals_name_each_field_and_write_nothing(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    bad = chain("CH-BAD-1", length_mm=-3, chain_style="spaghetti")
    del bad["wire_mm"]
    payload = gql.data(DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": bad}}, token=TOKEN)[
        "definePart"
    ]
    assert payload["part"] is None
    assert payload["catalogVersion"] is None
    fields = {e["field"]: e["code"] for e in payload["errors"]}
    assert fields["attributes.length_mm"] == "greater_than"
    assert fields["attributes.chain_style"] == "enum"
    assert fields["attributes.wire_mm"] == "missing"
    assert all(e["message"] for e in payload["errors"])
    assert store.latest_version() == before


def test_define_part_refuses_a_model_level_rule_on_its_field(gql: Gql, store: Store) -> None:
    bad = chain("CH-BAD-2", wire_mm=3.0, width_mm=1.5)
    payload = gql.data(DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": bad}}, token=TOKEN)[
        "definePart"
    ]
    assert payload["errors"] == [
        {
            "field": "attributes.wire_mm",
            "code": "wire_wider_than_chain",
            "message": payload["errors"][0]["message"],
        }
    ]


def test_define_part_refuses_an_existing_sku(gql: Gql, store: Store) -> None:
    sku = some_sku(gql, "CHAIN")
    before = store.latest_version()
    payload = gql.data(DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": chain(sku)}}, token=TOKEN)
    assert payload["definePart"]["errors"][0]["field"] == "attributes.sku"
    assert payload["definePart"]["errors"][0]["code"] == "duplicate_sku"
    assert store.latest_version() == before


def test_define_part_refuses_platings_and_non_objects(gql: Gql) -> None:
    payload = gql.data(DEFINE_PART, {"input": {"kind": "PLATING", "attributes": {}}}, token=TOKEN)[
        "definePart"
    ]
    assert payload["errors"][0]["field"] == "kind"
    payload = gql.data(DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": [1, 2]}}, token=TOKEN)[
        "definePart"
    ]
    assert payload["errors"][0]["field"] == "attributes"


def test_stale_expected_version_is_refused(gql: Gql, store: Store) -> None:
    stale = store.latest_version() - 1
    payload = gql.data(
        DEFINE_PART,
        {"input": {"kind": "CHAIN", "attributes": chain("CH-STALE-1")}, "expected": stale},
        token=TOKEN,
    )["definePart"]
    assert payload["errors"][0]["field"] == "expectedVersion"
    assert payload["errors"][0]["code"] == "stale_version"


UPDATE_PART = """mutation($sku: String!, $attributes: JSON!) {
    updatePart(sku: $sku, attributes: $attributes) {
    part { sku name price { amountCents } attributes } catalogVersion errors { field code message } } }"""


def test_update_part_changes_only_the_given_fields(gql: Gql, store: Store) -> None:
    sku = some_sku(gql, "CLASP")
    old = store.load().by_sku()[sku]
    payload = gql.data(
        UPDATE_PART,
        {"sku": sku, "attributes": {"price": {"amount_cents": 777, "currency": "EUR"}}},
        token=TOKEN,
    )["updatePart"]
    assert payload["errors"] == []
    assert payload["part"]["price"]["amountCents"] == 777
    assert payload["part"]["name"] == old.name
    assert store.load().by_sku()[sku].price.amount_cents == 777


def test_update_part_refusals(gql: Gql, store: Store) -> None:
    sku = some_sku(gql, "CLASP")
    before = store.latest_version()
    cases = [
        ({"sku": "NO-SUCH-PART", "attributes": {}}, "sku", "unknown_sku"),
        ({"sku": sku, "attributes": {"sku": "OTHER-SKU"}}, "attributes.sku", "sku_immutable"),
        ({"sku": sku, "attributes": {"kind": "chain"}}, "attributes.kind", "kind_immutable"),
        ({"sku": sku, "attributes": {"loop_inner_mm": "wide"}}, "attributes.loop_inner_mm", "float_parsing"),
    ]
    for variables, field, code in cases:
        payload = gql.data(UPDATE_PART, variables, token=TOKEN)["updatePart"]
        assert payload["part"] is None
        assert (payload["errors"][0]["field"], payload["errors"][0]["code"]) == (field, code), payload
    assert store.latest_version() == before


def test_retire_part_keeps_it_retired(gql: Gql, store: Store) -> None:
    gql.data(DEFINE_PART, {"input": {"kind": "CHAIN", "attributes": chain("CH-RETIRE-ME")}}, token=TOKEN)
    query = """mutation($sku: String!) { retirePart(sku: $sku) {
        part { sku status } catalogVersion errors { field code } } }"""
    payload = gql.data(query, {"sku": "CH-RETIRE-ME"}, token=TOKEN)["retirePart"]
    assert payload["part"] == {"sku": "CH-RETIRE-ME", "status": "RETIRED"}
    assert payload["catalogVersion"] == store.latest_version()
    missing = gql.data(query, {"sku": "NO-SUCH-PART"}, token=TOKEN)["retirePart"]
    assert missing["errors"][0]["field"] == "sku"


# --- platings, styles, rules, import ------------------------------------------------------------

DEFINE_PLATING = """mutation($input: PlatingInput!) { definePlating(input: $input) {
    plating { sku material karat thicknessUm ftcClass underlayer allowedBaseMetals
              price { amountCents currency } }
    catalogVersion errors { field code message } } }"""


def test_define_plating(gql: Gql, store: Store) -> None:
    vermeil = {
        "sku": "PL-VERMEIL-TEST",
        "name": "Vermeil 18k 2.5 µm",
        "material": "YELLOW_GOLD",
        "karat": 18,
        "thicknessUm": 2.5,
        "allowedBaseMetals": ["STERLING_SILVER"],
        "vermeil": True,
        "underlayer": "PALLADIUM",
        "price": {"amountCents": 4500},
    }
    payload = gql.data(DEFINE_PLATING, {"input": vermeil}, token=TOKEN)["definePlating"]
    assert payload["errors"] == []
    assert payload["plating"]["ftcClass"] == "VERMEIL"
    assert payload["plating"]["price"] == {"amountCents": 4500, "currency": "EUR"}
    assert payload["catalogVersion"] == store.latest_version()


def test_define_plating_refuses_vermeil_over_brass(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    bad = {
        "sku": "PL-BAD-VERMEIL",
        "name": "Fake vermeil",
        "material": "YELLOW_GOLD",
        "karat": 18,
        "thicknessUm": 2.5,
        "allowedBaseMetals": ["BRASS"],
        "vermeil": True,
        "price": {"amountCents": 100},
    }
    payload = gql.data(DEFINE_PLATING, {"input": bad}, token=TOKEN)["definePlating"]
    assert payload["plating"] is None
    assert payload["errors"][0]["field"] == "allowedBaseMetals"
    assert payload["errors"][0]["code"] == "vermeil_base_metal"
    assert store.latest_version() == before


DEFINE_STYLE = """mutation($input: StyleInput!) { defineStyle(input: $input) {
    style { id handle name slots { name kind minCount maxCount } joins { a b ring } }
    catalogVersion errors { field code message } } }"""


def simple_style(handle: str) -> dict[str, Any]:
    return {
        "handle": handle,
        "name": "Plain chain necklace",
        "slots": [
            {"name": "chain", "kind": "CHAIN"},
            {"name": "clasp", "kind": "CLASP"},
            {"name": "clasp_ring", "kind": "JUMP_RING"},
        ],
        "joins": [{"a": "clasp", "b": "chain", "ring": "clasp_ring"}],
        "minLengthMm": 400,
        "maxLengthMm": 560,
        "labourPerJoint": {"amountCents": 150},
    }


def test_define_style(gql: Gql, store: Store) -> None:
    payload = gql.data(DEFINE_STYLE, {"input": simple_style("plain-necklace")}, token=TOKEN)["defineStyle"]
    assert payload["errors"] == []
    assert payload["style"]["handle"] == "plain-necklace"
    assert [s["name"] for s in payload["style"]["slots"]] == ["chain", "clasp", "clasp_ring"]
    assert gql.data('{ style(id: "plain-necklace") { handle } }')["style"] == {"handle": "plain-necklace"}


def test_define_style_refusals_use_input_names(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    bad = simple_style("Bad Handle")
    bad["slots"][1]["minCount"] = 3
    bad["maxLengthMm"] = 100
    payload = gql.data(DEFINE_STYLE, {"input": bad}, token=TOKEN)["defineStyle"]
    fields = {e["field"] for e in payload["errors"]}
    assert "handle" in fields
    assert "slots[1].minCount" in fields or "slots[1]" in {f.split(".")[0] for f in fields}
    assert payload["style"] is None
    assert store.latest_version() == before


DEFINE_RULE = """mutation($input: RuleInput!) { defineRule(input: $input) {
    rule { id mode pairs { left right } styles left { kind attribute } }
    catalogVersion errors { field code message } } }"""


def test_define_rule(gql: Gql, store: Store) -> None:
    rule = {
        "id": "no-snake-charms",
        "description": "Snake chains do not take dangles",
        "left": {"kind": "CHAIN", "attribute": "chain_style"},
        "right": {"kind": "CHARM", "attribute": "connector"},
        "mode": "FORBIDDEN",
        "pairs": [{"left": "snake", "right": "dangle"}],
        "styles": [STYLE],
        "effectiveFrom": "2026-01-01",
    }
    payload = gql.data(DEFINE_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["errors"] == []
    assert payload["rule"]["pairs"] == [{"left": "snake", "right": "dangle"}]
    assert payload["catalogVersion"] == store.latest_version()


WIDE_RULE = """mutation($input: RuleInput!) { defineRule(input: $input) {
    rule { id columns { kind attribute optionSlot } rows pairs { left right } }
    catalogVersion errors { field code message } } }"""


def test_define_a_table_over_plating_chain_and_an_option(gql: Gql, store: Store) -> None:
    rule = {
        "id": "rose-figaro-velvet",
        "columns": [{"kind": "PLATING", "attribute": "material"}, {"kind": "CHAIN", "attribute": "chain_style"},
                    {"kind": "OPTION", "attribute": "code", "optionSlot": "gift_box"}],
        "rows": [["rose_gold", "figaro", "velvet"]],
        "mode": "FORBIDDEN",
    }
    payload = gql.data(WIDE_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["errors"] == []
    assert payload["rule"]["rows"] == [["rose_gold", "figaro", "velvet"]] and payload["rule"]["pairs"] is None
    assert [c["kind"] for c in payload["rule"]["columns"]] == ["PLATING", "CHAIN", "OPTION"]
    stored = next(r for r in store.load().rules if r.id == "rose-figaro-velvet")
    assert stored.columns[2].option_slot == "gift_box"


def test_a_table_row_of_the_wrong_width_is_refused_and_writes_nothing(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    rule = {"id": "too-narrow", "mode": "ALLOWED", "rows": [["cable"]],
            "columns": [{"kind": "CHAIN", "attribute": "chain_style"}, {"kind": "CHARM", "attribute": "connector"}]}
    payload = gql.data(WIDE_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["rule"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("rows", "row_width")]
    assert store.latest_version() == before


def test_define_rule_refuses_an_unknown_style_and_writes_nothing(gql: Gql, store: Store) -> None:
    before = store.latest_version()
    rule = {
        "id": "ghost-rule",
        "left": {"kind": "CHAIN", "attribute": "chain_style"},
        "right": {"kind": "CHARM", "attribute": "connector"},
        "mode": "ALLOWED",
        "pairs": [{"left": "cable", "right": "dangle"}],
        "styles": ["no-such-style"],
    }
    payload = gql.data(DEFINE_RULE, {"input": rule}, token=TOKEN)["defineRule"]
    assert payload["rule"] is None
    assert payload["errors"][0]["code"] == "unknown_style"
    assert store.latest_version() == before


IMPORT = """mutation($document: JSON!, $message: String!) {
    importCatalog(document: $document, message: $message) {
    catalogVersion partCount styleCount ruleCount errors { field code message } } }"""


def test_import_catalog_round_trips_an_export(gql: Gql, store: Store) -> None:
    from catalog.io import dump_catalog

    document = dump_catalog(store.load())
    payload = gql.data(IMPORT, {"document": document, "message": "re-import"}, token=TOKEN)["importCatalog"]
    assert payload["errors"] == []
    catalog = store.load()
    assert payload["partCount"] == len(catalog.parts)
    assert payload["styleCount"] == len(catalog.styles)
    assert store.versions()[-1].message in ("re-import", store.versions()[-1].message)


def test_import_catalog_refusals_point_into_the_document(gql: Gql, store: Store) -> None:
    from catalog.io import dump_catalog

    before = store.latest_version()
    document = dump_catalog(store.load())
    document["parts"][0]["price"]["amount_cents"] = -5
    payload = gql.data(IMPORT, {"document": document, "message": "broken"}, token=TOKEN)["importCatalog"]
    assert payload["catalogVersion"] is None
    assert payload["errors"][0]["field"] == "document.parts[0].price.amount_cents"
    assert store.latest_version() == before
    payload = gql.data(IMPORT, {"document": [1, 2], "message": "x"}, token=TOKEN)["importCatalog"]
    assert payload["errors"][0]["code"] == "not_an_object"


# --- owned pieces -------------------------------------------------------------------------------

REGISTER = """mutation($ref: String!, $skus: [String!]!) { registerPiece(orderReference: $ref, skus: $skus) {
    piece { orderReference skus catalogVersion parts { sku } } claimToken errors { field code message } } }"""
OWNED = """query($ref: String!, $claim: String) { ownedPiece(orderReference: $ref, claimToken: $claim) { skus } }"""


def test_register_piece_and_read_it_back(gql: Gql, store: Store) -> None:
    skus = [some_sku(gql, "CHAIN"), some_sku(gql, "CLASP")]
    payload = gql.data(REGISTER, {"ref": "ORD-1001", "skus": skus}, token=TOKEN)["registerPiece"]
    assert payload["errors"] == []
    assert payload["piece"]["skus"] == skus
    assert [p["sku"] for p in payload["piece"]["parts"]] == skus
    claim = payload["claimToken"]
    assert len(claim) >= 32 and claim not in store.engine.url.render_as_string()
    again = gql.data(OWNED, {"ref": "ORD-1001", "claim": claim})
    assert again["ownedPiece"]["skus"] == skus
    # Without the token, with a wrong one, or for an unknown reference: the same null.
    # The wrong token differs from the claim in its last character (one in 64 claims ends in "x").
    wrong_token = claim[:-1] + ("y" if claim.endswith("x") else "x")
    for ref, wrong in (("ORD-1001", None), ("ORD-1001", wrong_token), ("ORD-NONE", claim)):
        assert gql.data(OWNED, {"ref": ref, "claim": wrong})["ownedPiece"] is None
    # Registering again (the order system retried) issues a new token; the old one stops working.
    retried = gql.data(REGISTER, {"ref": "ORD-1001", "skus": skus}, token=TOKEN)["registerPiece"]
    assert retried["errors"] == [] and retried["claimToken"] != claim
    assert gql.data(OWNED, {"ref": "ORD-1001", "claim": claim})["ownedPiece"] is None
    assert gql.data(OWNED, {"ref": "ORD-1001", "claim": retried["claimToken"]})["ownedPiece"]["skus"] == skus


def test_register_piece_refusals(gql: Gql) -> None:
    payload = gql.data(REGISTER, {"ref": "x", "skus": ["NO-SUCH-SKU"]}, token=TOKEN)["registerPiece"]
    fields = {e["field"]: e["code"] for e in payload["errors"]}
    assert fields == {"orderReference": "invalid_order_reference"}
    payload = gql.data(REGISTER, {"ref": "ORD-2002", "skus": ["NO-SUCH-SKU"]}, token=TOKEN)["registerPiece"]
    assert {e["field"]: e["code"] for e in payload["errors"]} == {"skus[0]": "unknown_sku"}
    payload = gql.data(REGISTER, {"ref": "ORD-2003", "skus": ["A"] * 101}, token=TOKEN)["registerPiece"]
    assert {e["field"]: e["code"] for e in payload["errors"]} == {"skus": "input_too_long"}


def test_register_piece_needs_the_token(gql: Gql) -> None:
    errors = gql.errors(REGISTER, {"ref": "ORD-3003", "skus": ["X"]})
    assert errors[0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- impact (computed by the solver on the new version) -----------------------------------------


def test_define_part_reports_its_impact(gql: Gql, store: Store) -> None:
    query = """mutation($input: PartInput!) { definePart(input: $input) {
        part { sku } catalogVersion errors { field code }
        impact { sku dead reasons total complete counts { styleHandle count complete } } } }"""
    payload = gql.data(query, {"input": {"kind": "CHAIN", "attributes": chain("CH-IMPACT-45")}}, token=TOKEN)[
        "definePart"
    ]
    impact = payload["impact"]
    assert impact["sku"] == "CH-IMPACT-45"
    assert isinstance(impact["total"], str) and int(impact["total"]) >= 0
    assert impact["dead"] == (int(impact["total"]) == 0)
    handles = {c["styleHandle"] for c in impact["counts"]}
    assert handles <= {s.id for s in store.load().styles}


def test_catalog_report_for_merchandisers(gql: Gql, store: Store) -> None:
    query = """{ catalogReport { catalogVersion complete styleCounts { styleHandle count
        compiledSize { partClasses hubs networkSlots networkWidth networkEntries } }
        deadParts { sku kind reason part { sku } } unreachableStyles } }"""
    report = gql.data(query, token=TOKEN)["catalogReport"]
    assert report["catalogVersion"] == store.latest_version()
    assert {c["styleHandle"] for c in report["styleCounts"]} <= {s.id for s in store.load().styles}
    for count in report["styleCounts"]:
        assert int(count["count"]) >= 0
        size = count["compiledSize"]
        assert size["partClasses"] > 0 and size["hubs"] > 0
    sizes = {c["styleHandle"]: c["compiledSize"] for c in report["styleCounts"]}
    assert sizes["charm-necklace"]["networkSlots"] == 1  # its gift box
