// The shopper's design: picks per slot and requirements, kept in the URL so a link restores it.
//
// URL: /styles/charm-necklace?chain=CH-CABLE-SS-18IN-1.2&charms=CM-HEART-SS,CM-STAR-SS&extender=-
//      &font=script&budget=60.00&deadline=7&nickel_free=1&text=Ada
// A slot's value is its SKUs (comma-separated), an option code, or "-" for "leave it empty".

export const RESERVED = new Set(["budget", "deadline", "nickel_free", "text"]);
export const NONE = "-";

export class Design {
  constructor(style) {
    this.style = style; // {slots: [{name, kind, minCount, maxCount, multi, ...}]}
    this.picks = new Map(); // slot → {skus: [...]} | {option: code} | {none: true}
    this.budgetCents = null;
    this.deadlineDays = null;
    this.nickelFree = false;
    this.text = "";
  }

  slot(name) {
    return this.style.slots.find((s) => s.name === name) ?? null;
  }

  static fromURL(style, search) {
    const design = new Design(style);
    const params = new URLSearchParams(search);
    for (const [key, raw] of params) {
      const value = raw.trim();
      if (RESERVED.has(key) || !value) continue;
      const slot = design.slot(key);
      if (!slot) continue;
      if (value === NONE) design.picks.set(key, { none: true });
      else if (slot.kind === "OPTION") design.picks.set(key, { option: value });
      else design.picks.set(key, { skus: value.split(",").map((v) => v.trim()).filter(Boolean) });
    }
    const budget = Number(params.get("budget"));
    if (params.get("budget") && Number.isFinite(budget) && budget >= 0) design.budgetCents = Math.round(budget * 100);
    const deadline = Number(params.get("deadline"));
    if (params.get("deadline") && Number.isInteger(deadline) && deadline >= 0) design.deadlineDays = deadline;
    design.nickelFree = params.get("nickel_free") === "1";
    design.text = params.get("text") ?? "";
    return design;
  }

  toSearch() {
    const params = new URLSearchParams();
    for (const slot of this.style.slots) {
      const pick = this.picks.get(slot.name);
      if (!pick) continue;
      if (pick.none) params.set(slot.name, NONE);
      else if (pick.option) params.set(slot.name, pick.option);
      else if (pick.skus?.length) params.set(slot.name, pick.skus.join(","));
    }
    if (this.budgetCents !== null) params.set("budget", (this.budgetCents / 100).toFixed(2));
    if (this.deadlineDays !== null) params.set("deadline", String(this.deadlineDays));
    if (this.nickelFree) params.set("nickel_free", "1");
    if (this.text) params.set("text", this.text);
    const text = params.toString().replace(/%2C/gi, ",");
    return text ? `?${text}` : "";
  }

  // Every SKU the design names (to check on restore whether any has since been retired).
  skus() {
    return [...this.picks.values()].flatMap((pick) => pick.skus ?? []);
  }

  // The GraphQL SelectionInput.
  selection() {
    const picks = [];
    for (const [slot, pick] of this.picks) {
      if (pick.none) picks.push({ slot, exact: true });
      else if (pick.option) picks.push({ slot, option: pick.option });
      else if (pick.skus?.length) picks.push({ slot, skus: pick.skus });
    }
    const selection = { picks, nickelFree: this.nickelFree };
    if (this.budgetCents !== null) selection.budgetCents = this.budgetCents;
    if (this.deadlineDays !== null) selection.deadlineDays = this.deadlineDays;
    if (this.text) selection.text = this.text;
    return selection;
  }

  isPicked(slotName, value) {
    const pick = this.picks.get(slotName);
    if (!pick) return false;
    if (value === NONE) return Boolean(pick.none);
    return pick.option === value || Boolean(pick.skus?.includes(value));
  }

  choose(slotName, value) {
    const slot = this.slot(slotName);
    if (value === NONE) this.picks.set(slotName, { none: true });
    else if (slot?.kind === "OPTION") this.picks.set(slotName, { option: value });
    else if (slot?.multi) {
      const skus = new Set(this.picks.get(slotName)?.skus ?? []);
      if (skus.has(value)) skus.delete(value);
      else skus.add(value);
      if (skus.size) this.picks.set(slotName, { skus: [...skus] });
      else this.picks.delete(slotName);
    } else this.picks.set(slotName, { skus: [value] });
  }

  clear(slotName) {
    this.picks.delete(slotName);
  }

  // Take a whole assembly (a recommendation) as the design: every slot fixed as it holds.
  adopt(assembly) {
    this.picks.clear();
    for (const content of assembly.slots) {
      const slot = this.slot(content.slot);
      if (!slot) continue;
      if (!content.values.length) {
        if (slot.minCount === 0 && !slot.multi) this.picks.set(slot.name, { none: true });
      } else if (slot.kind === "OPTION") this.picks.set(slot.name, { option: content.values[0] });
      else this.picks.set(slot.name, { skus: [...content.values] });
    }
  }

  // Undo the requirements an explanation's relaxation names.
  relax(relaxation) {
    for (const name of relaxation.drop) {
      const [kind, slot] = name.split(":");
      const to = relaxation.to === null || relaxation.to === undefined ? null : Number(relaxation.to);
      if (kind === "budget") this.budgetCents = relaxation.drop.length === 1 && to !== null ? to : null;
      else if (kind === "deadline") this.deadlineDays = relaxation.drop.length === 1 && to !== null ? to : null;
      else if (kind === "nickel_free") this.nickelFree = false;
      else if (kind === "text") this.text = "";
      else if (kind === "pick" && slot) this.picks.delete(slot);
    }
  }
}
