"""Catalog queries: styles, style, node, parts (connection, filters, cursors), part, rules, versions."""

from __future__ import annotations

import base64

from api_helpers import STYLE, Gql
from starlette.testclient import TestClient

from catalog.store import Store


def global_id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def test_health_names_the_catalog_version(client: TestClient, store: Store) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "catalogVersion": store.latest_version()}


def test_graphiql_is_off_outside_development(client: TestClient) -> None:
    response = client.get("/graphql", headers={"Accept": "text/html"})
    assert "graphiql" not in response.text.lower()


def test_styles_connection_pages_in_handle_order(gql: Gql) -> None:
    query = """query($after: String) { styles(first: 2, after: $after) {
        totalCount edges { cursor node { id handle name slots { name kind minCount maxCount } } }
        pageInfo { hasNextPage hasPreviousPage endCursor } } }"""
    first = gql.data(query)["styles"]
    assert first["totalCount"] == 4
    assert len(first["edges"]) == 2
    assert first["pageInfo"]["hasNextPage"] is True
    assert first["pageInfo"]["hasPreviousPage"] is False
    second = gql.data(query, {"after": first["pageInfo"]["endCursor"]})["styles"]
    handles = [e["node"]["handle"] for e in first["edges"] + second["edges"]]
    assert handles == sorted(handles)
    assert len(set(handles)) == 4
    assert second["pageInfo"]["hasNextPage"] is False
    node = first["edges"][0]["node"]
    assert node["id"] == global_id("Style", node["handle"])


def test_style_by_handle_or_global_id(gql: Gql) -> None:
    query = """query($id: ID!) { style(id: $id) {
        id handle joins { a b ring } labourPerJoint { amountCents currency } } }"""
    by_handle = gql.data(query, {"id": STYLE})["style"]
    by_id = gql.data(query, {"id": global_id("Style", STYLE)})["style"]
    assert by_handle == by_id
    assert by_handle["handle"] == STYLE
    assert by_handle["labourPerJoint"]["currency"] == "EUR"
    assert gql.data(query, {"id": "no-such-style"})["style"] is None


def test_node_resolves_parts_and_styles_by_global_id(gql: Gql) -> None:
    sku = gql.data("{ parts(kind: CHAIN, first: 1) { nodes { sku } } }")["parts"]["nodes"][0]["sku"]
    query = """query($id: ID!) { node(id: $id) { id __typename
        ... on Chain { sku lengthMm chainStyle } ... on Style { handle } } }"""
    chain = gql.data(query, {"id": global_id("Chain", sku)})["node"]
    assert chain["__typename"] == "Chain"
    assert chain["sku"] == sku
    assert chain["lengthMm"] > 0
    style = gql.data(query, {"id": global_id("Style", STYLE)})["node"]
    assert style == {"id": global_id("Style", STYLE), "__typename": "Style", "handle": STYLE}
    assert gql.data(query, {"id": global_id("Chain", "NO-SUCH-SKU")})["node"] is None


def test_parts_filtered_by_kind_with_typed_fields(gql: Gql) -> None:
    data = gql.data("""{ parts(kind: JUMP_RING, first: 3) { totalCount nodes {
        __typename sku kind price { amountCents currency } attributes
        ... on PhysicalPart { baseMetal colour weightG stock }
        ... on JumpRing { wireMm innerDiameterMm wireGauge gaugeSystem } } } }""")["parts"]
    assert data["totalCount"] > 3
    for node in data["nodes"]:
        assert node["__typename"] == "JumpRing"
        assert node["kind"] == "JUMP_RING"
        assert node["innerDiameterMm"] > node["wireMm"] > 0
        assert node["attributes"]["sku"] == node["sku"]
        assert node["attributes"]["kind"] == "jump_ring"


def test_parts_paging_covers_every_part_once(gql: Gql, store: Store) -> None:
    query = """query($after: String) { parts(first: 50, after: $after) {
        totalCount nodes { sku } pageInfo { hasNextPage endCursor } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = gql.data(query, {"after": after})["parts"]
        seen += [n["sku"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    catalog = store.load()
    assert seen == sorted(p.sku for p in catalog.parts)
    assert page["totalCount"] == len(catalog.parts)


def test_parts_filter_by_metal_search_and_attributes(gql: Gql) -> None:
    query = """query($filter: PartFilter) { parts(kind: CHAIN, filter: $filter, first: 50) {
        totalCount nodes { sku name ... on Chain { baseMetal lengthMm } } } }"""
    data = gql.data(
        query,
        {
            "filter": {
                "baseMetals": ["STERLING_SILVER"],
                "search": "cable",
                "attributes": [{"attribute": "length_mm", "min": 450, "max": 460}],
            }
        },
    )["parts"]
    assert data["totalCount"] >= 1
    for node in data["nodes"]:
        assert node["baseMetal"] == "STERLING_SILVER"
        assert "cable" in (node["sku"] + node["name"]).lower()
        assert 450 <= node["lengthMm"] <= 460


def test_parts_filter_errors_name_the_field(gql: Gql) -> None:
    errors = gql.errors("""{ parts(filter: {attributes: [{attribute: "length_mm"}]}) { totalCount } }""")
    assert errors[0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert errors[0]["extensions"]["field"].startswith("filter.attributes[0]")


def test_part_by_sku_and_platings(gql: Gql) -> None:
    plating = gql.data("""{ parts(kind: PLATING, first: 1) { nodes { sku
        ... on Plating { material thicknessUm ftcClass allowedBaseMetals colour } } } }""")
    node = plating["parts"]["nodes"][0]
    assert node["thicknessUm"] > 0
    again = gql.data("query($sku: String!) { part(sku: $sku) { sku __typename } }", {"sku": node["sku"]})
    assert again["part"] == {"sku": node["sku"], "__typename": "Plating"}
    assert gql.data('{ part(sku: "NO-SUCH") { sku } }')["part"] is None


def test_rules_and_catalog_versions(gql: Gql, store: Store) -> None:
    data = gql.data("""{ catalogVersion catalogVersions { version message partCount createdAt }
        rules { id mode left { kind attribute optionSlot } right { kind attribute }
                pairs { left right } styles } }""")
    assert data["catalogVersion"] == store.latest_version()
    assert data["catalogVersions"][0]["version"] == store.latest_version()
    assert len(data["rules"]) == len(store.load().rules)
    for rule in data["rules"]:
        assert rule["mode"] in ("ALLOWED", "FORBIDDEN")
        assert rule["pairs"]


def test_a_bad_cursor_is_refused_with_its_field(gql: Gql) -> None:
    errors = gql.errors('{ parts(after: "not-a-cursor") { totalCount } }')
    assert errors[0]["extensions"] == {"code": "INVALID_CURSOR", "field": "after", "reason": "invalid_cursor"}
    style_cursor = gql.data("{ styles(first: 1) { pageInfo { endCursor } } }")["styles"]["pageInfo"][
        "endCursor"
    ]
    errors = gql.errors("query($a: String) { parts(after: $a) { totalCount } }", {"a": style_cursor})
    assert errors[0]["extensions"]["code"] == "INVALID_CURSOR"


def test_a_malformed_global_id_is_explained_not_masked(gql: Gql) -> None:
    body = gql('{ node(id: "garbage") { id } }')
    assert body["data"] == {"node": None}
    assert "GlobalID" in body["errors"][0]["message"]


def test_queries_over_get(client: TestClient) -> None:
    response = client.get("/graphql", params={"query": "{ catalogVersion }"})
    assert response.json()["data"]["catalogVersion"] >= 1
    mutation = client.get(
        "/graphql", params={"query": 'mutation { retirePart(sku: "X") { catalogVersion } }'}
    )
    assert mutation.status_code == 400  # never over GET
