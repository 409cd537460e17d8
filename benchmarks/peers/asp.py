"""The clingo peer: an ASP encoding generated from the compiled space (through the same part-level
description as the CP-SAT model, `solver.cpsat.ir`), options as brave consequences
(`--enum-mode=brave`), counts by enumerating answer sets.

Every auxiliary atom is a function of `sel/2` and `optsel/2`, so answer sets and assemblies
correspond one to one and an answer-set count is an assembly count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from typing import Any

import clingo

from benchmarks.peers.common import Availability, PeerAnswer, option_spaces
from catalog.model import Catalog
from catalog.styles import Style
from catalog.types import SlotKind
from solver.cpsat.ir import Atom, Has, ModelIR, Opt, Pick, Used, build_ir, centigrams, nanometres
from solver.request import Request
from solver.space import Space

ENCODING = """
{ sel(S,I) } :- cand(S,I).
used(S) :- sel(S,I).
cnt(S,N) :- slot(S), not ringslot(S), N = #count{ I : sel(S,I) }.
:- cnt(S,N), minc(S,M), N < M.
:- cnt(S,N), maxc(S,M), N > M.
ringslot(R) :- ring(R,_).
:- ring(R,M), used(M), #count{ I : sel(R,I) } != 1.
:- ring(R,M), not used(M), sel(R,_).
:- required(S,I), not sel(S,I).
:- mustuse(S), not used(S).
{ optsel(O,C) : optv(O,C,_) } 1 :- option(O).
optchosen(O) :- optsel(O,_).
:- optreq(O), not optchosen(O).
:- infeasible.
true(p(S,I)) :- sel(S,I).
true(u(S)) :- used(S).
true(h(G)) :- ingroup(G,S,I), sel(S,I).
true(o(O,C)) :- optsel(O,C).
:- clause(C); true(A) : lit(C,A,0); not true(A) : lit(C,A,1).
weights(W,S,J) :- sel(S,J), weight(S,J,W).
:- chainslot(C), sel(C,I), chainload(I,L), #sum{ W,S,J : weights(W,S,J) } > L.
:- claspslot(K), sel(K,I), claspload(I,L), #sum{ W,S,J : weights(W,S,J) } > L.
:- chainslot(C), sel(C,I), chaincap(I,K), #count{ S,J : sel(S,J), charmslot(S) } > K.
:- minlen(M), #sum{ X,S,I : sel(S,I), len(S,I,X) } < M.
:- maxlen(M), #sum{ X,S,I : sel(S,I), len(S,I,X) } > M.
platinglead(P) :- deadline(_), P = #sum{ X,S,I : sel(S,I), plead(S,I,X) }.
:- deadline(D), platinglead(P), P > D.
:- deadline(D), platinglead(P), sel(S,I), lead(S,I,X), X + P > D.
ismulti(R) :- ringmulti(R,_).
nmem(R,N) :- ringmulti(R,M), N = #count{ I : sel(M,I) }.
:- budget(B), #sum{ C,part,S,I : sel(S,I), cost(S,I,C), not ismulti(S);
                    C*N,ring,S,I : sel(S,I), cost(S,I,C), nmem(S,N);
                    L,joint,S,I : sel(S,I), joined(S), labour(L);
                    P,opt,O,Cd : optsel(O,Cd), optv(O,Cd,P) } > B.
#show sel/2.
#show optsel/2.
"""


def _q(name: str) -> str:
    return '"' + name.replace('"', "") + '"'


class AspProgram:
    """Facts of one space, plus the names to read its answer sets back."""

    def __init__(self, ir: ModelIR) -> None:
        self.ir = ir
        self.has_ids: dict[Has, int] = {}
        self.facts = "\n".join(self._facts())

    def _atom(self, atom: Atom) -> str:
        if isinstance(atom, Pick):
            return f"p({_q(atom.slot)},{atom.index})"
        if isinstance(atom, Used):
            return f"u({_q(atom.slot)})"
        if isinstance(atom, Opt):
            return f"o({_q(atom.slot)},{_q(atom.code)})"
        if atom not in self.has_ids:
            self.has_ids[atom] = len(self.has_ids)
        return f"h({self.has_ids[atom]})"

    def _facts(self) -> Iterable[str]:
        ir = self.ir
        if ir.infeasible:
            yield "infeasible."
        yield from self._slots()
        for c, clause in enumerate(ir.clauses):
            yield f"clause({c})."
            for atom, positive in clause:
                yield f"lit({c},{self._atom(atom)},{int(positive)})."
        for has, gid in self.has_ids.items():
            for i in ir.groups[(has.slot, has.feature)][has.key]:
                yield f"ingroup({gid},{_q(has.slot)},{i})."
        yield from self._sums()

    def _slots(self) -> Iterable[str]:
        ir = self.ir
        for slot in ir.slots.values():
            s = _q(slot.name)
            yield f"slot({s}). minc({s},{slot.min_count}). maxc({s},{slot.max_count})."
            if slot.ring_for is not None:
                yield f"ring({s},{_q(slot.ring_for)})."
                if ir.ring_uses(slot):
                    yield f"ringmulti({s},{_q(slot.ring_for)})."
            for cand in slot.cands:
                yield f"cand({s},{cand.index}). cost({s},{cand.index},{cand.cost})."
            for index in slot.required:
                yield f"required({s},{index})."
        if ir.plating is not None and ir.plating_required:
            yield f"mustuse({_q(ir.plating)})."
        for name, option in ir.options.items():
            yield f"option({_q(name)})."
            if option.required:
                yield f"optreq({_q(name)})."
            for code, price in option.values:
                yield f"optv({_q(name)},{_q(code)},{price})."
        for slot in ir.joined():
            yield f"joined({_q(slot.name)})."
        yield f"labour({ir.labour})."

    def _sums(self) -> Iterable[str]:
        ir = self.ir
        chain = ir.slots[ir.carrier]
        yield f"chainslot({_q(chain.name)})."
        for cand in chain.cands:
            yield f"chainload({cand.index},{centigrams(cand.part.max_load_g)}). " \
                  f"chaincap({cand.index},{cand.part.charm_capacity})."
        for slot in ir.slots.values():
            s = _q(slot.name)
            if slot.kind is SlotKind.CHARM:
                yield f"charmslot({s})."
                for cand in slot.cands:
                    yield f"weight({s},{cand.index},{centigrams(cand.part.weight_g)})."
            elif slot.kind is SlotKind.CLASP:
                yield f"claspslot({s})."
                for cand in slot.cands:
                    yield f"claspload({cand.index},{centigrams(cand.part.max_load_g)})."
        yield from self._lengths()
        if ir.deadline is not None:
            yield f"deadline({ir.deadline})."
            for slot in ir.slots.values():
                kind = "plead" if slot.kind is SlotKind.PLATING else "lead"
                for cand in slot.cands:
                    if cand.lead:
                        yield f"{kind}({_q(slot.name)},{cand.index},{cand.lead})."
        if ir.budget is not None:
            yield f"budget({ir.budget})."

    def _lengths(self) -> Iterable[str]:
        """Lengths in nanometres divided by their common factor, so clingo's 32-bit sums hold them."""
        ir = self.ir
        slots = [s for s in ir.slots.values() if s.kind in (SlotKind.CHAIN, SlotKind.CLASP, SlotKind.EXTENDER)]
        values = {(s.name, c.index): nanometres(c.part.length_mm) for s in slots for c in s.cands}
        unit = math.gcd(ir.min_length_nm, ir.max_length_nm, *values.values())
        for (slot, index), nm in values.items():
            yield f"len({_q(slot)},{index},{nm // unit})."
        yield f"minlen({ir.min_length_nm // unit}). maxlen({ir.max_length_nm // unit})."

    def control(self, args: list[str]) -> clingo.Control:
        ctl = clingo.Control(args, logger=lambda code, message: None)
        ctl.add("base", [], ENCODING)
        ctl.add("base", [], self.facts)
        ctl.ground([("base", [])])
        return ctl

    def assembly_values(self, symbols: Iterable[clingo.Symbol]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for sym in symbols:
            slot = sym.arguments[0].string
            if sym.name == "sel":
                out.setdefault(slot, set()).add(self.ir.slots[slot].cands[sym.arguments[1].number].sku)
            else:
                out.setdefault(slot, set()).add(sym.arguments[1].string)
        return out


def _solve(ctl: clingo.Control, stop: float, on_model: Any) -> bool:
    """Solve until done or `stop`; True when the search finished."""
    with ctl.solve(on_model=on_model, async_=True) as handle:
        finished = handle.wait(max(stop - time.monotonic(), 0.0))
        if not finished:
            handle.cancel()
        return bool(finished)


def brave(space: Space, stop: float) -> tuple[dict[str, set[str]], bool]:
    """Every value that appears in some valid assembly (clingo's brave consequences)."""
    program = AspProgram(build_ir(space))
    ctl = program.control(["0", "--enum-mode=brave"])
    last: list[clingo.Symbol] = []

    def keep(model: clingo.Model) -> None:
        last[:] = model.symbols(shown=True)

    done = _solve(ctl, stop, keep)
    return program.assembly_values(last), done


def options(catalog: Catalog, style: Style, request: Request, bound_s: float) -> PeerAnswer:
    stop = time.monotonic() + bound_s
    out: dict[str, frozenset[str]] = {}
    complete = True
    for space, slots in option_spaces(catalog, style, request):
        values, done = brave(space, stop)
        complete = complete and done
        for slot in slots:
            out[slot] = frozenset(values.get(slot, set()))
    answer: Availability = out
    return PeerAnswer(answer, complete)


def count(space: Space, bound_s: float) -> PeerAnswer:
    """Valid assemblies counted by enumerating answer sets (a lower bound if cut short)."""
    stop = time.monotonic() + bound_s
    ctl = AspProgram(build_ir(space)).control(["0"])
    seen = [0]

    def tick(model: clingo.Model) -> None:
        seen[0] += 1

    done = _solve(ctl, stop, tick)
    return PeerAnswer(seen[0], done)
