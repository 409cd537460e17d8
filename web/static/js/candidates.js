// One slot's candidates as an accessible radio group (a checkbox group for a slot that holds
// several charms): available ones with "from €X", unavailable ones greyed with their reasons,
// shown on hover and on keyboard focus.

import { codeWords, el, label, money, reasonText } from "./format.js";
import { NONE } from "./selection.js";

let ids = 0;

// Parts a style does not take in this slot at all are not choices: they go in a closed list.
const outsideStyle = (candidate) =>
  candidate.status !== "AVAILABLE" && candidate.reasons.some((r) => r.code === "SELECTION" && / outside the style/.test(r.message));

function candidateItem(slot, candidate, { checked, suggested, multi, onChoose }) {
  const available = candidate.status === "AVAILABLE";
  const whyId = `why-${++ids}`;
  const colour = (candidate.part?.colour ?? "").toLowerCase();
  const reasons = candidate.reasons.map(reasonText);
  const item = el(
    "div",
    {
      role: multi ? "checkbox" : "radio",
      class: `candidate${available ? "" : " unavailable"}${suggested ? " suggested" : ""}`,
      tabindex: "-1",
      "aria-checked": checked ? "true" : "false",
      "aria-disabled": available ? "false" : "true",
      "aria-describedby": whyId,
      "data-value": candidate.value,
      "data-status": candidate.status,
      "data-min-total": candidate.minTotal?.amountCents ?? "",
      "data-reasons": candidate.reasons.map((r) => r.code).join(","),
    },
    el("span", { class: `swatch${colour ? ` colour-${colour}` : " colour-none"}`, "aria-hidden": "true" }),
    el("span", { class: "candidate-name", text: candidate.name || candidate.value }),
    el("span", {
      class: "candidate-price",
      text: available ? (candidate.minTotal ? `from ${money(candidate.minTotal.amountCents, candidate.minTotal.currency)}` : "") : codeWords(candidate.reasons[0]?.code ?? ""),
    }),
    el("span", { class: "why", id: whyId, role: "tooltip" },
      available
        ? `${candidate.value}${candidate.minTotal ? ` · the cheapest piece with it costs ${money(candidate.minTotal.amountCents)}` : ""}${suggested ? " · in the preview" : ""}`
        : reasons.join(" · ")),
  );
  const choose = () => {
    if (!available) return;
    onChoose(slot.slot, candidate.value);
  };
  item.addEventListener("click", choose);
  item.addEventListener("keydown", (event) => {
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      choose();
    }
  });
  return item;
}

// Arrow keys move focus within the group (focus shows an unavailable one's reasons too); Space
// or Enter chooses. One item in the group is in the tab order.
function roving(group) {
  const items = () => [...group.querySelectorAll("[role=radio],[role=checkbox]")];
  const all = items();
  const current = all.find((i) => i.getAttribute("aria-checked") === "true") ?? all.find((i) => i.getAttribute("aria-disabled") !== "true") ?? all[0];
  if (current) current.tabIndex = 0;
  group.addEventListener("keydown", (event) => {
    const keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: "first", End: "last" };
    if (!(event.key in keys)) return;
    const list = items().filter((i) => i.offsetParent !== null);
    const index = list.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    const move = keys[event.key];
    const next = move === "first" ? list[0] : move === "last" ? list[list.length - 1] : list[(index + move + list.length) % list.length];
    list.forEach((i) => (i.tabIndex = -1));
    next.tabIndex = 0;
    next.focus();
  });
}

export function renderSlot(slotOptions, styleSlot, design, example, empty, { onChoose, onClear }) {
  const name = slotOptions.slot;
  const multi = Boolean(styleSlot?.multi) || slotOptions.maxCount > 1;
  const headingId = `slot-${name}`;
  const inExample = new Set(example?.slots.find((s) => s.slot === name)?.values ?? []);
  const pick = design.picks.get(name);
  const shown = slotOptions.candidates.filter((c) => !outsideStyle(c));
  const hidden = slotOptions.candidates.filter(outsideStyle);
  const available = shown.filter((c) => c.status === "AVAILABLE").length;

  const heading = el("h3", { id: headingId },
    label(name),
    el("span", { class: "slot-count", text: ` ${available} of ${shown.length} available` }),
    multi ? el("span", { class: "slot-limit", text: ` · up to ${slotOptions.maxCount}` }) : null);
  const group = el("div", {
    role: multi ? "group" : "radiogroup",
    "aria-labelledby": headingId,
    class: "candidates",
    "data-slot": name,
  });
  if (!multi && slotOptions.minCount === 0) {
    const open = empty?.available ?? true;
    const whyId = `why-${++ids}`;
    const without = `without ${label(name).toLowerCase() === "plating" ? "plating" : `a ${label(name).toLowerCase()}`}`;
    const none = el("div", {
      role: "radio", class: `candidate none${open ? "" : " unavailable"}${!pick && example && !inExample.size && open ? " suggested" : ""}`, tabindex: "-1",
      "aria-checked": pick?.none ? "true" : "false", "aria-disabled": open ? "false" : "true", "aria-describedby": whyId,
      "data-value": NONE, "data-status": open ? "AVAILABLE" : "UNAVAILABLE", "data-min-total": empty?.minTotal?.amountCents ?? "",
    },
    el("span", { class: "swatch colour-none", "aria-hidden": "true" }),
    el("span", { class: "candidate-name", text: `No ${label(name).toLowerCase()}` }),
    el("span", { class: "candidate-price", text: open ? (empty?.minTotal ? `from ${money(empty.minTotal.amountCents, empty.minTotal.currency)}` : "") : "Needed" }),
    el("span", { class: "why", id: whyId, role: "tooltip" }, open
      ? `Leave it out${empty?.minTotal ? ` · the cheapest piece ${without} costs ${money(empty.minTotal.amountCents)}` : ""}`
      : `Needed: nothing can be made ${without} with your other choices`));
    const choose = () => {
      if (open) onChoose(name, NONE);
    };
    none.addEventListener("click", choose);
    none.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        choose();
      }
    });
    group.append(none);
  }
  for (const candidate of shown) {
    group.append(candidateItem(slotOptions, candidate, {
      checked: design.isPicked(name, candidate.value),
      suggested: !pick && inExample.has(candidate.value),
      multi,
      onChoose,
    }));
  }
  roving(group);

  const section = el("section", { class: `slot${pick ? " picked" : ""}`, "data-slot": name }, heading);
  if (pick) {
    section.append(el("button", {
      type: "button", class: "link clear", "data-clear": name, onclick: () => onClear(name),
      text: `Let us choose the ${label(name).toLowerCase()}`,
    }));
  }
  section.append(group);
  if (hidden.length) {
    section.append(el("details", { class: "outside" },
      el("summary", { text: `${hidden.length} other part${hidden.length === 1 ? "" : "s"} this style does not take here` }),
      el("ul", {}, hidden.map((c) => el("li", { text: `${c.name || c.value} — ${c.reasons.map(reasonText).join(" · ")}` })))));
  }
  return section;
}
