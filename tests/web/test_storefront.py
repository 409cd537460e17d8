"""The storefront in a real browser: picks in any order, greying with reasons, live price, the
drawing, explanations with one-click relaxations, recommendations and shareable links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.helpers import TOKEN, WAIT_MS, Site, after, candidate, for_readme, settled, statuses, svg

pytestmark = pytest.mark.e2e

STYLE = "charm-necklace"
BOX_CHAIN = "CH-BOX-SS-18IN-1.0"  # its fine links take no charm's ring: picking it greys charms
TOGGLE = "CL-TOG-SS-12"


def open_style(page: Page, path: str) -> None:
    page.goto(path)
    settled(page)


def total_cents(page: Page) -> int:
    return int(page.locator("#total").get_attribute("data-cents") or "0")


def min_totals(page: Page, slot: str) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        """(slot) => Object.fromEntries([...document.querySelectorAll(`.candidates[data-slot="${slot}"] [data-value]`)]
             .map((e) => [e.dataset.value, e.dataset.minTotal]))""",
        slot,
    )
    return result


def page_matches_api(page: Page, site: Site, selection: dict[str, object], slots: tuple[str, ...]) -> None:
    """Every shown candidate of these slots is greyed exactly when the API says it is unavailable."""
    api = site.options(STYLE, selection)
    for slot in slots:
        shown = statuses(page, slot)
        assert shown, slot
        for value, disabled in shown.items():
            if value == "-":
                continue
            expected = "false" if api[slot][value]["status"] == "AVAILABLE" else "true"
            assert disabled == expected, (slot, value, api[slot][value])


def test_front_page_lists_every_style_drawn(page: Page, site: Site, artifacts: Path) -> None:
    page.goto("/")
    cards = page.locator(".style-card")
    expect(cards).to_have_count(4)
    for handle in ("charm-necklace", "name-necklace", "clip-bracelet", "anklet"):
        card = page.locator(f'.style-card[data-style="{handle}"]')
        expect(card.locator(".from")).to_have_text(re.compile(r"^from €\d+\.\d\d$"))
        expect(card.locator("svg.thumb")).to_have_attribute("data-chain-sku", re.compile(r"^CH-"))
    page.screenshot(path=artifacts / "front-page.png", full_page=True)
    page.locator('.style-card[data-style="charm-necklace"]').click()
    expect(page).to_have_url(re.compile(r"/styles/charm-necklace$"))


@pytest.mark.parametrize("order", [("chain", "clasp"), ("clasp", "chain")])
def test_picks_in_either_order_grey_price_and_draw(
    page: Page, site: Site, artifacts: Path, order: tuple[str, str]
) -> None:
    open_style(page, f"/styles/{STYLE}")
    expect(page.locator("#style-name")).to_have_text("Charm necklace")
    # Slot labels and money read as words: "Clasp ring", "from €11.64".
    expect(page.locator('section.slot[data-slot="clasp_ring"] h3')).to_contain_text("Clasp ring")
    first = candidate(page, "chain", "CH-CABLE-NS-18IN-1.2")
    expect(first.locator(".candidate-price")).to_have_text(re.compile(r"^from €\d+\.\d\d$"))
    page_matches_api(page, site, {}, ("chain", "clasp", "charms"))
    assert svg(page)["chainSku"]  # the cheapest piece is drawn before any pick

    picks = {"chain": BOX_CHAIN, "clasp": TOGGLE}
    selection: list[dict[str, object]] = []
    for slot in order:
        charms_before = statuses(page, "charms")
        chain_prices_before = min_totals(page, "chain")
        total_before = total_cents(page)
        option = candidate(page, slot, picks[slot])
        expect(option).to_have_attribute("aria-disabled", "false")
        after(page, option.click)
        expect(candidate(page, slot, picks[slot])).to_have_attribute("aria-checked", "true")
        selection.append({"slot": slot, "skus": [picks[slot]]})
        page_matches_api(page, site, {"picks": selection}, ("chain", "clasp", "charms"))
        drawn = svg(page)
        if slot == "chain":
            assert drawn["chainSku"] == BOX_CHAIN and drawn["chainStyle"] == "box"
            assert drawn["lengthMm"] == "457.2"
            # The box chain's links take no charm ring: charms grey out, each with its reason.
            greyed = [v for v, d in statuses(page, "charms").items() if d == "true" and charms_before.get(v) == "false"]
            assert greyed
            reason = candidate(page, "charms", greyed[0])
            reason.hover()
            why = reason.locator(".why")
            expect(why).to_be_visible()
            expect(why).to_contain_text(":")
            assert "cents" not in (why.text_content() or "")
        else:
            assert drawn["claspType"] == "toggle" and drawn["claspSku"] == TOGGLE
            assert min_totals(page, "chain") != chain_prices_before  # the chains' "from" prices follow
        assert total_cents(page) != total_before  # the live price follows every pick
        expect(page.locator("#total")).to_have_text(re.compile(r"^€\d+\.\d\d$"))
        expect(page.locator("#lead-time")).to_be_visible()
    final = site.options(STYLE, {"picks": selection})
    assert total_cents(page) == final["chain"][BOX_CHAIN]["minTotal"]["amountCents"]
    page.screenshot(path=artifacts / f"storefront-{'-then-'.join(order)}.png", full_page=True)


def test_focus_shows_the_reason_and_keys_pick(page: Page) -> None:
    open_style(page, f"/styles/{STYLE}?chain={BOX_CHAIN}")
    group = page.locator('.candidates[data-slot="charms"]')
    expect(group).to_have_attribute("role", "group")  # several charms: checkboxes
    expect(page.locator('.candidates[data-slot="chain"]')).to_have_attribute("role", "radiogroup")
    greyed = group.locator('[aria-disabled="true"]').first
    greyed.focus()
    expect(greyed.locator(".why")).to_be_visible()
    expect(greyed).to_have_attribute("role", "checkbox")
    # Keyboard: the clasp group is one tab stop; arrows move, Space picks.
    clasp = page.locator('.candidates[data-slot="clasp"] [tabindex="0"]')
    clasp.focus()
    page.keyboard.press("ArrowDown")
    for _ in range(40):  # arrows pass over greyed parts too (their reasons show on focus)
        if page.evaluate("() => document.activeElement.getAttribute('aria-disabled')") == "false":
            break
        page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.dataset.value")
    assert focused and page.evaluate("() => document.activeElement.closest('[data-slot]').dataset.slot") == "clasp"
    after(page, lambda: page.keyboard.press("Space"))
    expect(candidate(page, "clasp", focused)).to_have_attribute("aria-checked", "true")
    assert svg(page)["claspSku"] == focused


def test_nothing_fits_explains_and_a_relaxation_applies(page: Page, site: Site, artifacts: Path) -> None:
    open_style(page, f"/styles/{STYLE}?chain=CH-CABLE-SS-18IN-1.2")
    after(page, lambda: page.fill("#budget", "5"))
    expect(page.locator("#total")).to_have_text("Nothing fits")
    assert svg(page)["chainSku"] == ""
    # Over-budget parts say so in euros, not cents.
    over = page.locator('.candidates[data-slot="clasp"] [data-reasons*="BUDGET"]').first
    over.hover()
    expect(over.locator(".why")).to_contain_text(re.compile(r"Over budget: .*€\d+\.\d\d.*over the €5\.00 budget"))
    assert "cent" not in (over.locator(".why").text_content() or "")
    page.locator("#why-nothing").click()
    explanation = page.locator("#explanation")
    expect(explanation.locator(".conflict li")).not_to_have_count(0)
    expect(explanation.locator('[data-requirement="budget"]')).to_have_text("a budget of €5.00")
    raise_budget = explanation.locator('button.relaxation[data-drop="budget"]')
    expect(raise_budget).to_have_text(re.compile(r"^Raise the budget to €\d+\.\d\d$"))
    cents = int(raise_budget.get_attribute("data-to") or "0")
    cheapest = site.options(STYLE, {"picks": [{"slot": "chain", "skus": ["CH-CABLE-SS-18IN-1.2"]}]})
    assert cents == cheapest["chain"]["CH-CABLE-SS-18IN-1.2"]["minTotal"]["amountCents"]
    page.screenshot(path=artifacts / "storefront-why-nothing-fits.png", full_page=True)
    after(page, raise_budget.click)
    expect(page.locator("#budget")).to_have_value(f"{cents / 100:.2f}")
    assert total_cents(page) == cents
    assert svg(page)["chainSku"] == "CH-CABLE-SS-18IN-1.2"
    expect(page.locator("#explanation")).to_be_empty()


def test_a_shared_link_restores_the_design(page: Page) -> None:
    open_style(page, f"/styles/{STYLE}")
    after(page, candidate(page, "chain", "CH-CABLE-SS-18IN-1.2").click)
    after(page, candidate(page, "charms", "CM-HEART-SS").click)
    after(page, candidate(page, "charms", "CM-STAR-SS").click)
    after(page, lambda: page.check("#nickel-free"))
    after(page, lambda: page.fill("#budget", "80"))
    drawn = svg(page)
    assert set(drawn["charms"].split(",")) == {"CM-HEART-SS", "CM-STAR-SS"} and drawn["charmCount"] == "2"
    total = total_cents(page)
    url = page.url
    assert "charms=CM-HEART-SS,CM-STAR-SS" in url and "nickel_free=1" in url and "budget=80.00" in url
    page.reload()
    settled(page)
    expect(page.locator(".notice")).to_contain_text("Restored the design from your link")
    expect(candidate(page, "charms", "CM-STAR-SS")).to_have_attribute("aria-checked", "true")
    expect(candidate(page, "chain", "CH-CABLE-SS-18IN-1.2")).to_have_attribute("aria-checked", "true")
    expect(page.locator("#nickel-free")).to_be_checked()
    expect(page.locator("#budget")).to_have_value("80.00")
    assert total_cents(page) == total
    assert svg(page)["charms"] == drawn["charms"]


def test_a_shared_link_says_when_a_part_was_retired(page: Page, site: Site) -> None:
    attributes = site.gql('{ part(sku: "CM-HEART-SS") { attributes } }')["part"]["attributes"]
    attributes.update(sku="CM-HEART-SS-LTD", name="Heart, limited edition")
    attributes.pop("kind", None)
    defined = site.gql(
        "mutation($input: PartInput!) { definePart(input: $input) { catalogVersion errors { field message } } }",
        {"input": {"kind": "CHARM", "attributes": attributes}},
        token=TOKEN,
    )["definePart"]
    assert defined["errors"] == []
    link = f"/styles/{STYLE}?chain=CH-CABLE-SS-18IN-1.2&charms=CM-HEART-SS-LTD,CM-STAR-SS"
    open_style(page, link)
    assert svg(page)["charms"] == "CM-HEART-SS-LTD,CM-STAR-SS"
    retired = site.gql('mutation { retirePart(sku: "CM-HEART-SS-LTD") { errors { message } } }', token=TOKEN)
    assert retired["retirePart"]["errors"] == []
    page.reload()
    settled(page)
    expect(page.locator(".notice.warning")).to_contain_text(
        "Heart, limited edition (CM-HEART-SS-LTD) has since been retired"
    )
    assert svg(page)["charms"] == "CM-STAR-SS"
    assert "CM-HEART-SS-LTD" not in page.url
    expect(candidate(page, "charms", "CM-STAR-SS")).to_have_attribute("aria-checked", "true")


def test_recommend_within_budget_and_use_one(page: Page) -> None:
    open_style(page, f"/styles/{STYLE}?budget=40.00")
    page.locator("#recommend").click()
    cards = page.locator(".recommendation")
    expect(cards.first).to_be_visible(timeout=WAIT_MS)
    totals = [int(t) for t in cards.evaluate_all("(cards) => cards.map((c) => c.dataset.total)")]
    assert 1 <= len(totals) <= 4 and all(t <= 4000 for t in totals)
    expect(cards.first.locator("svg.thumb")).to_have_attribute("data-chain-sku", re.compile("^CH-"))
    after(page, cards.nth(1).locator("button.use").click)
    assert total_cents(page) == totals[1]
    for slot in ("chain", "clasp", "clasp_ring"):
        expect(page.locator(f'.candidates[data-slot="{slot}"] [aria-checked="true"]')).to_have_count(1)


def test_name_necklace_draws_the_name_in_its_font(page: Page, artifacts: Path) -> None:
    open_style(page, "/styles/name-necklace")
    expect(page.locator("#text-field")).to_be_visible()
    after(page, lambda: page.fill("#text", "Ada"))
    drawn = svg(page)
    assert drawn["text"] == "Ada" and drawn["nameplate"].startswith("NP-")
    expect(page.locator('#drawing [data-part="nameplate"] text')).to_have_text(re.compile("Ada", re.I))
    after(page, candidate(page, "font", "block").click)
    assert svg(page)["font"] == "block"
    expect(page.locator('#drawing [data-part="nameplate"] text')).to_have_text("ADA")
    expect(page.locator(".breakdown")).to_contain_text("Engraving")
    page.screenshot(path=artifacts / "storefront-name-necklace.png", full_page=True)


def test_unknown_style_says_so(page: Page) -> None:
    page.goto("/styles/no-such-style")
    expect(page.locator("#style-name")).to_have_text("No such style")


RICH = (
    f"/styles/{STYLE}?chain=CH-CABLE-SS-18IN-1.2&charms=CM-HEART-SS,CM-STAR-SS,CM-INIT-A-SS"
    "&extender=EX-SS-2IN&plating=PL-YG14-0.5&budget=100.00"
)


def test_a_plated_piece_is_drawn_whole_in_the_plating_colour(page: Page, artifacts: Path) -> None:
    open_style(page, RICH)
    drawn = svg(page)
    assert drawn["colour"] == "yellow" and drawn["plating"] == "PL-YG14-0.5"
    assert set(drawn["charms"].split(",")) == {"CM-HEART-SS", "CM-STAR-SS", "CM-INIT-A-SS"}
    assert drawn["charmCount"] == "3"
    assert drawn["extenderSku"] == "EX-SS-2IN" and drawn["extenderMm"] == "50.8"
    assert int(drawn["ringCount"]) >= 3  # clasp, extender and charm rings
    assert page.locator('#drawing [data-part="charm"]').count() == 3
    assert page.locator('#drawing [data-part="jump_ring"]').count() >= 5  # one ring drawn per joint
    expect(page.locator(".breakdown")).to_contain_text("Plating")
    expect(page.locator("#drawing-caption")).to_contain_text("3 charms")
    # The README's picture: the piece in sight while a fourth charm is refused for the budget.
    over = page.locator('.candidates[data-slot="charms"] [data-reasons*="BUDGET"]').first
    page.locator('section.slot[data-slot="charms"]').scroll_into_view_if_needed()
    over.scroll_into_view_if_needed()
    over.hover()
    expect(over.locator(".why")).to_contain_text("over the €100.00 budget")
    page.screenshot(path=artifacts / "storefront.png")
    for_readme(artifacts / "storefront.png")


def test_leaving_a_slot_empty_is_offered_only_when_the_piece_can_be_finished(page: Page) -> None:
    open_style(page, f"/styles/{STYLE}?chain=CH-CABLE-SS-18IN-1.2&charms=CM-HEART-SS")
    # A charm hangs on a ring: "No charm ring" would be a dead end, so it is greyed, with why.
    no_ring = candidate(page, "charm_ring", "-")
    expect(no_ring).to_have_attribute("aria-disabled", "true")
    no_ring.hover()
    expect(no_ring.locator(".why")).to_contain_text("nothing can be made without a charm ring")
    # No extender is open, from the price of the cheapest piece without one (today's total).
    no_extender = candidate(page, "extender", "-")
    expect(no_extender).to_have_attribute("aria-disabled", "false")
    assert int(no_extender.get_attribute("data-min-total") or "0") == total_cents(page)
    after(page, no_extender.click)
    expect(candidate(page, "extender", "-")).to_have_attribute("aria-checked", "true")
    assert svg(page)["extenderSku"] == "" and "extender=-" in page.url
    # Without the charm, the ring may be left out again.
    after(page, candidate(page, "charms", "CM-HEART-SS").click)
    expect(candidate(page, "charm_ring", "-")).to_have_attribute("aria-disabled", "false")
