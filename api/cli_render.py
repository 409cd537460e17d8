"""Readable text for each solver answer (the CLI's default output)."""

from __future__ import annotations

from api.cli_format import completeness, money, table
from catalog.model import Catalog
from solver.assembly import Evaluation
from solver.results import (
    AddOns,
    CandidateStatus,
    CountResult,
    Explanation,
    LintReport,
    OptionsResult,
    Reason,
    Recommendations,
)


def _reasons(reasons: tuple[Reason, ...]) -> str:
    return "; ".join(f"{r.code.value}: {r.message}" for r in reasons)


def evaluation(ev: Evaluation, catalog: Catalog, title: str = "") -> str:
    cur = catalog.currency
    names = {p.sku: p.name for p in catalog.parts}
    lines = [title] if title else []
    rows = [
        [slot, ", ".join(values) or "—", ", ".join(names.get(v, "") for v in values)]
        for slot, values in ev.assembly.choice
    ]
    lines.append(table(rows, ["slot", "value", "name"], indent="  "))
    p = ev.price
    lines.append(
        f"  total {money(p.total_cents, cur)} = parts {money(p.parts_cents, cur)} + plating "
        f"{money(p.plating_cents, cur)} + labour {money(p.labour_cents, cur)} + engraving "
        f"{money(p.engraving_cents, cur)} + options {money(p.options_cents, cur)}; "
        f"ready in {ev.lead_time_days} days"
    )
    if ev.violations:
        lines.append("  INVALID:")
        lines.extend(f"    {v.code.value}: {v.message}" for v in ev.violations)
    lines.extend(f"  warning: {w}" for w in ev.warnings)
    return "\n".join(lines)


def check(ev: Evaluation, catalog: Catalog) -> str:
    head = "valid" if ev.valid else f"invalid: {len(ev.violations)} violation(s)"
    steps = "\n".join(f"  {n}. {s.action}: {s.detail}" for n, s in enumerate(ev.steps, 1))
    return evaluation(ev, catalog, f"{ev.assembly.style_id}: {head}") + (
        "\n  build:\n" + steps if steps else ""
    )


def options(result: OptionsResult, catalog: Catalog) -> str:
    cur = catalog.currency
    out = [f"{result.style_id} · catalog v{result.catalog_version} · {completeness(result.status)}"]
    for slot in result.slots:
        out.append(f"\n{slot.slot} ({slot.kind}, {slot.min_count}..{slot.max_count})")
        rows = [
            [
                "✓" if c.status is CandidateStatus.AVAILABLE else "✗",
                c.value,
                c.name,
                f"from {money(c.min_total_cents, cur)}" if c.min_total_cents is not None else "",
                _reasons(c.reasons),
            ]
            for c in slot.candidates
        ]
        out.append(table(rows, indent="  ") if rows else "  (no candidates)")
        if slot.outside_style:
            out.append(f"  … and {slot.outside_style} {slot.kind.replace('_', ' ')} part(s) outside the style")
    if result.example is not None:
        out.append("\n" + evaluation(result.example, catalog, "example (cheapest consistent assembly):"))
    else:
        out.append("\nno complete assembly fits this selection (try `linkwise explain`)")
    return "\n".join(out)


def recommendations(result: Recommendations, catalog: Catalog) -> str:
    out = [f"{len(result.items)} recommendation(s) · {completeness(result.status)}"]
    for n, ev in enumerate(result.items, 1):
        out.append(evaluation(ev, catalog, f"\n#{n}"))
    return "\n".join(out)


def count(result: CountResult, style_id: str) -> str:
    bound = "" if result.status.value == "complete" else " (at least: the time limit cut the count short)"
    return f"{style_id}: {result.count:,} valid assemblies{bound}"


def explanation(result: Explanation) -> str:
    if result.satisfiable:
        return f"the selection can be completed: nothing to explain · {completeness(result.status)}"
    out = [f"nothing fits · {completeness(result.status)}", "conflicting requirements (each needed):"]
    out.extend(f"  {r.name}: {r.description}" for r in result.conflict)
    if result.relaxations:
        out.append("smallest relaxations that restore a solution:")
        out.extend(
            f"  drop {', '.join(r.drop)}: {r.description}"
            + (f" (to {r.to})" if r.to is not None and str(r.to) not in r.description else "")
            for r in result.relaxations
        )
    return "\n".join(out)


def add_ons(result: AddOns, catalog: Catalog) -> str:
    cur = catalog.currency
    names = {p.sku: p.name for p in catalog.parts}
    head = f"piece of style {result.style_id or '?'} · {len(result.items)} add-on(s)"
    head += f" · {completeness(result.status)}"
    if not result.items:
        return "\n".join([head, "nothing fits:", *(f"  {r.code.value}: {r.message}" for r in result.reasons)])
    rows = [
        [
            a.slot,
            " + ".join(a.skus),
            " + ".join(names.get(s, s) for s in a.skus),
            money(a.price_cents, cur),
            money(a.evaluation.price.total_cents, cur),
        ]
        for a in result.items
    ]
    return head + "\n" + table(rows, ["slot", "skus", "name", "price", "piece total"], indent="  ")


def lint(result: LintReport, catalog: Catalog) -> str:
    out = [f"catalog v{catalog.version} · {completeness(result.status)}", "valid assemblies per style:"]
    out.append(
        table(
            [
                [c.style_id, f"{c.count:,}", "" if c.status.value == "complete" else "at least"]
                for c in result.style_counts
            ],
            indent="  ",
        )
    )
    if result.unreachable_styles:
        out.append("unreachable styles (no valid assembly): " + ", ".join(result.unreachable_styles))
    if result.dead_parts:
        if result.status.value == "complete":
            out.append(f"dead parts ({len(result.dead_parts)}: in no valid assembly):")
        else:
            out.append(
                f"parts not found in any valid assembly before the time limit ({len(result.dead_parts)}; "
                "not proven dead, try a longer --time-limit):"
            )
        out.append(table([[d.sku, d.kind, d.reason] for d in result.dead_parts], indent="  "))
    else:
        out.append("no dead parts")
    return "\n".join(out)
