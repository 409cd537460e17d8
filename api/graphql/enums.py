"""The catalog's and the solver's enumerations, exposed as GraphQL enums under stable names."""

from __future__ import annotations

from enum import Enum

import strawberry

from catalog.rules import RuleCode
from catalog.types import (
    BaseMetal,
    ChainStyle,
    ClaspType,
    Colour,
    Connector,
    FtcClass,
    GaugeSystem,
    PartKind,
    PlatingMaterial,
    Production,
    SlotKind,
    Status,
    Surface,
    Underlayer,
)
from solver.results import CandidateStatus


class RuleMode(Enum):
    """How a rule reads: a table's listed rows are the only ones allowed, or they are forbidden; a
    counting rule allows at most, or at least, `count` charms whose values are a row."""

    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"
    AT_MOST = "at_most"
    AT_LEAST = "at_least"


for _enum, _name in (
    (PartKind, "PartKind"),
    (SlotKind, "SlotKind"),
    (BaseMetal, "BaseMetal"),
    (Colour, "Colour"),
    (Surface, "Surface"),
    (Status, "PartStatus"),
    (Production, "Production"),
    (ChainStyle, "ChainStyle"),
    (ClaspType, "ClaspType"),
    (Connector, "Connector"),
    (PlatingMaterial, "PlatingMaterial"),
    (Underlayer, "Underlayer"),
    (GaugeSystem, "GaugeSystem"),
    (FtcClass, "FtcClass"),
    (RuleCode, "RuleCode"),
    (CandidateStatus, "CandidateStatus"),
    (RuleMode, "RuleMode"),
):
    strawberry.enum(_enum, name=_name)

__all__ = [
    "BaseMetal",
    "CandidateStatus",
    "ChainStyle",
    "ClaspType",
    "Colour",
    "Connector",
    "FtcClass",
    "GaugeSystem",
    "PartKind",
    "PlatingMaterial",
    "Production",
    "RuleCode",
    "RuleMode",
    "SlotKind",
    "Status",
    "Surface",
    "Underlayer",
]
