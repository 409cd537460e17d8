// The storefront's front page: every style, each drawn as its cheapest piece.

import { ASSEMBLY_FIELDS, drawable } from "./assembly.js";
import { drawPiece } from "./drawing.js";
import { el, errorBox, money } from "./format.js";
import { gql } from "./graphql.js";

const list = document.getElementById("styles");

const STYLES = `{ styles(first: 50) { nodes { handle name description } } }`;
const CHEAPEST = `query Cheapest($style: ID!) {
  assemblies(style: $style, first: 1) { nodes { ...AssemblyFields } } }
${ASSEMBLY_FIELDS}`;

async function start() {
  let styles;
  try {
    ({ styles } = await gql(STYLES));
  } catch (error) {
    list.replaceChildren(errorBox(error));
    list.setAttribute("aria-busy", "false");
    return;
  }
  const cards = styles.nodes.map((style) => {
    const picture = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    picture.setAttribute("viewBox", "0 0 400 380");
    picture.setAttribute("class", "thumb");
    picture.setAttribute("aria-hidden", "true");
    const from = el("p", { class: "from", text: " " });
    const card = el("a", { class: "style-card", href: `/styles/${encodeURIComponent(style.handle)}`, "data-style": style.handle },
      picture, el("h2", { text: style.name }), el("p", { text: style.description }), from);
    gql(CHEAPEST, { style: style.handle }).then(({ assemblies }) => {
      const cheapest = assemblies.nodes[0];
      if (!cheapest) return;
      const { parts, font } = drawable(cheapest);
      drawPiece(picture, parts, { text: "", font });
      from.textContent = `from ${money(cheapest.price.total.amountCents, cheapest.price.total.currency)}`;
    }).catch(() => {});
    return card;
  });
  list.replaceChildren(...cards);
  list.setAttribute("aria-busy", "false");
}

start();
