"""Owned pieces: an order reference and the SKUs of the piece sold under it, nothing personal.

A piece keeps the catalog version current when it was registered, so add-ons can be fitted to
its parts as they were made, even after those parts are changed or retired.

Order references are guessable (ORD-2025-0042), so reading a piece by reference also needs the
claim token issued when it was registered: 192 random bits, kept only as a SHA-256 hash (a token
that random needs no slow hash). A wrong token and an unknown reference are refused alike.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, select, update

from catalog.exceptions import ErrorList, NotFound
from catalog.store_schema import KIND_PART, catalog_item, owned_piece, owned_piece_part

ORDER_REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9-]{3,40}$")
MAX_PIECE_PARTS = 200


@dataclass(frozen=True)
class OwnedPiece:
    order_reference: str
    skus: tuple[str, ...]
    catalog_version: int
    created_at: datetime


def check_order_reference(order_reference: str, errors: ErrorList) -> None:
    if not isinstance(order_reference, str) or not ORDER_REFERENCE_PATTERN.fullmatch(order_reference):
        errors.add(
            "order_reference", "invalid_order_reference",
            "an order reference is 3 to 40 letters, digits or hyphens",
        )


def check_skus(conn: Connection, skus: Sequence[str], errors: ErrorList) -> None:
    """Every SKU must have existed in some catalog version; retired parts are welcome."""
    if isinstance(skus, str) or not isinstance(skus, Sequence) or not skus:
        errors.add("skus", "skus_required", "a piece lists the SKUs of its parts (at least one)")
        return
    if len(skus) > MAX_PIECE_PARTS:
        errors.add("skus", "too_many_skus", f"a piece has at most {MAX_PIECE_PARTS} parts")
        return
    texts = [sku for sku in skus if isinstance(sku, str)]
    known = set(
        conn.execute(
            select(catalog_item.c.key).distinct().where(
                catalog_item.c.kind == KIND_PART, catalog_item.c.key.in_(sorted(set(texts)))
            )
        ).scalars()
    ) if texts else set()
    for index, sku in enumerate(skus):
        if sku not in known:
            errors.add(f"skus[{index}]", "unknown_sku", f"no catalog version has a part {sku!r}")


NOT_CLAIMED = "no owned piece matches this order reference and claim token"
MAX_CLAIM_TOKEN = 200


def new_claim_token() -> str:
    return secrets.token_urlsafe(24)  # 192 bits


def claim_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def insert_piece(
    conn: Connection, order_reference: str, skus: Sequence[str], catalog_version: int, claim_token: str
) -> None:
    conn.execute(
        owned_piece.insert().values(
            order_reference=order_reference, catalog_version=catalog_version, created_at=datetime.now(UTC),
            claim_hash=claim_hash(claim_token),
        )
    )
    conn.execute(
        owned_piece_part.insert(),
        [{"order_reference": order_reference, "position": i, "sku": sku} for i, sku in enumerate(skus)],
    )


def replace_claim(conn: Connection, order_reference: str, claim_token: str) -> None:
    """A new token for a piece registered again (the order system retried): the old one stops working."""
    conn.execute(
        update(owned_piece).where(owned_piece.c.order_reference == order_reference)
        .values(claim_hash=claim_hash(claim_token))
    )


def claimed(conn: Connection, order_reference: str, claim_token: str | None) -> bool:
    """Whether `claim_token` is the one issued for `order_reference` (False for an unknown reference)."""
    if not isinstance(claim_token, str) or not claim_token or len(claim_token) > MAX_CLAIM_TOKEN:
        return False
    stored = conn.execute(
        select(owned_piece.c.claim_hash).where(owned_piece.c.order_reference == order_reference)
    ).scalar_one_or_none()
    # Compared even when nothing is stored, so an unknown reference takes the same time.
    return hmac.compare_digest(stored or "0" * 64, claim_hash(claim_token)) and stored is not None


def read_piece(conn: Connection, order_reference: str) -> OwnedPiece:
    head = conn.execute(
        select(owned_piece.c.catalog_version, owned_piece.c.created_at).where(
            owned_piece.c.order_reference == order_reference
        )
    ).first()
    if head is None:
        raise NotFound(f"no owned piece has order reference {order_reference!r}")
    skus = conn.execute(
        select(owned_piece_part.c.sku)
        .where(owned_piece_part.c.order_reference == order_reference)
        .order_by(owned_piece_part.c.position)
    ).scalars().all()
    created_at = head.created_at
    if created_at.tzinfo is None:  # SQLite keeps no zone; everything is written in UTC
        created_at = created_at.replace(tzinfo=UTC)
    return OwnedPiece(order_reference, tuple(skus), int(head.catalog_version), created_at)


def references_holding(conn: Connection, sku: str) -> list[str]:
    return list(
        conn.execute(
            select(owned_piece_part.c.order_reference).distinct()
            .where(owned_piece_part.c.sku == sku)
            .order_by(owned_piece_part.c.order_reference)
        ).scalars()
    )
