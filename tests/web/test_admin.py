"""The merchandiser's page in a real browser: the token kept for the tab, a refused part with the
error beside its field and nothing written, a good part with its impact and a new catalog version,
then offered in the storefront; a rule; retiring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.web.helpers import TOKEN, WAIT_MS, Site, candidate, for_readme, settled

pytestmark = pytest.mark.e2e

SKU = "CM-CLOVER-SS-WEB"


def sign_in(page: Page) -> None:
    page.goto("/admin")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#token", TOKEN)
    page.locator("#sign-in button[type=submit]").click()
    expect(page.locator("#signed-in")).to_be_visible()


def outcome(page: Page) -> Locator:
    """The impact box once the latest save or retirement has answered (its "…" status gone): the
    page always ends with a result or an error there, so a test reads what happened at once
    instead of waiting out a timeout for a text that never comes."""
    impact = page.locator("#impact")
    expect(impact.locator(".status")).to_have_count(0, timeout=90_000)
    return impact


def load_part(page: Page, sku: str) -> None:
    page.fill("#edit-sku", sku)
    page.locator("#load-part").click()
    expect(page.locator("#part-sku")).to_have_value(sku)


def versions(page: Page) -> int:
    page.wait_for_selector("#history tr[data-version]")
    return page.locator("#history tr[data-version]").count()


def test_a_refused_part_shows_the_field_error_and_a_good_one_reaches_the_storefront(
    page: Page, site: Site, artifacts: Path
) -> None:
    sign_in(page)
    before = versions(page)
    page.select_option("#new-kind", "CHARM")
    page.locator("#new-part").click()
    expect(page.locator("#part-form")).to_be_visible()
    page.fill("#part-sku", SKU)
    page.fill("#part-name", "Four-leaf clover, sterling silver")
    page.select_option("#part-base_metal", "sterling_silver")
    page.select_option("#part-colour", "silver")
    page.select_option("#part-connector", "dangle")
    page.fill("#part-stock", "25")
    page.fill("#part-price", "14.50")
    page.fill("#part-weight_g", "1.1")
    page.fill("#part-loop_inner_mm", "-1")
    page.locator("#save-part").click()

    error = page.locator('[data-field="loop_inner_mm"] .field-error')
    expect(error).to_contain_text("greater than 0", timeout=WAIT_MS)
    expect(page.locator("#part-loop_inner_mm")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#part-form-error")).to_contain_text("Nothing was saved")
    page.screenshot(path=artifacts / "admin-field-error.png", full_page=True)
    page.reload()
    assert versions(page) == before  # a refused part wrote nothing
    assert site.gql(f'{{ part(sku: "{SKU}") {{ sku }} }}')["part"] is None

    page.select_option("#new-kind", "CHARM")
    page.locator("#new-part").click()
    page.fill("#part-sku", SKU)
    page.fill("#part-name", "Four-leaf clover, sterling silver")
    page.select_option("#part-base_metal", "sterling_silver")
    page.select_option("#part-colour", "silver")
    page.select_option("#part-connector", "dangle")
    page.fill("#part-stock", "25")
    page.fill("#part-price", "14.50")
    page.fill("#part-weight_g", "1.1")
    page.fill("#part-loop_inner_mm", "1.4")
    page.fill("#part-loop_wire_mm", "0.7")
    page.locator("#save-part").click()
    impact = page.locator("#impact")
    expect(impact).to_contain_text(f"({SKU}) saved as catalog version", timeout=90_000)
    expect(impact.locator('[data-dead="false"]')).to_contain_text("valid pieces")
    expect(impact.locator('tr[data-style="charm-necklace"] td.num')).to_have_text(re.compile(r"^[1-9][\d,]*\+?$"))
    expect(page.locator("#history tr[data-version]")).to_have_count(before + 1)
    expect(page.locator("#history tr[data-version]").first).to_contain_text(f"add part {SKU}")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=artifacts / "admin.png", full_page=True)
    for_readme(artifacts / "admin.png")

    # The same browser tab's token is in session storage, not in a cookie or the URL.
    assert page.evaluate("() => sessionStorage.getItem('linkwise.merchandiserToken')") == TOKEN
    assert TOKEN not in page.url

    page.goto("/styles/charm-necklace")
    settled(page)
    offered = candidate(page, "charms", SKU)
    expect(offered).to_have_attribute("aria-disabled", "false")
    expect(offered.locator(".candidate-name")).to_have_text("Four-leaf clover, sterling silver")


def test_edit_and_retire_a_part(page: Page, site: Site) -> None:
    sign_in(page)
    load_part(page, "CM-MOON-SS")
    expect(page.locator("#part-sku")).to_have_attribute("readonly", "")
    page.fill("#part-stock", "-3")
    page.locator("#save-part").click()
    expect(page.locator('[data-field="stock"] .field-error')).not_to_be_empty(timeout=WAIT_MS)
    page.fill("#part-stock", "12")
    page.locator("#save-part").click()
    expect(outcome(page)).to_contain_text("saved as catalog version")
    expect(page.locator("#impact [role=alert]")).to_have_count(0)  # and its impact was counted
    assert site.gql('{ part(sku: "CM-MOON-SS") { attributes } }')["part"]["attributes"]["stock"] == 12
    # Retired right after the edit, while the server still warms the edited version: the impact
    # of the retirement once failed here (solver.reuse walked a memo another thread added to).
    page.locator("#retire-part").click()
    expect(outcome(page)).to_contain_text("CM-MOON-SS retired")
    expect(page.locator("#impact [role=alert]")).to_have_count(0)
    expect(page.locator("#impact [data-dead=true]")).to_be_visible()
    assert site.gql('{ part(sku: "CM-MOON-SS") { status } }')["part"]["status"] == "RETIRED"


def test_a_failed_retirement_says_so_where_its_impact_goes(
    page: Page, site: Site, expected_console_errors: list[str]
) -> None:
    """A refused request (the API's 429 when busy) and a retirement whose impact could not be
    counted (written, with an error beside it) each end in the impact box, never in silence."""
    expected_console_errors.append("status of 429 (Too Many Requests)")  # the browser's line for the refusal
    sign_in(page)
    load_part(page, "CM-ANCHOR-SS")

    def busy(route: Route) -> None:
        if "retirePart" in (route.request.post_data or ""):
            route.fulfill(status=429, headers={"Retry-After": "1"}, json={
                "data": None, "errors": [{"message": "the server is busy: retry in 1 s",
                                          "extensions": {"code": "OVERLOADED"}}]})
        else:
            route.continue_()

    page.route("**/graphql", busy)
    page.locator("#retire-part").click()
    expect(outcome(page).locator("[role=alert]")).to_contain_text("Retiring CM-ANCHOR-SS failed: the server is busy")
    expect(page.locator("#part-form-error")).to_contain_text("the server is busy")
    expect(page.locator("#retire-part")).to_be_enabled()  # to try again
    assert site.gql('{ part(sku: "CM-ANCHOR-SS") { status } }')["part"]["status"] == "ACTIVE"

    def uncounted(route: Route) -> None:
        if "retirePart" not in (route.request.post_data or ""):
            route.continue_()
            return
        response = route.fetch()
        body = response.json()
        body["data"]["retirePart"]["impact"] = None
        body["errors"] = [{"message": "Unexpected error.", "path": ["retirePart", "impact"],
                           "extensions": {"code": "INTERNAL_SERVER_ERROR"}}]
        route.fulfill(response=response, json=body)

    page.unroute("**/graphql")
    page.route("**/graphql", uncounted)
    page.locator("#retire-part").click()
    impact = outcome(page)
    expect(impact).to_contain_text("CM-ANCHOR-SS retired in catalog version")
    expect(impact.locator("[role=alert]")).to_have_text("Its impact could not be counted: Unexpected error.")
    assert site.gql('{ part(sku: "CM-ANCHOR-SS") { status } }')["part"]["status"] == "RETIRED"


def test_define_a_rule_with_errors_beside_fields(page: Page, site: Site) -> None:
    sign_in(page)
    page.wait_for_selector("#rule-left-kind option[value=PLATING]", state="attached")
    page.select_option("#rule-left-kind", "PLATING")
    page.fill("#rule-left-attribute", "material")
    page.select_option("#rule-right-kind", "CHAIN")
    page.fill("#rule-right-attribute", "chain_style")
    page.fill("#rule-pairs", "rose_gold = rope")
    page.locator("#rule-form button[type=submit]").click()
    expect(page.locator('[data-field="id"] .field-error')).not_to_be_empty(timeout=WAIT_MS)
    expect(page.locator("#rule-id")).to_have_attribute("aria-invalid", "true")
    page.fill("#rule-id", "no-rose-on-rope-web")
    page.fill("#rule-description", "Rose gold wears through on rope chains.")
    page.locator("#rule-form button[type=submit]").click()
    expect(page.locator("#impact")).to_contain_text("Rule no-rose-on-rope-web saved", timeout=WAIT_MS)
    expect(page.locator('#impact tr[data-style="charm-necklace"]')).to_be_visible(timeout=90_000)
    rules = site.gql("{ rules { id mode } }")["rules"]
    assert {"id": "no-rose-on-rope-web", "mode": "FORBIDDEN"} in rules


def test_a_wrong_token_is_refused_without_writing(page: Page, site: Site) -> None:
    page.goto("/admin")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#token", "not-the-token")
    page.locator("#sign-in button[type=submit]").click()
    page.select_option("#new-kind", "CLASP")
    page.locator("#new-part").click()
    page.fill("#part-sku", "CL-NOPE-1")
    page.fill("#part-name", "Nope")
    page.locator("#save-part").click()
    expect(page.locator("#part-form-error")).to_contain_text("token was refused", timeout=WAIT_MS)
    assert site.gql('{ part(sku: "CL-NOPE-1") { sku } }')["part"] is None
