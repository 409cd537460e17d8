"""What every peer shares: the spaces that answer options() for a request, and answer shapes."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.request import Request
from solver.space import Space, compile_space

Availability = dict[str, frozenset[str]]  # slot -> values available (options' answer, compared)


@dataclass(frozen=True)
class PeerAnswer:
    """A peer's answer; `complete` is False when its bound cut it short."""

    value: object
    complete: bool
    note: str = ""


def option_spaces(catalog: Catalog, style: Style, request: Request) -> list[tuple[Space, list[str]]]:
    """options() answers a picked single slot from the request without that pick (so a shopper
    sees what switching would give) and every other slot from the request itself."""
    main: list[str] = []
    own: list[tuple[Space, list[str]]] = []
    for slot in style.slots:
        pick = request.pick(slot.name)
        if pick is not None and (not slot.multi or slot.kind is SlotKind.OPTION):
            own.append((compile_space(catalog, style, request.without(f"pick:{slot.name}")), [slot.name]))
        else:
            main.append(slot.name)
    return [(compile_space(catalog, style, request), main), *own]
