"""Limits (depth, tokens, aliases, page size, input lists), error masking, solver isolation."""

from __future__ import annotations

import threading

import anyio
import httpx
import pytest
from api_helpers import STYLE, Gql

from api.app import create_app
from api.graphql import limits
from catalog.settings import Settings
from catalog.store import Store
from solver.request import Request
from solver.results import CountResult
from solver.service import Solver


def test_depth_limit(gql: Gql, monkeypatch: pytest.MonkeyPatch) -> None:
    query = "{ styles { edges { node { slots { values { price { amountCents } } } } } } }"
    assert gql.data(query)["styles"]
    monkeypatch.setattr(limits, "MAX_DEPTH", 4)
    errors = gql.errors(query)
    assert "exceeds maximum operation depth of 4" in errors[0]["message"]


def test_alias_limit(gql: Gql) -> None:
    within = " ".join(f"a{i}: catalogVersion" for i in range(limits.MAX_ALIASES))
    assert len(gql.data(f"{{ {within} }}")) == limits.MAX_ALIASES
    beyond = " ".join(f"a{i}: catalogVersion" for i in range(limits.MAX_ALIASES + 1))
    errors = gql.errors(f"{{ {beyond} }}")
    assert "aliases" in errors[0]["message"]


def test_token_limit(gql: Gql) -> None:
    fields = " ".join(["catalogVersion"] * (limits.MAX_TOKENS + 1))
    errors = gql.errors(f"{{ {fields} }}")
    assert "token" in errors[0]["message"].lower()


@pytest.mark.parametrize("first", [51, -1])
def test_page_size_is_capped_by_settings(gql: Gql, first: int) -> None:
    errors = gql.errors("query($first: Int) { parts(first: $first) { totalCount } }", {"first": first})
    assert errors[0]["extensions"]["code"] == "PAGE_SIZE"
    assert errors[0]["extensions"]["field"] == "first"
    assert gql.data("{ parts(first: 50) { totalCount } }")


def test_input_lists_are_capped(gql: Gql) -> None:
    picks = [{"slot": "chain"}] * (limits.MAX_INPUT_LIST + 1)
    query = 'query($s: SelectionInput) { count(style: "anklet", selection: $s) { count } }'
    errors = gql.errors(query, {"s": {"picks": picks}})
    assert errors[0]["extensions"] == {
        "code": "INPUT_TOO_LONG",
        "field": "selection.picks",
        "reason": "input_too_long",
    }


def test_unexpected_errors_are_masked(gql: Gql, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Solver, style_id: str, request: Request) -> CountResult:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(Solver, "count", broken)
    body = gql('{ count(style: "anklet") { count } catalogVersion }')
    assert body["errors"] == [
        {
            "message": "Unexpected error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["count"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert "hunter2" not in str(body)
    assert body["data"] is None  # count is non-null, so the error nulls the whole answer


def test_syntax_and_validation_errors_are_not_masked(gql: Gql) -> None:
    errors = gql.errors("{ styles { nope } }")
    assert "Cannot query field 'nope'" in errors[0]["message"]
    errors = gql.errors("query($n: Int) { parts(first: $n) { totalCount } }", {"n": "12x"})
    assert "12x" in errors[0]["message"]
    assert "path" not in errors[0]


def test_one_solver_per_catalog_version(settings: Settings, store: Store) -> None:
    state = create_app(settings, store).state.linkwise
    first = state.latest()
    assert state.latest() is first
    assert first.solver.time_limit_s == settings.solver_time_limit_s
    assert first.version == store.latest_version()


def test_a_slow_solve_does_not_stall_other_requests(
    settings: Settings, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A solve that lasts until the other requests are answered: they are answered while it runs
    (no clock involved, so a busy machine cannot fail it; a stalled loop would hold the others
    until the solve gave up waiting for them)."""
    solving, others_done = threading.Event(), threading.Event()

    def slow_count(self: Solver, style_id: str, request: Request) -> CountResult:
        solving.set()
        others_done.wait(60)
        return CountResult(7)

    monkeypatch.setattr(Solver, "count", slow_count)
    app = create_app(settings, store)
    order: list[str] = []

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://linkwise") as client:

            async def count() -> None:
                response = await client.post(
                    "/graphql", json={"query": f'{{ count(style: "{STYLE}") {{ count }} }}'}
                )
                assert response.json()["data"] == {"count": {"count": "7"}}
                order.append("count")

            async def others() -> None:
                while not solving.is_set():  # the slow solve has started
                    await anyio.sleep(0.01)
                assert (await client.get("/health")).status_code == 200
                response = await client.post("/graphql", json={"query": "{ styles { totalCount } }"})
                assert response.json()["data"]["styles"]["totalCount"] >= 1
                order.append("others")
                others_done.set()

            async with anyio.create_task_group() as group:
                group.start_soon(count)
                group.start_soon(others)

    anyio.run(scenario)
    assert order == ["others", "count"]


def test_solver_operations_per_request_are_capped(gql: Gql, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Solver, "count", lambda self, style_id, request: CountResult(3))
    within = " ".join(f'c{i}: count(style: "anklet") {{ count }}' for i in range(limits.MAX_SOLVES))
    assert len(gql.data(f"{{ {within} }}")) == limits.MAX_SOLVES
    beyond = " ".join(f'c{i}: count(style: "anklet") {{ count }}' for i in range(limits.MAX_SOLVES + 1))
    errors = gql.errors(f"{{ {beyond} }}")
    assert [e["extensions"]["code"] for e in errors] == ["TOO_MANY_SOLVES"]
