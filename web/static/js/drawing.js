// An SVG drawing of an assembled piece: the chain at its length and in its style, the clasp by type,
// the extender, the jump rings, charms hung in place and a nameplate in its font, all in the colour
// of the plating (or of the metal when unplated). The root <svg> carries data-* attributes that say
// what is drawn, so a test (or a screen reader's description) can read the piece back.

const SVG = "http://www.w3.org/2000/svg";
const MM = 0.75; // px per mm along the chain: the drawing keeps lengths comparable between pieces
const SMALL = 1.8; // px per mm for clasps, rings and charms, which would be specks at chain scale
const TOP = 46;
const CENTRE = 200;

const PALETTE = {
  silver: { fill: "#e4e7ec", stroke: "#6b7380", shine: "#ffffff" },
  yellow: { fill: "#f2d27a", stroke: "#8a6410", shine: "#fff4c9" },
  rose: { fill: "#f2bfae", stroke: "#96503e", shine: "#ffe6dd" },
};
const PLATING_COLOUR = { rhodium: "silver", yellow_gold: "yellow", rose_gold: "rose" };
const ENAMEL = "#2f5f9e";

function node(tag, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(key, String(value));
  }
  if (parent) parent.append(element);
  return element;
}

const kindOf = (part) => String(part.kind || "").toUpperCase();
const attr = (part, name, fallback = null) => (part?.attributes && part.attributes[name] != null ? part.attributes[name] : fallback);

// The colour a shopper would see: the plating's, else the part's own.
export function pieceColour(parts) {
  const plating = parts.find((p) => kindOf(p) === "PLATING");
  if (plating) return PLATING_COLOUR[attr(plating, "material")] ?? attr(plating, "colour", "silver");
  const chain = parts.find((p) => kindOf(p) === "CHAIN");
  return attr(chain, "colour", "silver");
}

// A hanging curve between the two ends whose length matches the chain's (bisection on the depth).
function curveFor(lengthPx) {
  const half = Math.min(85, lengthPx * 0.24);
  const x0 = CENTRE - half;
  const x1 = CENTRE + half;
  const points = (depth) => {
    const p = [];
    for (let i = 0; i <= 160; i += 1) {
      const t = i / 160;
      const u = 1 - t;
      const cx0 = x0 - half * 0.35;
      const cx1 = x1 + half * 0.35;
      const x = u * u * u * x0 + 3 * u * u * t * cx0 + 3 * u * t * t * cx1 + t * t * t * x1;
      const y = u * u * u * TOP + 3 * u * u * t * (TOP + depth) + 3 * u * t * t * (TOP + depth) + t * t * t * TOP;
      p.push([x, y]);
    }
    return p;
  };
  const measure = (p) => p.slice(1).reduce((sum, q, i) => sum + Math.hypot(q[0] - p[i][0], q[1] - p[i][1]), 0);
  let low = 0;
  let high = 1200;
  for (let i = 0; i < 40; i += 1) {
    const mid = (low + high) / 2;
    if (measure(points(mid)) < lengthPx) low = mid;
    else high = mid;
  }
  const p = points(low);
  const cumulative = [0];
  for (let i = 1; i < p.length; i += 1) cumulative.push(cumulative[i - 1] + Math.hypot(p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]));
  const total = cumulative[cumulative.length - 1];
  // Point and direction (degrees) at a distance along the curve.
  const at = (distance) => {
    const d = Math.max(0, Math.min(total, distance));
    let i = 1;
    while (i < p.length - 1 && cumulative[i] < d) i += 1;
    const span = cumulative[i] - cumulative[i - 1] || 1;
    const f = (d - cumulative[i - 1]) / span;
    const x = p[i - 1][0] + (p[i][0] - p[i - 1][0]) * f;
    const y = p[i - 1][1] + (p[i][1] - p[i - 1][1]) * f;
    const angle = (Math.atan2(p[i][1] - p[i - 1][1], p[i][0] - p[i - 1][0]) * 180) / Math.PI;
    return { x, y, angle };
  };
  const d = `M ${p.map((q) => `${q[0].toFixed(1)} ${q[1].toFixed(1)}`).join(" L ")}`;
  return { d, at, total, x0, x1 };
}

// One link shape per chain style, drawn along the curve.
function drawLinks(group, curve, style, widthMm, colour) {
  const size = Math.max(2.6, Math.min(8, 2 + widthMm * 2.2));
  const c = PALETTE[colour] ?? PALETTE.silver;
  const stroke = { stroke: c.stroke, "stroke-width": Math.max(0.8, size * 0.28), fill: "none" };
  const place = (distance, draw) => {
    const { x, y, angle } = curve.at(distance);
    const g = node("g", { transform: `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(${angle.toFixed(1)})` }, group);
    draw(g);
  };
  const every = (step, draw) => {
    let i = 0;
    for (let s = step / 2; s < curve.total; s += step, i += 1) {
      const index = i;
      place(s, (g) => draw(g, index));
    }
  };
  switch (style) {
    case "curb":
      every(size * 1.05, (g, i) => node("ellipse", { rx: size * 0.75, ry: size * 0.45, transform: `rotate(${i % 2 ? 22 : -22})`, fill: c.fill, ...stroke }, g));
      break;
    case "box":
      every(size * 1.15, (g) => node("rect", { x: -size / 2, y: -size / 2, width: size, height: size, fill: c.fill, ...stroke }, g));
      break;
    case "rope":
      node("path", { d: curve.d, stroke: c.fill, "stroke-width": size * 1.2, fill: "none", "stroke-linecap": "round" }, group);
      every(size * 0.55, (g) => node("line", { x1: -size * 0.35, y1: -size * 0.55, x2: size * 0.35, y2: size * 0.55, ...stroke }, g));
      break;
    case "figaro":
      every(size * 1.25, (g, i) => {
        const long = i % 4 === 3;
        node("ellipse", { rx: long ? size * 1.1 : size * 0.55, ry: size * 0.4, fill: "none", ...stroke }, g);
      });
      break;
    case "snake":
      node("path", { d: curve.d, stroke: c.stroke, "stroke-width": size * 1.1, fill: "none", "stroke-linecap": "round" }, group);
      node("path", { d: curve.d, stroke: c.fill, "stroke-width": size * 0.75, fill: "none", "stroke-dasharray": `${size * 0.3} ${size * 0.25}` }, group);
      break;
    case "paperclip":
      every(size * 2.7, (g) => node("rect", { x: -size * 1.25, y: -size * 0.38, width: size * 2.5, height: size * 0.76, rx: size * 0.38, fill: "none", ...stroke }, g));
      break;
    case "ball":
      node("path", { d: curve.d, stroke: c.stroke, "stroke-width": 0.8, fill: "none" }, group);
      every(size * 1.3, (g) => node("circle", { r: size * 0.5, fill: c.fill, ...stroke }, g));
      break;
    case "herringbone":
      node("path", { d: curve.d, stroke: c.fill, "stroke-width": size * 1.3, fill: "none" }, group);
      every(size * 0.6, (g) => node("path", { d: `M ${-size * 0.3} ${-size * 0.55} L ${size * 0.2} 0 L ${-size * 0.3} ${size * 0.55}`, ...stroke }, g));
      break;
    case "clip_carrier":
      node("path", { d: curve.d, stroke: c.stroke, "stroke-width": size * 2.2, fill: "none", "stroke-linecap": "round" }, group);
      node("path", { d: curve.d, stroke: c.fill, "stroke-width": size * 1.6, fill: "none", "stroke-linecap": "round" }, group);
      break;
    default: // cable: round links, alternately seen flat and edge-on
      every(size * 1.2, (g, i) =>
        i % 2
          ? node("line", { x1: -size * 0.8, y1: 0, x2: size * 0.8, y2: 0, ...stroke, "stroke-linecap": "round" }, g)
          : node("ellipse", { rx: size * 0.8, ry: size * 0.5, ...stroke }, g),
      );
  }
}

function ring(parent, x, y, part, colour, role) {
  const c = PALETTE[colour] ?? PALETTE.silver;
  const inner = Number(attr(part, "inner_diameter_mm", 3));
  const r = Math.max(2.5, Math.min(6, (inner / 2) * SMALL + 1));
  return node("circle", {
    cx: x.toFixed(1), cy: y.toFixed(1), r, fill: "none", stroke: c.stroke, "stroke-width": 1.4,
    "data-part": "jump_ring", "data-sku": part?.sku ?? "", "data-role": role, class: "ring",
  }, parent);
}

function drawClasp(parent, x, y, clasp, colour) {
  const c = PALETTE[colour] ?? PALETTE.silver;
  const type = attr(clasp, "clasp_type", "lobster");
  const length = Math.max(10, Number(attr(clasp, "length_mm", 10)) * SMALL);
  const g = node("g", { "data-part": "clasp", "data-sku": clasp.sku, "data-clasp-type": type, transform: `translate(${x.toFixed(1)} ${y.toFixed(1)}) rotate(-35)` }, parent);
  const style = { fill: c.fill, stroke: c.stroke, "stroke-width": 1.4 };
  switch (type) {
    case "spring_ring":
      node("circle", { cx: -length * 0.45, cy: 0, r: length * 0.4, ...style, fill: "none", "stroke-width": 2.2 }, g);
      node("rect", { x: -length * 0.55, y: -length * 0.55, width: length * 0.2, height: length * 0.18, ...style }, g);
      break;
    case "toggle":
      node("circle", { cx: -length * 0.5, cy: 0, r: length * 0.45, ...style, fill: "none", "stroke-width": 2.6 }, g);
      node("rect", { x: -length * 1.4, y: -2, width: length * 0.35, height: 4, rx: 2, ...style }, g);
      break;
    case "box":
      node("rect", { x: -length, y: -length * 0.3, width: length, height: length * 0.6, rx: 1.5, ...style }, g);
      node("rect", { x: -length * 1.2, y: -length * 0.12, width: length * 0.25, height: length * 0.24, ...style }, g);
      break;
    case "hook":
      node("path", { d: `M 0 0 C ${-length * 0.4} 0 ${-length * 0.9} ${-length * 0.1} ${-length} ${length * 0.25} C ${-length * 1.05} ${length * 0.45} ${-length * 0.75} ${length * 0.5} ${-length * 0.6} ${length * 0.3}`, fill: "none", stroke: c.stroke, "stroke-width": 2.4, "stroke-linecap": "round" }, g);
      break;
    case "magnetic":
      node("rect", { x: -length, y: -length * 0.22, width: length * 0.48, height: length * 0.44, rx: length * 0.2, ...style }, g);
      node("rect", { x: -length * 0.5, y: -length * 0.22, width: length * 0.48, height: length * 0.44, rx: length * 0.2, ...style }, g);
      node("line", { x1: -length * 0.51, y1: -length * 0.22, x2: -length * 0.51, y2: length * 0.22, stroke: "#444", "stroke-width": 1 }, g);
      break;
    default: // lobster: a teardrop body with a spring gate
      node("path", { d: `M 0 0 C ${-length * 0.3} ${-length * 0.45} ${-length} ${-length * 0.45} ${-length} 0 C ${-length} ${length * 0.42} ${-length * 0.3} ${length * 0.42} 0 0 Z`, ...style }, g);
      node("path", { d: `M ${-length * 0.25} ${-length * 0.12} L ${-length * 0.7} ${-length * 0.14}`, stroke: c.stroke, "stroke-width": 1.2 }, g);
      node("circle", { cx: -length * 0.05, cy: 0, r: 2.2, fill: "none", stroke: c.stroke, "stroke-width": 1.2 }, g);
  }
  return g;
}

function drawExtender(parent, x, y, extender, colour) {
  const c = PALETTE[colour] ?? PALETTE.silver;
  const lengthMm = Number(attr(extender, "length_mm", 50));
  const lengthPx = lengthMm * MM;
  const g = node("g", { "data-part": "extender", "data-sku": extender.sku, "data-length-mm": lengthMm }, parent);
  // It hangs outward from the far end, clear of the chain, ending in a drop.
  const step = 4.2;
  const dx = Math.sin(0.5);
  const dy = Math.cos(0.5);
  for (let s = 0, i = 0; s < lengthPx; s += step, i += 1) {
    const xx = x + s * dx;
    const yy = y + s * dy;
    const t = `rotate(${(-0.5 * 180) / Math.PI} ${xx.toFixed(1)} ${yy.toFixed(1)})`;
    if (i % 2) node("line", { x1: xx, y1: yy - 1.8, x2: xx, y2: yy + 1.8, transform: t, stroke: c.stroke, "stroke-width": 1.1 }, g);
    else node("ellipse", { cx: xx, cy: yy, rx: 1.5, ry: 2.4, transform: t, fill: "none", stroke: c.stroke, "stroke-width": 1 }, g);
  }
  node("circle", { cx: x + (lengthPx + 4) * dx, cy: y + (lengthPx + 4) * dy, r: 3.2, fill: c.fill, stroke: c.stroke, "stroke-width": 1 }, g);
  return g;
}

function charmShape(g, charm, colour, size) {
  const c = PALETTE[colour] ?? PALETTE.silver;
  const enamel = attr(charm, "enamel", false);
  const style = { fill: enamel ? ENAMEL : c.fill, stroke: c.stroke, "stroke-width": 1.3 };
  const name = `${charm.name ?? ""} ${charm.sku ?? ""}`.toLowerCase();
  const s = size;
  if (name.includes("heart")) {
    node("path", { d: `M 0 ${s * 0.95} C ${-s * 0.95} ${s * 0.35} ${-s * 0.7} ${-s * 0.25} 0 ${s * 0.15} C ${s * 0.7} ${-s * 0.25} ${s * 0.95} ${s * 0.35} 0 ${s * 0.95} Z`, ...style }, g);
  } else if (name.includes("star")) {
    const pts = [];
    for (let i = 0; i < 10; i += 1) {
      const r = i % 2 ? s * 0.22 : s * 0.5;
      const a = (Math.PI / 5) * i - Math.PI / 2;
      pts.push(`${(Math.cos(a) * r).toFixed(1)},${(s * 0.5 + Math.sin(a) * r).toFixed(1)}`);
    }
    node("polygon", { points: pts.join(" "), ...style }, g);
  } else if (name.includes("moon") || name.includes("crescent")) {
    node("path", { d: `M ${s * 0.1} 0 A ${s * 0.48} ${s * 0.48} 0 1 0 ${s * 0.1} ${s} A ${s * 0.36} ${s * 0.36} 0 1 1 ${s * 0.1} 0 Z`, ...style }, g);
  } else if (name.includes("clover") || name.includes("flower") || name.includes("daisy")) {
    for (let i = 0; i < 4; i += 1) {
      const a = (Math.PI / 2) * i;
      node("circle", { cx: (Math.cos(a) * s * 0.22).toFixed(1), cy: (s * 0.5 + Math.sin(a) * s * 0.22).toFixed(1), r: s * 0.22, ...style }, g);
    }
  } else if (name.includes("anchor") || name.includes("cross")) {
    node("path", { d: `M 0 0 L 0 ${s} M ${-s * 0.32} ${s * 0.3} L ${s * 0.32} ${s * 0.3}`, stroke: c.stroke, "stroke-width": 3, fill: "none", "stroke-linecap": "round" }, g);
  } else {
    node("circle", { cx: 0, cy: s * 0.5, r: s * 0.45, ...style }, g);
    const initial = /initial\s+([a-z])\b/.exec(name) || /init-([a-z])-/.exec(name);
    if (initial) {
      node("text", { x: 0, y: s * 0.5, "text-anchor": "middle", "dominant-baseline": "central", "font-size": s * 0.55, "font-family": "Georgia, serif", fill: c.stroke }, g).textContent = initial[1].toUpperCase();
    }
  }
}

const FONT = {
  script: { family: "'Brush Script MT', 'Segoe Script', 'URW Chancery L', cursive", style: "italic", weight: 400, upper: false },
  block: { family: "'Arial Black', 'DejaVu Sans', Helvetica, sans-serif", style: "normal", weight: 800, upper: true },
  old_english: { family: "'Old English Text MT', 'UnifrakturMaguntia', 'URW Chancery L', serif", style: "normal", weight: 700, upper: false },
};

function drawNameplate(parent, x, y, plate, colour, text, font) {
  const c = PALETTE[colour] ?? PALETTE.silver;
  const f = FONT[font] ?? FONT.script;
  const shown = text ? (f.upper ? text.toUpperCase() : text) : "Your name";
  const width = Math.max(54, shown.length * 12 + 18);
  const g = node("g", { "data-part": "nameplate", "data-sku": plate.sku, "data-text": text ?? "", "data-font": font ?? "" }, parent);
  node("rect", { x: x - width / 2, y, width, height: 30, rx: 8, fill: c.fill, stroke: c.stroke, "stroke-width": 1.4 }, g);
  const label = node("text", {
    x, y: y + 16, "text-anchor": "middle", "dominant-baseline": "central", "font-size": 18,
    "font-family": f.family, "font-style": f.style, "font-weight": f.weight, fill: text ? c.stroke : "#8a8f98",
  }, g);
  label.textContent = shown;
  return g;
}

const isNameplate = (part) => kindOf(part) === "CHARM" && attr(part, "nameplate", false);
const sitsOnChain = (part) => ["clip", "slide_bail", "screw"].includes(attr(part, "connector"));

// Draws `parts` (each {sku, name, kind, attributes, slot?}) into the <svg>. `highlight` names SKUs
// to show as just added (the owner's add-on on hover). Returns a one-line description.
export function drawPiece(svg, parts, { text = "", font = "", highlight = [] } = {}) {
  const keep = svg.querySelector("title");
  svg.replaceChildren(...(keep ? [keep] : []));
  const highlighted = new Set(highlight);
  const colour = pieceColour(parts);
  const chain = parts.find((p) => kindOf(p) === "CHAIN");
  const clasp = parts.find((p) => kindOf(p) === "CLASP");
  const extender = parts.find((p) => kindOf(p) === "EXTENDER");
  const plating = parts.find((p) => kindOf(p) === "PLATING");
  const rings = parts.filter((p) => kindOf(p) === "JUMP_RING");
  const charms = parts.filter((p) => kindOf(p) === "CHARM");
  const plates = charms.filter(isNameplate);
  const dangles = charms.filter((p) => !isNameplate(p) && !sitsOnChain(p));
  const beads = charms.filter((p) => !isNameplate(p) && sitsOnChain(p));

  const data = {
    "data-chain-sku": chain?.sku ?? "",
    "data-chain-style": attr(chain, "chain_style", ""),
    "data-length-mm": attr(chain, "length_mm", ""),
    "data-clasp-sku": clasp?.sku ?? "",
    "data-clasp-type": attr(clasp, "clasp_type", ""),
    "data-extender-sku": extender?.sku ?? "",
    "data-extender-mm": attr(extender, "length_mm", ""),
    "data-colour": colour,
    "data-plating": plating?.sku ?? "",
    "data-charm-count": String(charms.length - plates.length),
    "data-charms": charms.filter((p) => !isNameplate(p)).map((p) => p.sku).join(","),
    "data-ring-count": String(rings.length),
    "data-nameplate": plates[0]?.sku ?? "",
    "data-text": plates.length ? text ?? "" : "",
    "data-font": plates.length ? font ?? "" : "",
    "data-highlight": [...highlighted].join(","),
    "data-skus": parts.map((p) => p.sku).join(","),
  };
  for (const [key, value] of Object.entries(data)) svg.setAttribute(key, value);

  if (!chain) {
    svg.setAttribute("viewBox", "0 0 400 300");
    node("text", { x: CENTRE, y: 150, "text-anchor": "middle", class: "drawing-empty", fill: "#4a515d", "font-size": 16 }, svg).textContent = "Nothing to draw yet";
    return "Nothing to draw yet";
  }

  const palette = PALETTE[colour] ?? PALETTE.silver;
  const ringFor = (role) => {
    const bySlot = rings.find((r) => String(r.slot ?? "").startsWith(role));
    return bySlot ?? null;
  };
  const curve = curveFor(Number(attr(chain, "length_mm", 450)) * MM);
  const chainGroup = node("g", { "data-part": "chain", "data-sku": chain.sku, class: highlighted.has(chain.sku) ? "highlight" : null }, svg);
  drawLinks(chainGroup, curve, attr(chain, "chain_style", "cable"), Number(attr(chain, "width_mm", 1.2)), colour);

  const hardware = node("g", { "data-part": "hardware" }, svg);
  const leftEnd = curve.at(0);
  const rightEnd = curve.at(curve.total);
  const claspRing = ringFor("clasp") ?? rings[0] ?? null;
  if (clasp) {
    ring(hardware, leftEnd.x - 3, leftEnd.y - 2, claspRing, colour, "clasp");
    const g = drawClasp(hardware, leftEnd.x - 7, leftEnd.y - 5, clasp, colour);
    if (highlighted.has(clasp.sku)) g.classList.add("highlight");
  }
  // The far end link the clasp hooks, and the extender hanging from it.
  node("ellipse", { cx: rightEnd.x + 3, cy: rightEnd.y - 1, rx: 3.2, ry: 4.2, fill: "none", stroke: palette.stroke, "stroke-width": 1.6 }, hardware);
  if (extender) {
    const extenderRing = ringFor("extender") ?? rings.find((r) => r !== claspRing) ?? null;
    ring(hardware, rightEnd.x + 6, rightEnd.y + 3, extenderRing, colour, "extender");
    const g = drawExtender(hardware, rightEnd.x + 6, rightEnd.y + 8, extender, colour);
    if (highlighted.has(extender.sku)) g.classList.add("highlight");
  }

  // Charms hang from the lowest stretch of the chain, spread evenly about the middle.
  const charmRing = ringFor("charm") ?? ringFor("nameplate") ?? rings[rings.length - 1] ?? null;
  const hung = node("g", { "data-part": "charms" }, svg);
  const middle = curve.total / 2;
  const spacing = Math.min(30, (curve.total * 0.7) / Math.max(1, dangles.length + plates.length));
  let offset = -((dangles.length - 1) * spacing) / 2;
  if (plates.length) offset = -((dangles.length + 1) * spacing) / 2 - (dangles.length ? 30 : 0);
  plates.forEach((plate) => {
    const at = curve.at(middle);
    ring(hung, at.x, at.y + 4, ringFor("nameplate") ?? charmRing, colour, "nameplate");
    const g = drawNameplate(hung, at.x, at.y + 8, plate, colour, text, font);
    if (highlighted.has(plate.sku)) g.classList.add("highlight");
  });
  dangles.forEach((charm, i) => {
    let distance = middle + offset + i * spacing;
    if (plates.length) distance = middle + (i % 2 ? 1 : -1) * (52 + Math.floor(i / 2) * spacing);
    const at = curve.at(distance);
    const size = Math.max(16, Math.min(26, Number(attr(charm, "weight_g", 1.2)) * 10 + 8));
    const g = node("g", {
      "data-part": "charm", "data-sku": charm.sku, transform: `translate(${at.x.toFixed(1)} ${at.y.toFixed(1)})`,
      class: highlighted.has(charm.sku) ? "highlight" : null,
    }, hung);
    ring(g, 0, 4, charmRing, colour, "charm");
    const body = node("g", { transform: "translate(0 8)" }, g);
    charmShape(body, charm, colour, size);
  });
  beads.forEach((charm, i) => {
    const distance = middle + (i - (beads.length - 1) / 2) * 16;
    const at = curve.at(distance);
    const g = node("g", {
      "data-part": "charm", "data-sku": charm.sku,
      transform: `translate(${at.x.toFixed(1)} ${at.y.toFixed(1)}) rotate(${at.angle.toFixed(1)})`,
      class: highlighted.has(charm.sku) ? "highlight" : null,
    }, hung);
    const enamel = attr(charm, "enamel", false);
    node("rect", { x: -6, y: -7, width: 12, height: 14, rx: 4, fill: enamel ? ENAMEL : palette.fill, stroke: palette.stroke, "stroke-width": 1.3 }, g);
  });

  const description = [
    chain.name,
    clasp ? `${(attr(clasp, "clasp_type", "") || "").replace(/_/g, " ")} clasp` : null,
    extender ? `${Math.round(Number(attr(extender, "length_mm", 0)) / 25.4)} in extender` : null,
    dangles.length + beads.length ? `${dangles.length + beads.length} charm${dangles.length + beads.length === 1 ? "" : "s"}` : null,
    plates.length ? `nameplate “${text || "…"}”` : null,
    plating ? plating.name : null,
  ].filter(Boolean).join(", ");
  const title = svg.querySelector("title");
  if (title) title.textContent = description;
  fit(svg);
  return description;
}

// Frame the piece (a bracelet is small beside an opera chain); a scale bar keeps lengths honest.
function fit(svg) {
  if (typeof svg.getBBox !== "function") return;
  let box;
  try {
    box = svg.getBBox();
  } catch {
    return; // not rendered (display: none): keep the default frame
  }
  if (!box.width) return;
  const bar = node("g", { "data-part": "scale", transform: `translate(${(box.x + box.width / 2 - 50 * MM / 2).toFixed(1)} ${(box.y + box.height + 16).toFixed(1)})` }, svg);
  node("path", { d: `M 0 -4 L 0 0 L ${50 * MM} 0 L ${50 * MM} -4`, fill: "none", stroke: "#5b6270", "stroke-width": 1 }, bar);
  node("text", { x: (50 * MM) / 2, y: 13, "text-anchor": "middle", "font-size": 10, fill: "#4a515d" }, bar).textContent = "5 cm";
  const all = svg.getBBox();
  const pad = 14;
  const width = Math.max(300, all.width + 2 * pad);
  const height = Math.max(230, all.height + 2 * pad);
  const x = all.x + all.width / 2 - width / 2;
  const y = all.y + all.height / 2 - height / 2;
  svg.setAttribute("viewBox", `${x.toFixed(1)} ${y.toFixed(1)} ${width.toFixed(1)} ${height.toFixed(1)}`);
}
