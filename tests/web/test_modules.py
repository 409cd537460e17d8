"""The pages' small modules on their own, in the browser that runs them: the design ↔ URL round
trip, and money and reasons in words."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

STYLE = {
    "slots": [
        {"name": "chain", "kind": "CHAIN", "minCount": 1, "maxCount": 1, "multi": False},
        {"name": "extender", "kind": "EXTENDER", "minCount": 0, "maxCount": 1, "multi": False},
        {"name": "charms", "kind": "CHARM", "minCount": 0, "maxCount": 5, "multi": True},
        {"name": "font", "kind": "OPTION", "minCount": 1, "maxCount": 1, "multi": False},
    ]
}


def run(page: Page, body: str, arg: Any = None) -> Any:
    page.goto("/my-piece")
    return page.evaluate(
        f"""async (arg) => {{
            const {{ Design }} = await import('/static/js/selection.js');
            const format = await import('/static/js/format.js');
            {body}
        }}""",
        arg,
    )


def test_a_design_survives_its_url(page: Page) -> None:
    search = "?chain=CH-A&extender=-&charms=CM-1,CM-2&font=script&budget=58.92&deadline=7&nickel_free=1&text=Zo%C3%AB"
    result = run(
        page,
        "const d = Design.fromURL(arg.style, arg.search); return [d.toSearch(), d.selection(), d.skus()];",
        {"style": STYLE, "search": search},
    )
    again, selection, skus = result
    assert again == search
    assert selection == {
        "picks": [
            {"slot": "chain", "skus": ["CH-A"]},
            {"slot": "extender", "exact": True},
            {"slot": "charms", "skus": ["CM-1", "CM-2"]},
            {"slot": "font", "option": "script"},
        ],
        "nickelFree": True,
        "budgetCents": 5892,
        "deadlineDays": 7,
        "text": "Zoë",
    }
    assert skus == ["CH-A", "CM-1", "CM-2"]


def test_unknown_slots_and_bad_numbers_in_a_link_are_ignored(page: Page) -> None:
    selection = run(
        page,
        "return Design.fromURL(arg.style, arg.search).selection();",
        {"style": STYLE, "search": "?nope=X&budget=abc&deadline=-2&chain="},
    )
    assert selection == {"picks": [], "nickelFree": False}


def test_charms_toggle_and_a_relaxation_undoes_requirements(page: Page) -> None:
    result = run(
        page,
        """const d = new Design(arg.style);
           d.choose('charms', 'CM-1'); d.choose('charms', 'CM-2'); d.choose('charms', 'CM-1');
           d.budgetCents = 1000; d.nickelFree = true; d.choose('chain', 'CH-A');
           d.relax({drop: ['budget'], to: '5892'});
           const raised = d.budgetCents;
           d.relax({drop: ['nickel_free', 'pick:chain'], to: null});
           return [raised, d.selection()];""",
        {"style": STYLE},
    )
    raised, selection = result
    assert raised == 5892
    assert selection == {"picks": [{"slot": "charms", "skus": ["CM-2"]}], "nickelFree": False, "budgetCents": 5892}


def test_money_labels_and_reasons_read_as_words(page: Page) -> None:
    result = run(
        page,
        """return [format.money(5892), format.label('clasp_ring'), format.label('CLIP_CARRIER'),
                  format.euroText('costs 12022 cents, over the 12000 cent budget'),
                  format.parseEuros('58,92'), format.parseEuros(''), Number.isNaN(format.parseEuros('-1'))];""",
    )
    assert result == [
        "€58.92", "Clasp ring", "Clip carrier", "costs €120.22, over the €120.00 budget", 5892, None, True
    ]
