"""Per-request DataLoaders: every part and style a response names is converted once, in one batch."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.dataloader import DataLoader

from api.graphql.catalog_types import PartNode, StyleNode, part_node, style_node
from api.state import Snapshot


class Loaders:
    """Loaders bound to one catalog snapshot; made fresh for every request."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self.parts: DataLoader[str, PartNode | None] = DataLoader(load_fn=self._load_parts)
        self.styles: DataLoader[str, StyleNode | None] = DataLoader(load_fn=self._load_styles)

    async def _load_parts(self, skus: list[str]) -> list[PartNode | None]:
        parts = self.snapshot.parts
        return [part_node(parts[sku]) if sku in parts else None for sku in skus]

    async def _load_styles(self, handles: list[str]) -> list[StyleNode | None]:
        styles = self.snapshot.styles
        return [style_node(styles[handle]) if handle in styles else None for handle in handles]

    async def parts_of(self, skus: Iterable[str]) -> list[PartNode]:
        """The parts for `skus` in order, skipping values that are not parts (option codes)."""
        found = await self.parts.load_many(list(skus))
        return [part for part in found if part is not None]
