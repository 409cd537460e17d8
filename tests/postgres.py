"""A throwaway PostgreSQL schema per test, on the server LINKWISE_TEST_POSTGRES_URL names."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

POSTGRES_ENV = "LINKWISE_TEST_POSTGRES_URL"
POSTGRES_SKIP_REASON = f"set {POSTGRES_ENV} to run against PostgreSQL"


@contextmanager
def postgres_schema(prefix: str = "lw_test") -> Iterator[str]:
    """A fresh schema (selected through the connection's search_path), dropped afterwards; skips
    the test when no server is set."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(POSTGRES_SKIP_REASON)
    import sqlalchemy as sa

    from catalog.store_schema import normalise_url

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(normalise_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
