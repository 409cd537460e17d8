"""The owner's page in a real browser: the piece under an order reference (and claim token, when
the server issues them) drawn, with the add-ons that fit it, each drawn on the piece when hovered."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.helpers import WAIT_MS, Site, svg

pytestmark = pytest.mark.e2e

PIECE = ["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0"]


def look_up(page: Page, reference: str, claim_token: str | None, budget: str = "") -> None:
    page.goto("/my-piece")
    page.fill("#order-reference", reference)
    if claim_token:
        page.fill("#claim-token", claim_token)
    page.fill("#owner-budget", budget)
    page.locator("#claim button[type=submit]").click()


def test_the_owner_sees_the_piece_and_the_add_ons_drawn_on_hover(page: Page, site: Site, artifacts: Path) -> None:
    claim = site.register_piece("ORD-WEB-0001", PIECE)
    look_up(page, "ORD-WEB-0001", claim, budget="30")
    addons = page.locator(".addon")
    expect(addons.first).to_be_visible(timeout=WAIT_MS)
    assert svg(page)["chainSku"] == PIECE[0]
    assert svg(page)["claspType"] == "lobster"
    assert svg(page)["highlight"] == ""
    expect(page.locator("#owned-parts li")).to_have_count(3)
    prices = [int(p) for p in addons.evaluate_all("(rows) => rows.map((r) => r.dataset.price)")]
    assert prices and all(p <= 3000 for p in prices)
    expect(addons.first.locator(".addon-price")).to_have_text(f"€{prices[0] / 100:.2f}")

    extender = page.locator('.addon[data-slot="extender"]').first
    extender.hover()
    drawn = svg(page)
    skus = (extender.get_attribute("data-skus") or "").split(",")
    assert drawn["extenderSku"] == skus[0] and drawn["highlight"] == ",".join(skus)
    assert page.locator('#drawing [data-part="extender"].highlight').count() == 1

    charm = page.locator('.addon[data-slot="charms"]').first
    page.mouse.move(0, 0)
    assert svg(page)["highlight"] == ""  # the mouse left: the piece as it is
    charm.focus()  # the keyboard shows it too
    drawn = svg(page)
    sku = (charm.get_attribute("data-skus") or "").split(",")[0]
    assert drawn["charms"] == sku and drawn["extenderSku"] == ""
    assert page.locator(f'#drawing [data-part="charm"][data-sku="{sku}"].highlight').count() == 1
    page.screenshot(path=artifacts / "owner.png", full_page=True)
    page.locator("#order-reference").focus()  # leaving the list draws the piece as it is
    assert svg(page)["highlight"] == "" and svg(page)["charms"] == ""


def test_an_unknown_order_reference_is_told_plainly(page: Page) -> None:
    look_up(page, "ORD-NOT-THERE", "nope")
    expect(page.locator("#claim-error")).to_have_text(
        "No piece is registered under that order reference with that claim token.", timeout=WAIT_MS
    )
    expect(page.locator("#owned")).to_be_hidden()


def test_the_owner_query_sends_the_claim_token_only_when_typed(page: Page) -> None:
    page.goto("/my-piece")
    queries = page.evaluate(
        """async () => { const m = await import('/static/js/owner.js');
                         return [m.ownerQuery(false), m.ownerQuery(true)]; }"""
    )
    without, with_token = queries
    assert "claimToken" not in without
    assert with_token.count("claimToken: $claimToken") == 2 and "$claimToken: String" in with_token
