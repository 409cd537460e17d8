// The storefront's style page: choose each slot in any order and see the piece drawn, priced and
// explained. Every answer comes from the public GraphQL API.

import { ASSEMBLY_FIELDS, buildSteps, drawable, leadTime, priceBreakdown } from "./assembly.js";
import { renderSlot } from "./candidates.js";
import { drawPiece } from "./drawing.js";
import { centsToEuroInput, el, errorBox, euroText, label, money, parseEuros } from "./format.js";
import { gql } from "./graphql.js";
import { Design } from "./selection.js";

const root = document.getElementById("configurator");
const handle = root.dataset.style;
const $ = (id) => document.getElementById(id);
const svg = $("drawing");

const STYLE = `query Style($handle: ID!) {
  style(id: $handle) { handle name description
    slots { name kind minCount maxCount optional multi values { code label } } } }`;

const OPTIONS = `query Options($style: ID!, $selection: SelectionInput) {
  options(style: $style, selection: $selection) {
    complete catalogVersion
    slots { slot kind minCount maxCount
      candidates { value name status minTotal { amountCents currency } reasons { code message }
        part { ... on PhysicalPart { colour } ... on Plating { colour } } } }
    example { ...AssemblyFields }
  } }
${ASSEMBLY_FIELDS}`;

const EXPLAIN = `query Explain($style: ID!, $selection: SelectionInput) {
  explain(style: $style, selection: $selection) {
    satisfiable complete conflict { name description } relaxations { drop description to } } }`;

const RECOMMEND = `query Recommend($style: ID!, $selection: SelectionInput, $budget: Int) {
  recommend(style: $style, selection: $selection, budgetCents: $budget, count: 4) {
    complete items { ...AssemblyFields } } }
${ASSEMBLY_FIELDS}`;

const RETIRED = `query Retired($skus: [String!]!) {
  parts(filter: {skus: $skus}, first: 100) { nodes { sku name status } } }`;

// "No extender" and the like are choices too: whether one can still be completed (and from what
// price) is asked as the best recommendation with that slot kept empty (cheapest first; much
// cheaper to answer than a page of assemblies under a budget), at most 8 per request (the API's
// limit on solver operations).
async function emptySlotChoices() {
  const slots = design.style.slots.filter((slot) => slot.minCount === 0 && !slot.multi);
  const found = new Map();
  for (let start = 0; start < slots.length; start += 8) {
    const chunk = slots.slice(start, start + 8);
    const variables = { style: handle, budget: design.budgetCents };
    chunk.forEach((slot, i) => {
      const selection = design.selection();
      selection.picks = selection.picks.filter((pick) => pick.slot !== slot.name).concat([{ slot: slot.name, exact: true }]);
      variables[`s${i}`] = selection;
    });
    const query = `query Empty($style: ID!, $budget: Int, ${chunk.map((_, i) => `$s${i}: SelectionInput`).join(", ")}) {
      ${chunk.map((_, i) => `e${i}: recommend(style: $style, selection: $s${i}, budgetCents: $budget, count: 1) { complete items { price { total { amountCents currency } } } }`).join("\n")} }`;
    const data = await gql(query, variables);
    chunk.forEach((slot, i) => {
      const answer = data[`e${i}`];
      const cheapest = answer.items[0]?.price.total ?? null;
      // An answer cut short that found nothing proves nothing: leave the choice open.
      found.set(slot.name, { available: Boolean(cheapest) || !answer.complete, minTotal: cheapest });
    });
  }
  return found;
}

let design;
let names = new Map(); // sku or option code → the name a shopper reads
let latest = 0; // answers to older requests are dropped: clicks may outrun the solver

function notice(text, kind = "info") {
  $("notices").append(el("p", { class: `notice ${kind}`, role: kind === "warning" ? "alert" : null, text }));
}

function syncURL() {
  history.replaceState(null, "", `${location.pathname}${design.toSearch()}`);
}

function syncForm() {
  $("budget").value = centsToEuroInput(design.budgetCents);
  $("deadline").value = design.deadlineDays ?? "";
  $("nickel-free").checked = design.nickelFree;
  $("text").value = design.text;
}

function requirementWords(name) {
  const [kind, slot] = name.split(":");
  if (kind === "budget") return `a budget of ${money(design.budgetCents)}`;
  if (kind === "deadline") return `ready within ${design.deadlineDays} days`;
  if (kind === "nickel_free") return "nickel-free";
  if (kind === "text") return `the name “${design.text}”`;
  if (kind === "quantity") return "the quantity";
  if (kind === "pick" && slot) {
    const pick = design.picks.get(slot);
    const what = pick?.none ? "none" : (pick?.skus ?? [pick?.option]).map((v) => names.get(v) ?? v).join(", ");
    return `${label(slot)}: ${what}`;
  }
  return label(name);
}

function relaxationWords(relaxation) {
  const drop = relaxation.drop;
  const to = relaxation.to === null || relaxation.to === undefined ? null : Number(relaxation.to);
  if (drop.length === 1 && drop[0] === "budget" && to !== null) return `Raise the budget to ${money(to)}`;
  if (drop.length === 1 && drop[0] === "deadline" && to !== null) return `Allow ${to} days`;
  return drop.map((name) => {
    const [kind, slot] = name.split(":");
    if (kind === "budget") return "Drop the budget";
    if (kind === "deadline") return "Drop the deadline";
    if (kind === "nickel_free") return "Allow nickel";
    if (kind === "text") return "Remove the name";
    if (kind === "pick" && slot) return `Let us choose the ${label(slot).toLowerCase()}`;
    return `Drop ${label(name).toLowerCase()}`;
  }).join(" and ");
}

function renderSummary(options) {
  const summary = $("summary");
  const example = options.example;
  // One short sentence for screen readers after each change, not the whole summary again.
  $("announce").textContent = example
    ? `Total ${money(example.price.total.amountCents, example.price.total.currency)}, ${leadTime(example.leadTimeDays).toLowerCase()}.`
    : "Nothing can be made with all of these requirements.";
  if (!example) {
    summary.replaceChildren(el("p", { class: "total", id: "total", "data-cents": "" }, "Nothing fits"));
    return;
  }
  const price = example.price;
  const chosen = el("ul", { class: "piece-parts" }, example.slots.filter((s) => s.values.length).map((s) =>
    el("li", { "data-slot": s.slot },
      el("span", { class: "part-slot", text: label(s.slot) }),
      el("span", { class: "part-name", text: s.parts.length ? s.parts.map((p) => p.name).join(", ") : s.values.map((v) => names.get(v) ?? label(v)).join(", ") }),
      design.picks.has(s.slot) ? el("span", { class: "tag", text: "your pick" }) : el("span", { class: "tag muted", text: "suggested" }))));
  summary.replaceChildren(...[
    el("p", { class: "total" }, el("span", { class: "total-label", text: options.complete ? "Total " : "Total so far " }),
      el("strong", { id: "total", "data-cents": price.total.amountCents, text: money(price.total.amountCents, price.total.currency) })),
    priceBreakdown(price),
    el("p", { class: "lead-time", id: "lead-time", "data-days": example.leadTimeDays, text: leadTime(example.leadTimeDays) }),
    example.warnings.length ? el("ul", { class: "warnings" }, example.warnings.map((w) => el("li", { text: w }))) : null,
    chosen,
    buildSteps(example.steps),
  ].filter(Boolean));
}

async function explain() {
  const box = $("explanation");
  box.replaceChildren(el("p", { class: "status", text: "Looking for what stands in the way…" }));
  try {
    const { explain: why } = await gql(EXPLAIN, { style: handle, selection: design.selection() });
    if (why.satisfiable) {
      box.replaceChildren(el("p", { text: "Something fits again: no explanation needed." }));
      return;
    }
    box.replaceChildren(
      el("h3", { text: "Why nothing fits" }),
      el("p", { text: "These requirements cannot all hold at once:" }),
      el("ul", { class: "conflict" }, why.conflict.map((r) => el("li", { "data-requirement": r.name, text: requirementWords(r.name) }))),
      why.relaxations.length ? el("p", { text: "Any one of these brings pieces back:" }) : el("p", { text: "Nothing we can relax brings a piece back." }),
      el("div", { class: "relaxations" }, why.relaxations.map((r) => el("button", {
        type: "button", class: "relaxation", "data-drop": r.drop.join(","), "data-to": r.to ?? "", title: euroText(r.description),
        onclick: () => {
          design.relax(r);
          syncForm();
          box.replaceChildren();
          refresh();
        },
      }, relaxationWords(r)))),
      why.complete ? null : el("p", { class: "hint", text: "The search was cut short; there may be more ways out." }),
    );
  } catch (error) {
    box.replaceChildren(errorBox(error));
  }
}

async function recommend() {
  const box = $("recommendations");
  box.replaceChildren(el("p", { class: "status", text: "Finding the best pieces…" }));
  try {
    const { recommend: found } = await gql(RECOMMEND, { style: handle, selection: design.selection(), budget: design.budgetCents });
    if (!found.items.length) {
      box.replaceChildren(el("p", { text: design.budgetCents === null ? "Nothing can be made with these choices." : `Nothing fits within ${money(design.budgetCents)} with these choices.` }));
      return;
    }
    const cards = found.items.map((item, i) => {
      const picture = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      picture.setAttribute("viewBox", "0 0 400 380");
      picture.setAttribute("class", "thumb");
      picture.setAttribute("aria-hidden", "true");
      const card = el("li", { class: "recommendation", "data-total": item.price.total.amountCents },
        picture,
        el("p", { class: "rec-total", text: money(item.price.total.amountCents) }),
        el("p", { class: "rec-parts", text: item.slots.filter((s) => s.parts.length).slice(0, 2).map((s) => s.parts[0].name).join(" · ") }),
        el("p", { class: "hint", text: leadTime(item.leadTimeDays) }),
        el("button", { type: "button", class: "secondary use", onclick: () => {
          design.adopt(item);
          box.replaceChildren();
          refresh();
          root.scrollIntoView({ behavior: "smooth" });
        } }, `Use design ${i + 1}`));
      const { parts, font } = drawable(item);
      queueMicrotask(() => drawPiece(picture, parts, { text: design.text, font }));
      return card;
    });
    box.replaceChildren(
      el("h3", { text: design.budgetCents === null ? "Our best pieces" : `Our best pieces within ${money(design.budgetCents)}` }),
      el("ul", { class: "recommendation-list" }, cards),
    );
  } catch (error) {
    box.replaceChildren(errorBox(error));
  }
}

async function refresh() {
  const ticket = ++latest;
  syncURL();
  $("slots").setAttribute("aria-busy", "true");
  root.classList.add("busy");
  let options;
  let empty;
  try {
    [{ options }, empty] = await Promise.all([
      gql(OPTIONS, { style: handle, selection: design.selection() }),
      emptySlotChoices(),
    ]);
  } catch (error) {
    if (ticket !== latest) return;
    root.classList.remove("busy");
    $("slots").replaceChildren(errorBox(error));
    $("slots").setAttribute("aria-busy", "false");
    root.dataset.ready = String(ticket);
    root.dataset.error = error.message;
    return;
  }
  delete root.dataset.error;
  if (ticket !== latest) return;
  root.classList.remove("busy");
  for (const slot of options.slots) for (const c of slot.candidates) names.set(c.value, c.name || c.value);
  const example = options.example;
  const { parts, font } = example ? drawable(example) : { parts: [], font: "" };
  const caption = example ? drawPiece(svg, parts, { text: design.text, font }) : drawPiece(svg, [], {});
  svg.dataset.state = example ? "piece" : "nothing-fits";
  if (getComputedStyle($("mini")).display !== "none") drawPiece($("mini-drawing"), parts, { text: design.text, font });
  $("mini-total").textContent = example ? money(example.price.total.amountCents, example.price.total.currency) : "Nothing fits";
  $("drawing-caption").textContent = example ? caption : "Nothing fits these choices yet.";
  renderSummary(options);

  const slotSections = options.slots.map((slotOptions) => renderSlot(slotOptions, design.slot(slotOptions.slot), design, example, empty.get(slotOptions.slot), {
    onChoose: (slot, value) => {
      design.choose(slot, value);
      refresh();
    },
    onClear: (slot) => {
      design.clear(slot);
      refresh();
    },
  }));
  const focused = document.activeElement?.closest?.("[data-slot]")?.dataset.slot;
  const focusedValue = document.activeElement?.dataset?.value;
  $("slots").replaceChildren(
    options.complete ? "" : el("p", { class: "notice warning", text: "This answer was cut short: some parts may be shown unavailable that are not." }),
    ...slotSections,
  );
  $("slots").setAttribute("aria-busy", "false");
  // Long lists scroll on their own: bring each slot's pick (or suggestion) into its list's view.
  for (const group of $("slots").querySelectorAll(".candidates")) {
    const shown = group.querySelector('[aria-checked="true"]') ?? group.querySelector(".suggested");
    if (shown) group.scrollTop = Math.max(0, shown.offsetTop - 6);
  }
  if (focused && focusedValue !== undefined) {
    $("slots").querySelector(`.candidates[data-slot="${CSS.escape(focused)}"] [data-value="${CSS.escape(focusedValue)}"]`)?.focus();
  }

  const box = $("explanation");
  if (!example) {
    box.replaceChildren(
      el("p", { class: "notice warning", text: "Nothing can be made with all of these requirements." }),
      el("button", { type: "button", id: "why-nothing", onclick: explain }, "Why does nothing fit?"),
    );
  } else if (box.querySelector("#why-nothing")) {
    box.replaceChildren();
  }
  root.dataset.ready = String(ticket);
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function wireRequirements() {
  $("mini").addEventListener("click", () => $("drawing").scrollIntoView({ behavior: "smooth", block: "center" }));
  const changed = debounce(() => {
    const budget = parseEuros($("budget").value);
    $("budget").setCustomValidity(Number.isNaN(budget) ? "Enter an amount in euros, like 60 or 59.90" : "");
    if (Number.isNaN(budget)) {
      $("budget").reportValidity();
      return;
    }
    const deadline = $("deadline").value.trim();
    design.budgetCents = budget;
    design.deadlineDays = deadline === "" ? null : Math.max(0, Math.floor(Number(deadline)));
    design.nickelFree = $("nickel-free").checked;
    design.text = $("text").value.trim();
    refresh();
  }, 350);
  for (const id of ["budget", "deadline", "text"]) $(id).addEventListener("input", changed);
  $("nickel-free").addEventListener("change", changed);
  $("requirements").addEventListener("submit", (event) => event.preventDefault());
  $("recommend").addEventListener("click", recommend);
  $("start-over").addEventListener("click", () => {
    design = new Design(design.style);
    syncForm();
    $("recommendations").replaceChildren();
    $("explanation").replaceChildren();
    $("notices").replaceChildren();
    refresh();
  });
  $("copy-link").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      $("copy-status").textContent = "Link copied.";
    } catch {
      $("copy-status").textContent = `Share this address: ${location.href}`;
    }
  });
}

// A shared link names SKUs; any that have since been retired are taken out and the shopper told.
async function dropRetired() {
  const skus = [...new Set(design.skus())].slice(0, 100);
  if (!skus.length) return;
  const { parts } = await gql(RETIRED, { skus });
  const found = new Map(parts.nodes.map((p) => [p.sku, p]));
  for (const sku of skus) {
    const part = found.get(sku);
    if (part && part.status === "ACTIVE") continue;
    for (const [slot, pick] of design.picks) {
      if (!pick.skus?.includes(sku)) continue;
      const rest = pick.skus.filter((s) => s !== sku);
      if (rest.length) design.picks.set(slot, { skus: rest });
      else design.picks.delete(slot);
    }
    notice(part ? `${part.name} (${sku}) has since been retired, so it was taken out of this design.` : `${sku} is no longer in the catalog, so it was taken out of this design.`, "warning");
  }
}

async function start() {
  let style;
  try {
    ({ style } = await gql(STYLE, { handle }));
  } catch (error) {
    $("slots").replaceChildren(errorBox(error));
    return;
  }
  if (!style) {
    $("style-name").textContent = "No such style";
    $("slots").replaceChildren(el("p", {}, "This style is not in the catalog. ", el("a", { href: "/", text: "See all styles" })));
    return;
  }
  document.title = `${style.name} · Linkwise`;
  $("style-name").textContent = style.name;
  $("style-description").textContent = style.description;
  const nameplate = style.slots.some((s) => s.name.includes("nameplate"));
  $("text-field").hidden = !nameplate;
  design = Design.fromURL(style, location.search);
  const restored = design.picks.size > 0 || design.budgetCents !== null || design.text;
  try {
    await dropRetired();
  } catch (error) {
    $("notices").append(errorBox(error));
  }
  if (restored) notice("Restored the design from your link.");
  syncForm();
  wireRequirements();
  await refresh();
}

start();
