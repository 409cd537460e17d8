"""What the issue asks of every page for people who do not use a mouse or see less contrast:
AA contrast of the text a shopper reads, labelled controls, a visible focus ring."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.web.helpers import settled

pytestmark = pytest.mark.e2e

# WCAG 2.1 contrast of an element's text against the first opaque background behind it.
CONTRAST = """(selector) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)].filter((e) => e.offsetParent !== null).slice(0, 40).map((e) => {
    const a = lum(rgb(getComputedStyle(e).color).slice(0, 3));
    const b = lum(background(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return [selector, e.textContent.trim().slice(0, 40), Math.round(ratio * 100) / 100];
  });
}"""

TEXT = [
    "h1", "h3", ".lede", "label", ".candidate-name", ".candidate-price", ".slot-count", ".total",
    ".breakdown dt", ".breakdown dd", ".lead-time", ".tag", ".caption", ".crumbs a", ".site-header a",
    ".candidate.unavailable .candidate-name", ".candidate.unavailable .candidate-price", "button",
]


def test_storefront_text_meets_aa_contrast(page: Page) -> None:
    page.goto("/styles/charm-necklace?chain=CH-BOX-SS-18IN-1.0&budget=60.00")
    settled(page)
    failures = []
    for selector in TEXT:
        for name, text, ratio in page.evaluate(CONTRAST, selector):
            if ratio < 4.5:
                failures.append((name, text, ratio))
    assert not failures, failures


def test_every_control_has_a_label(page: Page) -> None:
    for path in ("/styles/name-necklace", "/admin", "/my-piece"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input, select, textarea')]
                 .filter((e) => e.type !== 'hidden' && !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
                 .map((e) => e.id || e.name)"""
        )
        assert unlabelled == [], (path, unlabelled)
        groups = page.evaluate(
            """() => [...document.querySelectorAll('[role=radiogroup], [role=group]')]
                 .filter((g) => !g.getAttribute('aria-labelledby') && !g.getAttribute('aria-label')).length"""
        )
        assert groups == 0, path


def test_focus_is_visible(page: Page) -> None:
    page.goto("/styles/charm-necklace")
    settled(page)
    item = page.locator('.candidates[data-slot="chain"] [tabindex="0"]')
    item.focus()
    page.keyboard.press("ArrowDown")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none" and float(outline[1].removesuffix("px")) >= 2, outline
