"""Shared by the API tests: the merchandiser token, the demo style, and the GraphQL poster."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from catalog.settings import Settings

TOKEN = "test-merchandiser-token"
STYLE = "name-necklace"


class Gql:
    """Posts GraphQL documents; `data()` also asserts that no error came back."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        status: int = 200,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == status, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        body = self(query, variables, token=token)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def errors(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        status: int = 200,
    ) -> list[dict[str, Any]]:
        body = self(query, variables, token=token, status=status)
        assert body.get("errors"), body
        errors: list[dict[str, Any]] = body["errors"]
        return errors


def make_settings(url: str, **changes: Any) -> Settings:
    """Test settings: a known token, a generous solver limit, small pages."""
    fields: dict[str, Any] = dict(
        database_url=url, merchandiser_token=TOKEN, env="test", solver_time_limit_s=3600.0,
        solver_work_limit=1_000_000, max_page_size=50,
        warm_on_load=False,  # each mutation makes a version; warming them all would only add CPU load
    )
    fields.update(changes)
    return Settings(**fields)
