"""The committed api/schema.graphql is what the code builds (regenerate: `linkwise schema`)."""

from __future__ import annotations

from api.schema_export import SCHEMA_FILE, export, sdl


def test_committed_schema_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "api/schema.graphql is stale: run `linkwise schema`"
    )


def test_check_mode_reports_drift(tmp_path) -> None:  # type: ignore[no-untyped-def]
    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { old: Int }\n", encoding="utf-8")
    assert export(str(stale), check=True) == 1
    assert export(str(stale)) == 0
    assert export(str(stale), check=True) == 0


def test_schema_exposes_the_issue_surface() -> None:
    text = sdl()
    for needle in (
        "scalar BigInt",
        "interface Node",
        "type Money",
        "complete: Boolean!",
        "definePart(input: PartInput!",
        "registerPiece(orderReference: String!",
        "addOns(piece: PieceInput!",
        "catalogReport: CatalogReport!",
        "options(style: ID!, selection: SelectionInput",
        "totalCount: BigInt",
    ):
        assert needle in text, needle
