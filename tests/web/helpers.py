"""Helpers for the page tests: the GraphQL side door the tests use to set up and cross-check, and
waits that follow the pages' own signals (no sleeps)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.api.api_helpers import REPO, post

TOKEN = "web-merchandiser-token"
WAIT_MS = 60_000  # generous: the solver may be slow on a busy machine; no test relies on speed


@dataclass(frozen=True)
class Site:
    base: str

    def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> dict[str, Any]:
        body = post(self.base, query, variables, token)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def options(self, style: str, selection: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
        """Each slot's candidates by value, as the API answers (to check the page against)."""
        data = self.gql(
            """query($style: ID!, $selection: SelectionInput) { options(style: $style, selection: $selection) {
                slots { slot candidates { value status minTotal { amountCents } reasons { code } } }
                example { price { total { amountCents } } } } }""",
            {"style": style, "selection": selection},
        )
        return {s["slot"]: {c["value"]: c for c in s["candidates"]} for s in data["options"]["slots"]}

    def register_piece(self, reference: str, skus: list[str]) -> str | None:
        """Registers a sold piece as the shop's order system does; returns its claim token when the
        server issues one (asked for only when the schema has the field)."""
        fields = self.gql('{ __type(name: "RegisterPiecePayload") { fields { name } } }')["__type"]["fields"]
        claim = any(f["name"] == "claimToken" for f in fields)
        data = self.gql(
            f"""mutation($ref: String!, $skus: [String!]!) {{ registerPiece(orderReference: $ref, skus: $skus) {{
                piece {{ skus }} errors {{ field code message }} {"claimToken" if claim else ""} }} }}""",
            {"ref": reference, "skus": skus},
            token=TOKEN,
        )["registerPiece"]
        assert data["errors"] == [], data["errors"]
        token: str | None = data.get("claimToken")
        return token


def settled(page: Page) -> None:
    """Waits until the style page has answered the latest change."""
    page.wait_for_function(
        """() => { const r = document.getElementById('configurator');
                   return r && r.dataset.ready && !r.classList.contains('busy'); }""",
        timeout=WAIT_MS,
    )


def after(page: Page, action: Any) -> None:
    """Runs `action` and waits for the style page's answer to it."""
    before = page.evaluate("() => document.getElementById('configurator').dataset.ready || ''")
    action()
    page.wait_for_function(
        """(before) => { const r = document.getElementById('configurator');
                         return r.dataset.ready && r.dataset.ready !== before && !r.classList.contains('busy'); }""",
        arg=before,
        timeout=WAIT_MS,
    )


def candidate(page: Page, slot: str, value: str) -> Any:
    return page.locator(f'.candidates[data-slot="{slot}"] [data-value="{value}"]')


def statuses(page: Page, slot: str) -> dict[str, str]:
    """The page's candidates of one slot: value → aria-disabled."""
    result: dict[str, str] = page.evaluate(
        """(slot) => Object.fromEntries([...document.querySelectorAll(`.candidates[data-slot="${slot}"] [data-value]`)]
             .map((e) => [e.dataset.value, e.getAttribute('aria-disabled')]))""",
        slot,
    )
    return result


def svg(page: Page, selector: str = "#drawing") -> dict[str, str]:
    """The drawing's data-* attributes."""
    result: dict[str, str] = page.evaluate(
        "(s) => ({...document.querySelector(s).dataset})", selector
    )
    return result


def no_horizontal_overflow(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth, document.body.scrollWidth]"
    )
    assert widths[0] <= widths[1] and widths[2] <= widths[1], f"horizontal overflow: {widths}"


def for_readme(screenshot: Path) -> None:
    """With LINKWISE_UPDATE_SCREENSHOTS=1, the README's copy of a screenshot is refreshed too."""
    if os.environ.get("LINKWISE_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(screenshot, REPO / "docs" / "screenshots" / screenshot.name)
