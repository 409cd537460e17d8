"""Owners' privacy: a piece is read by order reference only with its claim token; the token is
kept only as a hash; neither the reference nor the token reaches a log."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import httpx
import pytest

from catalog.demo import load_demo_catalog
from catalog.exceptions import NotFound
from catalog.store import Store
from tests.reliability.servers import TOKEN, post, serving


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.from_url(f"sqlite:///{tmp_path / 'owned.db'}")
    opened.create_schema()
    opened.seed_if_empty(load_demo_catalog())
    return opened


def _skus(store: Store) -> list[str]:
    return [part.sku for part in store.load().parts[:2]]


def test_the_token_is_kept_only_as_its_hash(store: Store, tmp_path: Path) -> None:
    token = store.register_piece("ORD-2025-0042", _skus(store))
    assert len(token) >= 32  # 24 random bytes, base64url: 192 bits
    store.close()
    raw = (tmp_path / "owned.db").read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("owned.db-*"))
    assert token.encode() not in raw
    with sqlite3.connect(tmp_path / "owned.db") as db:
        (stored,) = db.execute("SELECT claim_hash FROM owned_piece").fetchone()
    assert stored == hashlib.sha256(token.encode()).hexdigest()


def test_wrong_missing_and_unknown_are_refused_alike(store: Store) -> None:
    skus = _skus(store)
    token = store.register_piece("ORD-2025-0042", skus)
    assert list(store.claimed_piece("ORD-2025-0042", token).skus) == skus
    messages = set()
    for reference, claim in (("ORD-2025-0042", None), ("ORD-2025-0042", "x" * 32), ("ORD-2025-0043", token),
                             ("ORD-2025-0042", "y" * 10_000)):
        with pytest.raises(NotFound) as refused:
            store.claimed_piece(reference, claim)
        messages.add(str(refused.value))
    assert len(messages) == 1 and "ORD" not in messages.pop()


def test_a_store_from_before_claim_tokens_gets_the_column(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = Store.from_url(f"sqlite:///{path}")
    old.create_schema()
    old.close()
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE owned_piece DROP COLUMN claim_hash")
    reopened = Store.from_url(f"sqlite:///{path}")
    reopened.create_schema()
    reopened.seed_if_empty(load_demo_catalog())
    assert reopened.register_piece("ORD-OLD-1", _skus(reopened))
    reopened.close()


@pytest.mark.e2e
def test_references_and_tokens_never_reach_the_log(tmp_path: Path) -> None:
    output: list[str] = []
    reference = "ORD-SECRET-7731"
    with serving(f"sqlite:///{tmp_path / 'logged.db'}", "--workers", "1", log_level="debug",
                 output=output) as base, httpx.Client(base_url=base, timeout=60) as client:
        sku = post(client, "{ parts(first: 1) { nodes { sku } } }")["parts"]["nodes"][0]["sku"]
        registered = post(client, """mutation($ref: String!, $skus: [String!]!) {
            registerPiece(orderReference: $ref, skus: $skus) { claimToken errors { code } } }""",
                          {"ref": reference, "skus": [sku]}, token=TOKEN)["registerPiece"]
        claim = registered["claimToken"]
        query = "query($r: String!, $c: String) { ownedPiece(orderReference: $r, claimToken: $c) { skus } }"
        for variables in ({"r": reference, "c": claim}, {"r": reference, "c": "wrong"}):
            response = client.get("/graphql", params={"query": query, "variables": json.dumps(variables)})
            assert response.status_code == 200
        assert response.json()["data"]["ownedPiece"] is None
    log = "".join(output)
    assert "GET /graphql" in log  # the access log was on
    assert reference not in log and claim not in log
