"""The page shells as the server renders them: HTML with no inline script, a strict content
security policy, static modules served from this server, and the style handle escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.state import open_seeded_store
from catalog.settings import Settings
from web.routes import HERE


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("web-routes") / "linkwise.db"
    settings = Settings(database_url=f"sqlite:///{path}", env="test", warm_on_load=False)
    store = open_seeded_store(settings)
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client
    store.close()


@pytest.mark.parametrize("path", ["/", "/styles/charm-necklace", "/admin", "/my-piece"])
def test_each_page_is_a_shell_with_a_strict_policy(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    html = response.text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('type="module"' in attrs and 'src="/static/js/' in attrs and not body.strip()
                           for attrs, body in scripts)
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing from elsewhere


def test_the_style_handle_is_escaped(client: TestClient) -> None:
    html = client.get('/styles/"><script>alert(1)<')
    assert html.status_code == 200
    assert "<script>alert(1)" not in html.text
    assert 'data-style="&#34;&gt;&lt;script&gt;alert(1)&lt;"' in html.text


def test_every_module_and_stylesheet_is_served(client: TestClient) -> None:
    files = sorted((HERE / "static").rglob("*.*"))
    assert {f.name for f in files} >= {"storefront.js", "drawing.js", "admin.js", "owner.js", "site.css"}
    for file in files:
        response = client.get(f"/static/{file.relative_to(HERE / 'static').as_posix()}")
        assert response.status_code == 200, file
        assert response.content == file.read_bytes()
    # Relative imports between modules all resolve to files that exist.
    for module in (HERE / "static" / "js").glob("*.js"):
        for imported in re.findall(r'from "\./([\w.]+)"', module.read_text()):
            assert (module.parent / imported).exists(), (module.name, imported)
