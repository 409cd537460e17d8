// The owner's page: the piece registered under an order reference (and its claim token), drawn,
// with the add-ons that fit it as it is; hovering or focusing an add-on draws it on the piece.

import { drawPiece } from "./drawing.js";
import { el, label, money, parseEuros, reasonText } from "./format.js";
import { gql, PART_FIELDS } from "./graphql.js";

const $ = (id) => document.getElementById(id);
const svg = $("drawing");

// The claim token is sent only when the owner typed one, so the page works with servers that do
// not know the argument yet (and with those that require it).
export function ownerQuery(withClaimToken) {
  const declare = withClaimToken ? ", $claimToken: String" : "";
  const argument = withClaimToken ? ", claimToken: $claimToken" : "";
  return `query Owner($orderReference: String!, $budgetCents: Int${declare}) {
  ownedPiece(orderReference: $orderReference${argument}) {
    orderReference skus catalogVersion parts { ${PART_FIELDS} } }
  addOns(piece: {orderReference: $orderReference${argument}}, budgetCents: $budgetCents, first: 30) {
    styleHandle complete
    style { name }
    items { slot skus price { amountCents currency } parts { ${PART_FIELDS} } }
    reasons { code message }
  } }`;
}

let owned = [];

// Servers from before claim tokens do not know the argument (and need none): ask once.
const CLAIMS = `{ __type(name: "Query") { fields { name args { name } } } }`;
let claimsKnown = null;
async function serverTakesClaimTokens() {
  if (claimsKnown === null) {
    const { __type: query } = await gql(CLAIMS);
    claimsKnown = query.fields.some((f) => f.name === "ownedPiece" && f.args.some((a) => a.name === "claimToken"));
  }
  return claimsKnown;
}

function draw(extra = [], slot = "") {
  const parts = [...owned, ...extra.map((p) => ({ ...p, slot: p.kind === "JUMP_RING" ? slot : p.slot }))];
  const caption = drawPiece(svg, parts, { highlight: extra.map((p) => p.sku) });
  $("drawing-caption").textContent = extra.length ? `With ${extra.filter((p) => p.kind !== "JUMP_RING").map((p) => p.name).join(", ")}` : caption;
}

// The add-on drawn on the piece: the one last hovered or focused, while it still is.
let hovered = null;
let focused = null;
let last = null;
function showAddOn() {
  const item = last && (last === hovered || last === focused) ? last : focused ?? hovered;
  if (item) draw(item.parts, `${item.slot.replace(/s$/, "")}_ring`);
  else draw();
}

function showPiece(piece, addOns) {
  hovered = focused = last = null;
  owned = piece.parts.map((p) => ({ ...p, slot: p.kind === "JUMP_RING" ? "clasp_ring" : p.kind.toLowerCase() }));
  // The first ring holds the clasp; any other ring is where the piece's charms or extender hang.
  const rings = owned.filter((p) => p.kind === "JUMP_RING");
  rings.slice(1).forEach((r) => { r.slot = owned.some((p) => p.kind === "EXTENDER") ? "extender_ring" : "charm_ring"; });
  $("owned").hidden = false;
  $("owned-heading").textContent = addOns.style?.name ? `Your ${addOns.style.name.toLowerCase()}` : "Your piece";
  $("owned-parts").replaceChildren(...piece.parts.map((p) => el("li", { "data-sku": p.sku },
    `${p.name} `, el("span", { class: "hint", text: p.sku }), p.status === "RETIRED" ? el("span", { class: "tag muted", text: "no longer sold" }) : null)));
  draw();

  const box = $("addons");
  if (!addOns.items.length) {
    box.replaceChildren(
      el("p", { text: "Nothing can be added to this piece within that budget." }),
      addOns.reasons.length ? el("ul", {}, addOns.reasons.map((r) => el("li", { text: reasonText(r) }))) : null,
    );
    return;
  }
  const items = addOns.items.map((item) => {
    const main = item.parts.filter((p) => p.kind !== "JUMP_RING");
    const ring = item.parts.find((p) => p.kind === "JUMP_RING");
    const row = el("li", {
      class: "addon", tabindex: "0", "data-skus": item.skus.join(","), "data-slot": item.slot,
      "data-price": item.price.amountCents,
    },
      el("span", { class: "addon-name", text: main.map((p) => p.name).join(", ") || item.skus.join(", ") }),
      el("span", { class: "addon-price", text: money(item.price.amountCents, item.price.currency) }),
      el("span", { class: "addon-slot", text: `${label(item.slot)}${ring ? ` · joined with ${ring.name.toLowerCase()}` : ""} · price includes the work` }));
    row.addEventListener("mouseenter", () => { hovered = item; last = item; showAddOn(); });
    row.addEventListener("focus", () => { focused = item; last = item; showAddOn(); });
    row.addEventListener("mouseleave", () => { if (hovered === item) hovered = null; showAddOn(); });
    row.addEventListener("blur", () => { if (focused === item) focused = null; showAddOn(); });
    return row;
  });
  box.replaceChildren(
    addOns.complete ? "" : el("p", { class: "notice warning", text: "The search was cut short: more add-ons may fit." }),
    el("ul", { class: "addon-list" }, items),
  );
}

async function lookUp(event) {
  event.preventDefault();
  const error = $("claim-error");
  error.textContent = "";
  const orderReference = $("order-reference").value.trim();
  const claimToken = $("claim-token").value.trim();
  const budgetCents = parseEuros($("owner-budget").value);
  if (!orderReference) {
    error.textContent = "Order reference: enter the reference printed on your receipt.";
    $("order-reference").setAttribute("aria-invalid", "true");
    $("order-reference").focus();
    return;
  }
  $("order-reference").removeAttribute("aria-invalid");
  if (Number.isNaN(budgetCents)) {
    error.textContent = "Budget: enter an amount in euros, like 30 or 29.90.";
    return;
  }
  const button = event.submitter ?? $("claim").querySelector("button");
  button.disabled = true;
  try {
    const sendClaim = Boolean(claimToken) && (await serverTakesClaimTokens());
    const variables = { orderReference, budgetCents };
    if (sendClaim) variables.claimToken = claimToken;
    const data = await gql(ownerQuery(sendClaim), variables);
    if (!data.ownedPiece) {
      $("owned").hidden = true;
      error.textContent = "No piece is registered under that order reference with that claim token.";
      return;
    }
    showPiece(data.ownedPiece, data.addOns);
    const params = new URLSearchParams({ order: orderReference });
    history.replaceState(null, "", `${location.pathname}?${params}`);
  } catch (failure) {
    $("owned").hidden = true;
    error.textContent = ["NOT_FOUND", "FORBIDDEN", "UNAUTHENTICATED"].includes(failure.code)
      ? "No piece is registered under that order reference with that claim token."
      : failure.message;
  } finally {
    button.disabled = false;
  }
}

$("claim").addEventListener("submit", lookUp);
const fromLink = new URLSearchParams(location.search).get("order");
if (fromLink) $("order-reference").value = fromLink;
