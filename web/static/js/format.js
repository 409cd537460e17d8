// Human-readable money, labels and reasons.

const euros = new Map();

export function money(cents, currency = "EUR") {
  if (cents === null || cents === undefined) return "";
  if (!euros.has(currency)) {
    euros.set(currency, new Intl.NumberFormat("en-IE", { style: "currency", currency }));
  }
  return euros.get(currency).format(cents / 100);
}

// `clasp_ring` → `Clasp ring`; `CLIP_CARRIER` → `Clip carrier`.
export function label(name) {
  const words = String(name).replace(/[_-]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const CODE_WORDS = {
  RING_PASSES_OPENING: "Ring does not pass",
  RING_HOLDS_PARTS: "Ring too small",
  CLASP_HOOKS_LINK: "Clasp cannot hook",
  CHARM_FITS_CARRIER: "Does not fit the chain",
  LOAD_WITHIN_LIMITS: "Too heavy",
  CHARM_CAPACITY: "No room left",
  LENGTH_IN_RANGE: "Wrong length",
  PLATING_ON_METAL: "Cannot be plated",
  PLATABLE_TOGETHER: "Cannot be plated",
  FINISH_MATCH: "Finish does not match",
  GALVANIC: "Metals would corrode",
  NICKEL_FREE: "Contains nickel",
  QUANTITY_AVAILABLE: "Out of stock",
  MOQ: "Minimum order",
  LEAD_TIME: "Too slow for your date",
  BUDGET: "Over budget",
  RETIRED: "No longer sold",
  SLOT_COUNT: "Not allowed here",
  COMPATIBILITY_TABLE: "Not offered together",
  TEXT_FITS: "Name does not fit",
  SELECTION: "Not part of this style",
};

export function codeWords(code) {
  return CODE_WORDS[code] ?? label(code);
}

// The API counts money in cents in its sentences; shoppers read euros.
export function euroText(message, currency = "EUR") {
  return String(message)
    .replace(/(\d+) cents? budget/g, (_, c) => `${money(Number(c), currency)} budget`)
    .replace(/(\d+) cents?/g, (_, c) => money(Number(c), currency));
}

export function reasonText(reason) {
  return `${codeWords(reason.code)}: ${euroText(reason.message)}`;
}

// Euros typed by a person ("58.92", "58,92") → cents, or null when empty.
export function parseEuros(text) {
  const raw = String(text ?? "").trim().replace(",", ".");
  if (!raw) return null;
  const amount = Number(raw);
  if (!Number.isFinite(amount) || amount < 0) return NaN;
  return Math.round(amount * 100);
}

export function centsToEuroInput(cents) {
  return cents === null || cents === undefined ? "" : (cents / 100).toFixed(2);
}

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function errorBox(error) {
  return el("p", { class: "form-error", role: "alert", text: error.message || String(error) });
}
