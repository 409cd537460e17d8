"""Reasons are found when a query reads them: a page of candidates costs a page of reasons."""

from __future__ import annotations

from api_helpers import Gql
from starlette.testclient import TestClient

from solver.request import Request
from solver.results import CandidateStatus, Deferred

PAGE = """query($style: ID!, $slot: String!) { options(style: $style) { slot(name: $slot) {
    candidates(first: 2, status: UNAVAILABLE) { value reasons { code message } } } } }"""

NO_REASONS = """query($style: ID!) { options(style: $style) { slots { candidates { value status } } } }"""


def test_a_page_reads_its_own_reasons_only(client: TestClient, gql: Gql) -> None:
    snapshot = client.app.state.linkwise.latest()  # type: ignore[attr-defined]
    found = None
    for style in snapshot.catalog.styles:
        answer = snapshot.solver.options(style.id, Request())  # kept: the query below reads this one
        for slot in answer.slots:
            unavailable = [c for c in slot.candidates if c.status is CandidateStatus.UNAVAILABLE]
            deferred = [c for c in unavailable if isinstance(c.why, Deferred)]
            if len(deferred) >= 4 and all(isinstance(c.why, Deferred) for c in unavailable[:2]):
                found = style.id, slot.slot, deferred
                break
        if found:
            break
    assert found is not None, "the demo catalog has a slot with unavailable candidates to page"
    style_id, slot_name, deferred = found
    gql.data(NO_REASONS, {"style": style_id})
    assert not any(c.found_reasons for c in deferred)  # not asked, not found
    page = gql.data(PAGE, {"style": style_id, "slot": slot_name})["options"]["slot"]["candidates"]
    assert [c["value"] for c in page] == [c.value for c in deferred[:2]]
    assert all(c["reasons"] for c in page)
    assert [c["reasons"][0]["message"] for c in page] == [c.reasons[0].message for c in deferred[:2]]
    # The page's two, and at most the first member of each of their classes besides.
    assert sum(c.found_reasons for c in deferred) <= 4
