"""Reading a part's attribute by name, as filters and merchandiser rules do."""

from __future__ import annotations

from typing import Any

from catalog.styles import AttributeFilter


def attribute_value(part: Any, attribute: str) -> Any:
    """The attribute's plain value (enums by their value; `price_cents` from the price)."""
    if attribute == "price_cents":
        return part.price.amount_cents
    value = getattr(part, attribute, None)
    return getattr(value, "value", value)


def filter_admits(flt: AttributeFilter, part: Any) -> bool:
    """The part's attribute is one of the filter's values and within its range."""
    value = attribute_value(part, flt.attribute)
    if value is None:
        return False
    if flt.values and not any(value == v or str(value) == str(v) for v in flt.values):
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return flt.min is None and flt.max is None
    if flt.min is not None and number < flt.min - 1e-9:
        return False
    return not (flt.max is not None and number > flt.max + 1e-9)
