"""A slot's candidates, made when read.

An options answer at 10^4 parts lists ~13,000 parts; making a `Candidate` for each (and the
deferred reasons of every unavailable one) was a sixth of the answer, and a shop page reads 20.
The listing sorts arrays once (solver.listing); a candidate is made the first time it is read,
and then kept, so reading it twice gives the same object (and its reasons are found once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import overload

from solver.results import Candidate, CandidateStatus


class CandidateList(Sequence[Candidate]):
    """Candidates sorted available first: the first `available` are AVAILABLE, the rest are not.
    Equal to any sequence holding equal candidates in the same order."""

    __slots__ = ("_made", "_make", "_places", "_value_at", "available")

    def __init__(self, size: int, available: int, make: Callable[[int], Candidate],
                 value_at: Callable[[int], str]) -> None:
        self._make = make
        self._value_at = value_at  # a candidate's value, without making it
        self._made: list[Candidate | None] = [None] * size
        self._places: dict[str, int] | None = None
        self.available = available

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Candidate: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Candidate, ...]: ...

    def __getitem__(self, index: int | slice) -> Candidate | tuple[Candidate, ...]:
        if isinstance(index, slice):
            return tuple(self._at(i) for i in range(*index.indices(len(self._made))))
        at = index + len(self._made) if index < 0 else index
        if not 0 <= at < len(self._made):
            raise IndexError(index)
        return self._at(at)

    def __iter__(self) -> Iterator[Candidate]:
        for at in range(len(self._made)):
            yield self._at(at)

    def with_status(self, status: CandidateStatus) -> tuple[int, int]:
        """Where the candidates of `status` lie: [start, stop) (sorted available first)."""
        if status is CandidateStatus.AVAILABLE:
            return 0, self.available
        return self.available, len(self._made)

    def place(self, value: str) -> int | None:
        """Where the candidate of `value` is (a page's cursor), without making the candidates."""
        if self._places is None:
            self._places = {self._value_at(at): at for at in range(len(self._made))}
        return self._places.get(value)

    def values(self, status: CandidateStatus | None = None) -> list[str]:
        """The values (of `status`'s candidates), without making the candidates."""
        start, stop = (0, len(self._made)) if status is None else self.with_status(status)
        return [self._value_at(at) for at in range(start, stop)]

    def _at(self, at: int) -> Candidate:
        found = self._made[at]
        if found is None:
            found = self._made[at] = self._make(at)
        return found

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"CandidateList({len(self._made)} candidates, {self.available} available)"


def values_of(candidates: Sequence[Candidate], status: CandidateStatus) -> list[str]:
    """The values of the candidates of `status`; a CandidateList's without making its candidates
    (impact and lint read every slot's available SKUs, ~13,000 at 10^4 parts)."""
    if isinstance(candidates, CandidateList):
        return candidates.values(status)
    return [c.value for c in candidates if c.status is status]


def candidate_of(candidates: Sequence[Candidate], value: str) -> Candidate | None:
    """The candidate of `value`, if listed; a CandidateList makes that one alone."""
    if isinstance(candidates, CandidateList):
        at = candidates.place(value)
        return None if at is None else candidates[at]
    return next((c for c in candidates if c.value == value), None)
