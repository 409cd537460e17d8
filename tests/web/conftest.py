"""The page tests: the real `linkwise serve` on a temporary SQLite file seeded with the demo catalog,
driven by Debian's Chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, sync_playwright

from tests.api.api_helpers import REPO, linkwise_server
from tests.web.helpers import TOKEN, Site

CHROMIUM = os.environ.get("LINKWISE_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Screenshots of every page land here (CI keeps them as artifacts).
ARTIFACTS = Path(os.environ.get("LINKWISE_ARTIFACTS_DIR", REPO / "tmp" / "artifacts")) / "web"



@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    # One server per test module: the merchandiser's saves make new catalog versions, which the
    # storefront's tests should not have to wait for.
    database = tmp_path_factory.mktemp("web") / "linkwise.db"
    with linkwise_server(f"sqlite:///{database}", TOKEN) as base:
        yield Site(base)


# Package scope, not session: Playwright's sync API keeps an asyncio loop running in this thread
# while it is open, and a test that runs after the page tests on the same worker process (under
# pytest-xdist) could then not start its own (anyio.run: "Already running asyncio in this thread").
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _open(browser: Browser, site: Site, width: int, height: int, expected: list[str] | None = None) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=site.base)
    page = context.new_page()
    page.set_default_timeout(30_000)
    problems: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not any(text in message.text for text in expected or ()):
            problems.append(f"console error: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    yield page
    context.close()
    assert not problems, problems


@pytest.fixture
def expected_console_errors() -> list[str]:
    """Console errors a test causes on purpose (parts of their text), e.g. the browser's line for
    a refused request whose refusal the page must show; any other console error still fails."""
    return []


@pytest.fixture
def page(browser: Browser, site: Site, expected_console_errors: list[str]) -> Iterator[Page]:
    """A desktop page that fails the test on any script error or console error."""
    yield from _open(browser, site, 1280, 900, expected_console_errors)


@pytest.fixture
def phone(browser: Browser, site: Site) -> Iterator[Page]:
    """The same at 390×844, a common phone."""
    yield from _open(browser, site, 390, 844)
