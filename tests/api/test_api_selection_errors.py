"""Refusals that name the right place: one budget, recommend's count, a slot given twice, a pick
of an unknown SKU or of the wrong kind, and money said in the catalog's currency."""

from __future__ import annotations

from typing import Any

from api_helpers import STYLE, Gql
from test_api_solver import CHECK, OPTIONS, RECOMMEND

CHARMS = "charm-necklace"


def test_two_different_budgets_are_refused(gql: Gql) -> None:
    errors = gql.errors(RECOMMEND, {"style": STYLE, "count": 3, "budget": 6000,
                                    "selection": {"budgetCents": 1000, "text": "Ada"}})
    assert errors[0]["extensions"]["code"] == "VALIDATION_FAILED"
    assert errors[0]["extensions"]["field"] == "budgetCents"
    assert "two budgets" in errors[0]["message"]


def test_one_budget_said_twice_is_one_budget(gql: Gql) -> None:
    result = gql.data(RECOMMEND, {"style": STYLE, "count": 3, "budget": 6000,
                                  "selection": {"budgetCents": 6000, "text": "Ada"}})["recommend"]
    assert all(i["price"]["total"]["amountCents"] <= 6000 for i in result["items"])


def test_recommend_count_zero_names_count(gql: Gql) -> None:
    errors = gql.errors(RECOMMEND, {"style": STYLE, "count": 0})
    assert (errors[0]["extensions"]["code"], errors[0]["extensions"]["field"]) == ("PAGE_SIZE", "count")


def test_a_slot_given_twice_to_check_is_refused(gql: Gql) -> None:
    assembly = [{"slot": "chain", "values": ["CH-CABLE-SS-18IN-1.2"]},
                {"slot": "chain", "values": ["CH-CABLE-SS-16IN-1.2"]}]
    errors = gql.errors(CHECK, {"style": CHARMS, "assembly": assembly})
    assert errors[0]["extensions"]["field"] == "assembly[1].slot"


def test_a_pick_of_an_unknown_or_wrong_kind_sku_names_the_sku_and_the_slot(gql: Gql) -> None:
    for sku, reason in (("CH-NOPE", "unknown_sku"), ("CL-LOB-SS-10", "wrong_kind")):
        errors = gql.errors(OPTIONS, {"style": CHARMS, "selection": {"picks": [{"slot": "chain", "skus": [sku]}]}})
        assert errors[0]["extensions"]["field"] == "selection.picks[0].skus[0]"
        assert errors[0]["extensions"]["reason"] == reason
        assert sku in errors[0]["message"] and "chain" in errors[0]["message"]


def test_budget_reasons_speak_euros_and_keep_cents(gql: Gql) -> None:
    result = gql.data(OPTIONS.replace("reasons { code message", "reasons { code message amountCents limitCents"),
                      {"style": CHARMS, "selection": {"budgetCents": 2000}})["options"]
    reasons = [r for s in result["slots"] for c in s["candidates"] for r in c["reasons"] if r["code"] == "BUDGET"]
    assert reasons
    for reason in reasons:
        assert "€" in reason["message"] and "cents" not in reason["message"]
        assert reason["limitCents"] == 2000 and reason["amountCents"] > 2000
        assert f"€{reason['amountCents'] // 100}.{reason['amountCents'] % 100:02d}" in reason["message"]


SLOT_PAGE = """query($style: ID!, $first: Int, $after: String, $status: CandidateStatus, $search: String) {
  options(style: $style) { slot(name: "chain") { outsideStyleCount
    candidateCount(status: $status, search: $search)
    candidates(first: $first, after: $after, status: $status, search: $search) { value status } } } }"""


def test_one_slots_candidates_filtered_and_paged(gql: Gql) -> None:
    def page(**variables: object) -> dict[str, object]:
        found: dict[str, object] = gql.data(SLOT_PAGE, {"style": "anklet", **variables})["options"]["slot"]
        return found

    whole = page()
    assert whole["outsideStyleCount"] > 0  # type: ignore[operator]
    values = [c["value"] for c in whole["candidates"]]  # type: ignore[attr-defined]
    first = page(first=3)
    assert [c["value"] for c in first["candidates"]] == values[:3]  # type: ignore[attr-defined]
    second = page(first=3, after=values[2])
    assert [c["value"] for c in second["candidates"]] == values[3:6]  # type: ignore[attr-defined]
    sterling = page(search="sterling", status="AVAILABLE")
    assert sterling["candidateCount"] == len(sterling["candidates"])  # type: ignore[arg-type]
    assert all(c["status"] == "AVAILABLE" for c in sterling["candidates"])  # type: ignore[attr-defined]


def test_a_status_pages_by_its_own_cursor(gql: Gql) -> None:
    """Candidates come sorted available first, so a status is one run of them: its count, its
    pages and its cursors are those of the whole list filtered by hand."""
    def page(**variables: object) -> dict[str, Any]:
        found: dict[str, Any] = gql.data(SLOT_PAGE, {"style": "anklet", **variables})["options"]["slot"]
        return found

    whole = page()["candidates"]
    for status in ("AVAILABLE", "UNAVAILABLE"):
        values = [c["value"] for c in whole if c["status"] == status]
        assert values and page(status=status)["candidateCount"] == len(values)
        assert [c["value"] for c in page(status=status, first=1, after=values[0])["candidates"]] == values[1:2]
        other = next(c["value"] for c in whole if c["status"] != status)
        errors = gql.errors(SLOT_PAGE, {"style": "anklet", "status": status, "after": other})
        assert errors[0]["extensions"]["code"] == "BAD_CURSOR"
