"""What leaves the solver: our own statuses and results, never raw CP-SAT codes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from catalog.rules import RuleCode, Violation
from solver.assembly import Evaluation


class ExitStatus(str, Enum):
    """COMPLETE: the answer is exact and whole. INCOMPLETE: a time limit cut the work short and
    the answer is partial (never presented as complete)."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class CandidateStatus(str, Enum):
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Reason:
    code: RuleCode
    message: str
    skus: tuple[str, ...] = ()
    amount_cents: int | None = None  # a money reason's amounts, machine-readable
    limit_cents: int | None = None

    @staticmethod
    def of(violation: Violation) -> Reason:
        return Reason(violation.code, violation.message, violation.skus, violation.amount_cents,
                      violation.limit_cents)


class Deferred:
    """Reasons found when first read. An options answer at 10^4 parts lists thousands of
    unavailable candidates, each reason a check of a whole piece, and a shop page reads a page of
    them: the rest are never found. Found once; two threads reading at once find the same."""

    __slots__ = ("_find", "_found")

    def __init__(self, find: Callable[[], tuple[Reason, ...]]) -> None:
        self._find: Callable[[], tuple[Reason, ...]] | None = find
        self._found: tuple[Reason, ...] | None = None

    @property
    def found(self) -> bool:
        return self._found is not None

    def get(self) -> tuple[Reason, ...]:
        found, find = self._found, self._find
        if found is None:
            assert find is not None
            found = self._found = find()
            self._find = None  # what it read (the space's example, the catalog) may go
        return found


@dataclass(frozen=True, eq=False)
class Candidate:
    """One value a slot could take. `min_total_cents`: the cheapest complete piece with it.
    `why`: its reasons, or how to find them when read (`reasons`)."""

    value: str  # a SKU, or an option code
    status: CandidateStatus
    min_total_cents: int | None
    why: tuple[Reason, ...] | Deferred = ()
    name: str = ""

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return self.why if isinstance(self.why, tuple) else self.why.get()

    @property
    def found_reasons(self) -> bool:
        """Whether reading `reasons` is free (they are known)."""
        return isinstance(self.why, tuple) or self.why.found

    def _key(self) -> tuple[object, ...]:
        return self.value, self.status, self.min_total_cents, self.reasons, self.name

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Candidate) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True)
class SlotOptions:
    slot: str
    kind: str
    min_count: int
    max_count: int
    # The parts the style's slot admits (its filters; a solver.candidate_list.CandidateList,
    # made when read), or the option values.
    candidates: Sequence[Candidate]
    outside_style: int = 0  # parts of the slot's kind its style filters leave out, not listed


@dataclass(frozen=True)
class OptionsResult:
    style_id: str
    catalog_version: int
    slots: tuple[SlotOptions, ...]
    example: Evaluation | None  # the cheapest complete assembly consistent with the selection
    status: ExitStatus = ExitStatus.COMPLETE

    def slot(self, name: str) -> SlotOptions:
        return next(s for s in self.slots if s.slot == name)


@dataclass(frozen=True)
class CountResult:
    count: int  # exact when status is COMPLETE; a lower bound otherwise
    status: ExitStatus = ExitStatus.COMPLETE


@dataclass(frozen=True)
class Page:
    items: tuple[Evaluation, ...]
    total_count: int | None
    end_cursor: str | None
    has_next_page: bool
    status: ExitStatus = ExitStatus.COMPLETE


@dataclass(frozen=True)
class Recommendations:
    items: tuple[Evaluation, ...]
    status: ExitStatus = ExitStatus.COMPLETE


@dataclass(frozen=True)
class Requirement:
    name: str  # "pick:chain", "budget", "deadline", "nickel_free", "quantity", "text"
    description: str


@dataclass(frozen=True)
class Relaxation:
    """Dropping `drop` restores a solution; for a budget or deadline, `to` says how far to move it."""

    drop: tuple[str, ...]
    description: str
    to: int | None = None


@dataclass(frozen=True)
class Explanation:
    satisfiable: bool
    conflict: tuple[Requirement, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    status: ExitStatus = ExitStatus.COMPLETE


@dataclass(frozen=True)
class AddOn:
    slot: str
    skus: tuple[str, ...]  # the module and the ring it needs, if any
    price_cents: int
    evaluation: Evaluation  # the extended piece, checked whole


@dataclass(frozen=True)
class AddOns:
    style_id: str | None
    items: tuple[AddOn, ...]
    reasons: tuple[Reason, ...] = ()  # why nothing fits, when nothing does
    status: ExitStatus = ExitStatus.COMPLETE


@dataclass(frozen=True)
class StyleCount:
    style_id: str
    count: int
    status: ExitStatus = ExitStatus.COMPLETE
    compiled: CompiledSize | None = None  # lint reports it; impact does not


@dataclass(frozen=True)
class CompiledSize:
    """How big a style's compiled space is: what one request walks and evaluates."""

    part_classes: int  # interchangeable classes over every part slot, before picks
    hubs: int  # finish modes x chain classes x combinations of hub options and lifted slots' values
    network_slots: int  # option slots compiled into the rule network
    network_width: int  # the largest bag, in option slots
    network_entries: int  # table entries over every bag of the network


@dataclass(frozen=True)
class DeadPart:
    sku: str
    kind: str
    reason: str


@dataclass(frozen=True)
class ImpactReport:
    sku: str
    counts: tuple[StyleCount, ...]  # buildable assemblies containing it, per style
    dead: bool
    reasons: tuple[str, ...] = ()
    status: ExitStatus = ExitStatus.COMPLETE


@dataclass(frozen=True)
class LintReport:
    style_counts: tuple[StyleCount, ...]
    dead_parts: tuple[DeadPart, ...]
    unreachable_styles: tuple[str, ...] = field(default=())
    status: ExitStatus = ExitStatus.COMPLETE
