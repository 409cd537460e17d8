// What the pages ask about a complete piece, and how they show its price and steps.

import { el, label, money } from "./format.js";

export const ASSEMBLY_FIELDS = `
fragment AssemblyFields on Assembly {
  skus leadTimeDays valid warnings
  steps { action detail }
  price { total { amountCents currency } parts { amountCents } plating { amountCents }
          labour { amountCents } engraving { amountCents } options { amountCents } }
  slots { slot values parts { sku name kind status attributes } }
}`;

const FONTS = new Set(["script", "block", "old_english"]);

// The drawing's input: every part with the slot it fills, and the engraving font if one is chosen.
export function drawable(assembly) {
  const parts = assembly.slots.flatMap((s) => s.parts.map((p) => ({ ...p, slot: s.slot })));
  const font = assembly.slots.flatMap((s) => (s.parts.length ? [] : s.values)).find((v) => FONTS.has(v)) ?? "";
  return { parts, font };
}

export function leadTime(days) {
  if (days === 0) return "Ready to ship (all in stock)";
  return `Ready in ${days} day${days === 1 ? "" : "s"}`;
}

export function priceBreakdown(price) {
  const rows = [
    ["Parts", price.parts], ["Plating", price.plating], ["Labour", price.labour],
    ["Engraving", price.engraving], ["Options", price.options],
  ].filter(([, m], i) => i === 0 || m.amountCents);
  return el("dl", { class: "breakdown" }, rows.flatMap(([name, m]) => [el("dt", { text: name }), el("dd", { text: money(m.amountCents) })]));
}

export function buildSteps(steps) {
  return el("details", { class: "steps" },
    el("summary", { text: `How it is made (${steps.length} steps)` }),
    el("ol", {}, steps.map((s) => el("li", {}, el("strong", { text: label(s.action) }), ` ${s.detail}`))));
}
