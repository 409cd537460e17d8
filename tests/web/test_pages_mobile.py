"""Every page at 390×844 (a phone): nothing wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.helpers import TOKEN, WAIT_MS, Site, after, candidate, no_horizontal_overflow, settled

pytestmark = pytest.mark.e2e


def test_storefront_on_a_phone(phone: Page, artifacts: Path) -> None:
    phone.goto("/")
    phone.wait_for_selector(".style-card svg[data-chain-sku]")
    no_horizontal_overflow(phone)
    phone.screenshot(path=artifacts / "mobile-front-page.png", full_page=True)
    phone.goto("/styles/charm-necklace?chain=CH-CABLE-SS-18IN-1.2&charms=CM-HEART-SS")
    settled(phone)
    no_horizontal_overflow(phone)
    after(phone, candidate(phone, "clasp", "CL-LOB-SS-10").click)
    no_horizontal_overflow(phone)
    # Deep in the lists, the piece and its live price stay in sight at the bottom of the screen.
    mini = phone.locator("#mini")
    expect(mini).to_be_in_viewport()
    expect(mini.locator("#mini-total")).to_have_text(phone.locator("#total").inner_text())
    expect(mini.locator("svg")).to_have_attribute("data-clasp-sku", "CL-LOB-SS-10")
    phone.screenshot(path=artifacts / "mobile-storefront-picking.png")
    phone.locator("#recommend").click()
    phone.wait_for_selector(".recommendation")
    no_horizontal_overflow(phone)
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=artifacts / "mobile-storefront.png", full_page=True)


def test_admin_and_owner_on_a_phone(phone: Page, site: Site, artifacts: Path) -> None:
    phone.goto("/admin")
    phone.wait_for_selector("body[data-ready=true]")
    phone.fill("#token", TOKEN)
    phone.locator("#sign-in button[type=submit]").click()
    phone.select_option("#new-kind", "CHAIN")
    phone.locator("#new-part").click()
    expect(phone.locator("#part-form")).to_be_visible()
    phone.wait_for_selector("#history tr[data-version]")
    no_horizontal_overflow(phone)
    phone.screenshot(path=artifacts / "mobile-admin.png", full_page=True)

    claim = site.register_piece("ORD-WEB-PHONE", ["CH-CABLE-SS-18IN-1.2", "CL-LOB-SS-10", "JR-SS-20G-4.0"])
    phone.goto("/my-piece")
    phone.fill("#order-reference", "ORD-WEB-PHONE")
    if claim:
        phone.fill("#claim-token", claim)
    phone.locator("#claim button[type=submit]").click()
    phone.wait_for_selector(".addon", timeout=WAIT_MS)
    no_horizontal_overflow(phone)
    phone.screenshot(path=artifacts / "mobile-owner.png", full_page=True)
