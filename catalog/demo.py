"""The demo catalog: built by a deterministic script, shipped as catalog/data/demo_catalog.json.

`build_demo_catalog()` is the source; the JSON is its committed output, read by
`load_demo_catalog()` (a test keeps the two equal). Regenerate after editing the demo modules:

    .venv/bin/python -m catalog.demo
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

from catalog.demo_charms import clip_charms, dangles, nameplates
from catalog.demo_parts import Stock, chains, clasps, extenders, platings, rings
from catalog.demo_styles import demo_rules, demo_styles
from catalog.model import Catalog, parse_catalog

DATA_PACKAGE = "catalog.data"
DATA_FILE = "demo_catalog.json"


def build_demo_catalog() -> Catalog:
    """The demo catalog from its hand-shaped tables (same output on every run)."""
    stock = Stock()
    parts = [
        *chains(stock), *rings(stock), *clasps(stock), *extenders(stock),
        *dangles(stock), *nameplates(), *clip_charms(stock), *platings(),
    ]
    return Catalog(currency="EUR", parts=tuple(parts), styles=demo_styles(), rules=demo_rules())


def demo_catalog_json(catalog: Catalog | None = None) -> str:
    data = (catalog or build_demo_catalog()).model_dump(mode="json", exclude_none=True)
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_demo_catalog() -> Catalog:
    """The shipped demo catalog, validated (a copy is cached: catalogs are immutable)."""
    return _load()


@lru_cache(maxsize=1)
def _load() -> Catalog:
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse_catalog(json.loads(text))


def write_demo_catalog(path: Path | None = None) -> Path:
    target = path or Path(str(resources.files(DATA_PACKAGE).joinpath(DATA_FILE)))
    target.write_text(demo_catalog_json(), encoding="utf-8")
    return target


if __name__ == "__main__":
    written = write_demo_catalog(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"wrote {written}")
