"""A compact text of a small world, for reading a failing example."""

from __future__ import annotations

from catalog.model import Catalog
from catalog.styles import Style
from solver.request import Request


def describe(catalog: Catalog, style: Style, request: Request) -> str:
    lines = [f"style {style.id}: " + ", ".join(f"{s.name}[{s.min_count}..{s.max_count}]" for s in style.slots)
             + f" len {style.min_length_mm}-{style.max_length_mm} plate_after={style.plate_after_assembly}"
             + f" labour={style.labour_per_joint.amount_cents}"]
    for part in catalog.parts:
        data = part.model_dump(mode="json", exclude={"name", "kind"}, exclude_defaults=True)
        lines.append(f"  {part.kind}: {data}")
    for rule in catalog.rules:
        lines.append(f"  rule {rule.id}")
    lines.append(f"  request: {request.model_dump(mode='json', exclude_defaults=True)}")
    return "\n".join(lines)
