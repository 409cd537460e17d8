// The merchandiser's page: add, edit or retire a part, define a rule, see the impact of each save
// and the catalog's versions. The bearer token is typed once and kept in this tab's session storage.

import { el, label } from "./format.js";
import { gql, GraphQLError } from "./graphql.js";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "linkwise.merchandiserToken";
const TYPE_OF_KIND = { CHAIN: "Chain", CLASP: "Clasp", EXTENDER: "Extender", JUMP_RING: "JumpRing", CHARM: "Charm" };

const SCHEMA = `{ __schema { types { name kind enumValues { name }
  fields { name type { kind name ofType { kind name ofType { kind name } } } } } } }`;
const IMPACT = "impact { dead total reasons complete counts { styleHandle count complete } }";
const PART_PAYLOAD = `part { sku name kind status attributes } catalogVersion errors { field code message } ${IMPACT}`;
const DEFINE = `mutation Define($input: PartInput!) { definePart(input: $input) { ${PART_PAYLOAD} } }`;
const UPDATE = `mutation Update($sku: String!, $attributes: JSON!) { updatePart(sku: $sku, attributes: $attributes) { ${PART_PAYLOAD} } }`;
const RETIRE = `mutation Retire($sku: String!) { retirePart(sku: $sku) { ${PART_PAYLOAD} } }`;
const RULE = `mutation Rule($input: RuleInput!) { defineRule(input: $input) { rule { id } catalogVersion errors { field code message } } }`;
const REPORT = `{ catalogReport { catalogVersion complete unreachableStyles
  styleCounts { styleHandle count complete } deadParts { sku kind reason } } }`;
const HISTORY = `{ catalogVersions(first: 15) { version createdAt message partCount } }`;
const PART = `query Part($sku: String!) { part(sku: $sku) { sku name kind status attributes } }`;
// A new part starts as a copy of an active part of its kind that is in stock.
const TEMPLATE = `query Template($kind: PartKind!) {
  parts(kind: $kind, first: 1, filter: {status: ACTIVE, attributes: [{attribute: "stock", min: 1}]}) { nodes { attributes } } }`;
const SKUS = `query Skus($after: String) { parts(first: 100, after: $after) { nodes { sku name } pageInfo { hasNextPage endCursor } } }`;

let types = new Map(); // GraphQL type name → {kind, enumValues, fields}
let editing = null; // {mode: "new"|"edit", kind, original attributes}

const token = () => sessionStorage.getItem(TOKEN_KEY);
const authed = (query, variables) => gql(query, variables, { token: token() });

function showSignedIn() {
  const signedIn = Boolean(token());
  $("sign-in").hidden = signedIn;
  $("signed-in").hidden = !signedIn;
}

function refused(error) {
  if (error instanceof GraphQLError && ["UNAUTHENTICATED", "FORBIDDEN"].includes(error.code)) {
    return "The merchandiser token was refused. Enter it again above.";
  }
  return error.message || String(error);
}

// --- the part form, built from the part's own attributes and the schema's field types ----------

const FIELD_LABELS = { sku: "SKU", moq: "Minimum order (MOQ)", lead_time_days: "Lead time (days)", max_load_g: "Max load (g)" };

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

function fieldType(kind, key) {
  const type = types.get(TYPE_OF_KIND[kind]);
  let t = type?.fields?.find((f) => f.name === camel(key))?.type ?? null;
  let nullable = true;
  let list = false;
  while (t && (t.kind === "NON_NULL" || t.kind === "LIST")) {
    if (t.kind === "NON_NULL") nullable = false;
    if (t.kind === "LIST") list = true;
    t = t.ofType;
  }
  return { name: t?.name ?? null, kind: t?.kind ?? null, nullable, list };
}

function input(key, value, kind, readonly) {
  const id = `part-${key}`;
  const type = fieldType(kind, key);
  const errorId = `${id}-error`;
  let control;
  if (type.list || Array.isArray(value)) {
    control = el("input", { id, name: key, value: (value ?? []).join(", "), "data-type": "list" });
  } else if (type.name === "Money" || (value && typeof value === "object" && "amount_cents" in value)) {
    control = el("input", { id, name: key, type: "number", step: "0.01", inputmode: "decimal", value: value ? (value.amount_cents / 100).toFixed(2) : "", "data-type": "money", "data-currency": value?.currency ?? "EUR" });
  } else if (type.name === "Boolean" || typeof value === "boolean") {
    control = el("input", { id, name: key, type: "checkbox", checked: Boolean(value), "data-type": "boolean" });
  } else if (type.kind === "ENUM") {
    const values = types.get(type.name)?.enumValues?.map((v) => v.name.toLowerCase()) ?? [];
    control = el("select", { id, name: key, "data-type": "enum" },
      type.nullable ? el("option", { value: "", text: "—" }) : null,
      values.map((v) => el("option", { value: v, selected: v === value, text: label(v) })));
  } else if (["Float", "Int"].includes(type.name) || typeof value === "number" || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value) && key !== "sku")) {
    control = el("input", { id, name: key, type: "number", step: "any", value: value ?? "", "data-type": typeof value === "string" ? "decimal" : "number" });
  } else {
    control = el("input", { id, name: key, value: value ?? "", "data-type": "text", spellcheck: "false" });
  }
  if (readonly) control.setAttribute("readonly", "");
  control.setAttribute("aria-describedby", errorId);
  const text = FIELD_LABELS[key] ?? label(key).replace(/ mm$/, " (mm)").replace(/ g$/, " (g)").replace(/ um$/, " (µm)");
  const wrapper = el("div", { class: `field${control.dataset.type === "boolean" ? " check" : ""}`, "data-field": key });
  if (control.dataset.type === "boolean") wrapper.append(control, el("label", { for: id, text }));
  else wrapper.append(el("label", { for: id, text: control.dataset.type === "money" ? `${text} (€)` : text }), control);
  wrapper.append(el("span", { class: "field-error", id: errorId }));
  return wrapper;
}

function readForm() {
  const attributes = {};
  for (const control of $("part-fields").querySelectorAll("[data-type]")) {
    const raw = control.value.trim();
    const key = control.name;
    switch (control.dataset.type) {
      case "boolean": attributes[key] = control.checked; break;
      case "money": attributes[key] = raw === "" ? null : { amount_cents: Math.round(Number(raw) * 100), currency: control.dataset.currency }; break;
      case "number": attributes[key] = raw === "" ? null : Number(raw); break;
      case "decimal": attributes[key] = raw === "" ? null : raw; break;
      case "list": attributes[key] = raw === "" ? [] : raw.split(",").map((v) => v.trim()).filter(Boolean); break;
      case "enum": attributes[key] = raw === "" ? null : raw; break;
      default: attributes[key] = raw === "" ? null : raw;
    }
  }
  return attributes;
}

function openForm(mode, kind, attributes) {
  editing = { mode, kind, original: attributes };
  const fields = Object.entries(attributes).filter(([key]) => !["kind", "status"].includes(key));
  $("part-form-title").textContent = mode === "new" ? `New ${label(kind).toLowerCase()}` : `Edit ${attributes.sku}`;
  $("part-fields").replaceChildren(...fields.map(([key, value]) => input(key, value, kind, mode === "edit" && key === "sku")));
  $("part-form-error").textContent = "";
  $("retire-part").hidden = mode !== "edit" || attributes.status === "retired";
  $("save-part").textContent = mode === "new" ? "Add part" : "Save changes";
  $("part-form").hidden = false;
  $("part-fields").querySelector("input:not([readonly])")?.focus();
}

function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach((e) => (e.textContent = ""));
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
}

// Puts each error beside its field (`attributes.wire_mm`, `pairs[0].left`); others above the form.
function showErrors(form, errors, strip, formError) {
  clearErrors(form);
  const loose = [];
  for (const error of errors) {
    const path = (error.field ?? "").replace(strip, "");
    const candidates = [path, path.replace(/\[\d+\]/g, ""), path.split(".")[0].replace(/\[\d+\]/g, "")];
    const field = candidates.map((c) => form.querySelector(`[data-field="${CSS.escape(c)}"]`)).find(Boolean);
    if (field) {
      const message = field.querySelector(".field-error");
      message.textContent = [message.textContent, error.message].filter(Boolean).join(" ");
      field.querySelector("input, select, textarea")?.setAttribute("aria-invalid", "true");
    } else loose.push(`${error.field ?? "input"}: ${error.message}`);
  }
  formError.textContent = errors.length ? `Nothing was saved. ${loose.join(" ")}`.trim() : "";
  form.querySelector("[aria-invalid=true]")?.focus();
}

function showImpact(title, impact) {
  const box = $("impact");
  if (!impact) {
    box.replaceChildren(el("p", { text: title }));
    return;
  }
  box.replaceChildren(...[
    el("p", { "data-sku": impact.sku ?? "" }, el("strong", { text: title }), " ",
      impact.dead ? el("span", { class: "dead", "data-dead": "true", text: "Dead: in no valid piece." }) : el("span", { class: "alive", "data-dead": "false", text: `In ${BigInt(impact.total).toLocaleString("en-IE")} valid pieces.` })),
    impact.reasons.length ? el("ul", { class: "dead-reasons" }, impact.reasons.map((r) => el("li", { text: r }))) : null,
    el("table", { class: "impact-table" },
      el("thead", {}, el("tr", {}, el("th", { text: "Style" }), el("th", { class: "num", text: "Assemblies with it" }))),
      el("tbody", {}, impact.counts.map((c) => el("tr", { "data-style": c.styleHandle },
        el("td", { text: label(c.styleHandle) }), el("td", { class: "num", text: `${BigInt(c.count).toLocaleString("en-IE")}${c.complete ? "" : "+"}` }))))),
    impact.complete ? null : el("p", { class: "hint", text: "Counting was cut short: numbers marked + are lower bounds." }),
  ].filter(Boolean));
}

async function showReport(title) {
  $("impact").replaceChildren(el("p", { class: "status", text: `${title} Counting assemblies per style…` }));
  try {
    const { catalogReport: report } = await authed(REPORT);
    $("impact").replaceChildren(...[
      el("p", {}, el("strong", { text: title }), ` Catalog version ${report.catalogVersion}.`),
      el("table", { class: "impact-table" },
        el("thead", {}, el("tr", {}, el("th", { text: "Style" }), el("th", { class: "num", text: "Valid assemblies" }))),
        el("tbody", {}, report.styleCounts.map((c) => el("tr", { "data-style": c.styleHandle },
          el("td", { text: label(c.styleHandle) }), el("td", { class: "num", text: `${BigInt(c.count).toLocaleString("en-IE")}${c.complete ? "" : "+"}` }))))),
      report.unreachableStyles.length ? el("p", { class: "dead", text: `No valid piece at all: ${report.unreachableStyles.map(label).join(", ")}` }) : null,
      el("details", {}, el("summary", { text: `${report.deadParts.length} dead parts and why` }),
        el("ul", { class: "dead-parts" }, report.deadParts.map((d) => el("li", { text: `${d.sku}: ${d.reason}` })))),
    ].filter(Boolean));
  } catch (error) {
    $("impact").replaceChildren(el("p", { class: "form-error", text: refused(error) }));
  }
}

async function loadHistory() {
  try {
    const { catalogVersions } = await gql(HISTORY);
    $("history").replaceChildren(el("table", { class: "history" },
      el("thead", {}, el("tr", {}, el("th", { text: "Version" }), el("th", { text: "When" }), el("th", { text: "What" }), el("th", { class: "num", text: "Parts" }))),
      el("tbody", {}, catalogVersions.map((v) => el("tr", { "data-version": v.version },
        el("td", { text: `v${v.version}` }), el("td", { text: new Date(v.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) }),
        el("td", { text: v.message }), el("td", { class: "num", text: v.partCount }))))));
  } catch (error) {
    $("history").replaceChildren(el("p", { class: "form-error", text: error.message }));
  }
}

async function loadSkus() {
  const options = [];
  let after = null;
  for (let page = 0; page < 50; page += 1) {
    const { parts } = await gql(SKUS, { after });
    options.push(...parts.nodes.map((p) => el("option", { value: p.sku, text: p.name })));
    if (!parts.pageInfo.hasNextPage) break;
    after = parts.pageInfo.endCursor;
  }
  $("sku-list").replaceChildren(...options);
}

// A mutation's payload. When the API answered errors beside a payload that wrote a version (the
// write happened; only its impact could not be counted), that payload and the error as `trouble`.
async function mutate(query, variables, field) {
  try {
    return { payload: (await authed(query, variables))[field], trouble: null };
  } catch (error) {
    const payload = error instanceof GraphQLError ? error.data?.[field] : null;
    if (payload?.catalogVersion && payload.part) return { payload: { ...payload, impact: null }, trouble: error };
    throw error;
  }
}

// The impact box ends with the outcome of the latest action, never an earlier save's text.
function showTrouble(error) {
  $("impact").append(el("p", { class: "form-error", role: "alert", text: `Its impact could not be counted: ${refused(error)}` }));
}

function showRefusal(text) {
  $("impact").replaceChildren(el("p", { class: "form-error", role: "alert", text }));
}

async function savePart(event) {
  event.preventDefault();
  if (!editing) return;
  const form = $("part-form");
  const attributes = readForm();
  const button = $("save-part");
  button.disabled = true;
  $("impact").replaceChildren(el("p", { class: "status", text: "Saving and counting where it takes part…" }));
  try {
    let answer;
    if (editing.mode === "new") {
      answer = await mutate(DEFINE, { input: { kind: editing.kind, attributes } }, "definePart");
    } else {
      const changed = Object.fromEntries(Object.entries(attributes).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(editing.original[key] ?? null)));
      answer = await mutate(UPDATE, { sku: editing.original.sku, attributes: changed }, "updatePart");
    }
    const { payload, trouble } = answer;
    showErrors(form, payload.errors, /^attributes\./, $("part-form-error"));
    if (payload.errors.length) {
      showImpact("Nothing was saved: fix the fields marked in red.", null);
      return;
    }
    showImpact(`${payload.part.name} (${payload.part.sku}) saved as catalog version ${payload.catalogVersion}.`, payload.impact ? { ...payload.impact, sku: payload.part.sku } : null);
    if (trouble) showTrouble(trouble);
    openForm("edit", payload.part.kind, { ...payload.part.attributes, status: payload.part.status.toLowerCase() });
    loadHistory();
    loadSkus();
  } catch (error) {
    $("part-form-error").textContent = refused(error);
    showRefusal(`The save failed: ${refused(error)}`);
  } finally {
    button.disabled = false;
  }
}

async function retire() {
  if (!editing || editing.mode !== "edit") return;
  const sku = editing.original.sku;
  $("retire-part").disabled = true;
  $("part-form-error").textContent = "";
  $("impact").replaceChildren(el("p", { class: "status", text: `Retiring ${sku} and counting where it took part…` }));
  try {
    const { payload, trouble } = await mutate(RETIRE, { sku }, "retirePart");
    if (payload.errors.length) {
      const message = payload.errors.map((e) => e.message).join(" ");
      $("part-form-error").textContent = message;
      showRefusal(`${sku} was not retired: ${message}`);
      return;
    }
    showImpact(`${sku} retired in catalog version ${payload.catalogVersion}: no longer offered to shoppers; owned pieces keep it.`, payload.impact ? { ...payload.impact, sku } : null);
    if (trouble) showTrouble(trouble);
    $("retire-part").hidden = true;
    loadHistory();
  } catch (error) {
    $("part-form-error").textContent = refused(error);
    showRefusal(`Retiring ${sku} failed: ${refused(error)}`);
  } finally {
    $("retire-part").disabled = false;
  }
}

function parseValue(text) {
  const raw = text.trim();
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function saveRule(event) {
  event.preventDefault();
  const form = $("rule-form");
  const value = (id) => $(id).value.trim();
  const side = (which) => {
    const ref = { kind: value(`rule-${which}-kind`), attribute: value(`rule-${which}-attribute`) };
    if (value(`rule-${which}-option`)) ref.optionSlot = value(`rule-${which}-option`);
    return ref;
  };
  const lines = $("rule-pairs").value.split("\n").map((l) => l.trim()).filter(Boolean);
  const bad = lines.find((l) => !l.includes("="));
  if (bad !== undefined) {
    showErrors(form, [{ field: "pairs", code: "format", message: `“${bad}”: write each pair as left = right.` }], /^$/, $("rule-form-error"));
    return;
  }
  const input = {
    id: value("rule-id"),
    description: value("rule-description"),
    left: side("left"),
    right: side("right"),
    mode: value("rule-mode"),
    pairs: lines.map((l) => {
      const [left, ...right] = l.split("=");
      return { left: parseValue(left), right: parseValue(right.join("=")) };
    }),
  };
  const styles = value("rule-styles").split(",").map((s) => s.trim()).filter(Boolean);
  if (styles.length) input.styles = styles;
  try {
    const { defineRule: payload } = await authed(RULE, { input });
    showErrors(form, payload.errors, /^input\./, $("rule-form-error"));
    if (payload.errors.length) return;
    loadHistory();
    await showReport(`Rule ${payload.rule.id} saved as catalog version ${payload.catalogVersion}.`);
  } catch (error) {
    $("rule-form-error").textContent = refused(error);
  }
}

async function start() {
  showSignedIn();
  $("sign-in").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("token").value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    showSignedIn();
  });
  $("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignedIn();
  });
  $("part-form").addEventListener("submit", savePart);
  $("retire-part").addEventListener("click", retire);
  $("rule-form").addEventListener("submit", saveRule);
  // Each rule field gets a place for its own error, announced with the field.
  for (const field of $("rule-form").querySelectorAll("[data-field]")) {
    const control = field.querySelector("input, select, textarea");
    const message = el("span", { class: "field-error", id: `${control.id}-error` });
    field.append(message);
    control.setAttribute("aria-describedby", message.id);
  }
  $("new-part").addEventListener("click", async () => {
    const kind = $("new-kind").value;
    const { parts } = await gql(TEMPLATE, { kind });
    const template = { ...(parts.nodes[0]?.attributes ?? {}) };
    template.sku = "";
    template.name = "";
    openForm("new", kind, template);
  });
  $("load-part").addEventListener("click", async () => {
    const sku = $("edit-sku").value.trim();
    const { part } = await gql(PART, { sku });
    if (!part || part.kind === "PLATING") {
      $("part-form-error").textContent = part ? "Platings are edited through the API (definePlating)." : `No part has SKU ${sku}.`;
      $("part-form").hidden = false;
      $("part-fields").replaceChildren();
      return;
    }
    openForm("edit", part.kind, { ...part.attributes, status: part.status.toLowerCase() });
  });
  const { __schema: schema } = await gql(SCHEMA);
  types = new Map(schema.types.map((t) => [t.name, t]));
  const kinds = types.get("SlotKind")?.enumValues.map((v) => v.name) ?? [];
  for (const select of document.querySelectorAll(".kind-select")) {
    select.replaceChildren(...kinds.map((k) => el("option", { value: k, text: label(k) })));
  }
  document.body.dataset.ready = "true";
  loadHistory();
  loadSkus().catch(() => {});
}

start();
