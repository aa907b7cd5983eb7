import { DomainError } from "~/domain/errors";
import { valuationBasisFor, valueLot } from "~/domain/contract-value";
import { compareStrings, requireInteger } from "~/domain/input-checks";
import { type ItemCategory, type ProcedureChoice, procedureChoices } from "~/domain/vocabulary";

/**
 * Bundling (Bündelung): the lots (Lose) a joint tender proposes, their estimated values for the
 * procedure advice, and the rules a lot edit and a procedure choice must keep. Pure: ids and
 * labels come in, no database, no clock.
 */

/** The CPV group (Gruppe) of a code: its first three digits ("30197630-1" → "301"). */
export function cpvGroup(cpvCode: string): string {
  return cpvCode.slice(0, 3);
}

export type LotProposalItem = { id: string; cpvCode: string; category: ItemCategory };
export type ProposedLot = {
  title: string;
  category: ItemCategory;
  cpvGroup: string;
  itemIds: string[];
};

/**
 * § 97 Abs. 4 GWB wants lots: one lot per CPV group and category. Consumables and licences never
 * share a lot (licences are priced per seat and year, spread over budget years). Lots come in a
 * stable order – consumables first, then by CPV group – and keep the items in the order given.
 * `groupLabels` maps a CPV group ("301") to its German label, for the lot title.
 */
export function proposeLots(
  items: readonly LotProposalItem[],
  groupLabels: Readonly<Record<string, string>> = {},
): ProposedLot[] {
  const byKey = new Map<string, ProposedLot>();
  for (const item of items) {
    const group = cpvGroup(item.cpvCode);
    if (!/^\d{3}$/.test(group)) {
      throw new DomainError(`Der Artikel „${item.id}“ hat keinen gültigen CPV-Code.`);
    }
    const key = `${item.category}|${group}`;
    let lot = byKey.get(key);
    if (!lot) {
      lot = {
        title: lotTitle(group, item.category, groupLabels[group]),
        category: item.category,
        cpvGroup: group,
        itemIds: [],
      };
      byKey.set(key, lot);
    }
    if (!lot.itemIds.includes(item.id)) lot.itemIds.push(item.id);
  }
  const categoryOrder: ItemCategory[] = ["consumable", "license"];
  return [...byKey.values()].sort(
    (a, b) =>
      categoryOrder.indexOf(a.category) - categoryOrder.indexOf(b.category) ||
      compareStrings(a.cpvGroup, b.cpvGroup),
  );
}

function lotTitle(group: string, category: ItemCategory, label: string | undefined): string {
  const subject = label?.trim() ? label.trim() : `CPV-Gruppe ${group}`;
  return category === "license" ? `${subject} (Lizenzen)` : subject;
}

/** Refuses a lot whose items mix consumables and licences. */
export function requireOneCategory(
  lotTitle: string,
  categories: readonly ItemCategory[],
): ItemCategory {
  const distinct = [...new Set(categories)];
  if (distinct.length > 1) {
    throw new DomainError(
      `Verbrauchsmaterial und Lizenzen dürfen nicht im selben Los stehen („${lotTitle}“).`,
    );
  }
  const category = distinct[0];
  if (!category) throw new DomainError(`Das Los „${lotTitle}“ hat keine Artikel.`);
  return category;
}

// ─── Band starts as the office edits them ────────────────────────────────────────────────────

export const MAX_BANDS = 10;

/**
 * The lower bounds of an item's price bands as entered: whole numbers, the first 0, strictly
 * ascending, at most `MAX_BANDS`. `label` names the item in the German message.
 */
export function validateBandStarts(starts: readonly number[], label: string): number[] {
  if (!Array.isArray(starts) || starts.length === 0) {
    throw new DomainError(
      `${label}: Bitte geben Sie mindestens eine Staffel an (beginnend bei 0).`,
    );
  }
  if (starts.length > MAX_BANDS) {
    throw new DomainError(`${label}: Höchstens ${MAX_BANDS} Staffeln sind möglich.`);
  }
  starts.forEach((s, i) =>
    requireInteger(s, `${label}, Staffel ${i + 1}: Mindestmenge`, { min: 0, max: 2_000_000_000 }),
  );
  if (starts[0] !== 0) {
    throw new DomainError(`${label}: Die erste Staffel muss bei Menge 0 beginnen.`);
  }
  for (let i = 1; i < starts.length; i++) {
    if (starts[i]! <= starts[i - 1]!) {
      throw new DomainError(
        `${label}, Staffel ${i + 1}: Die Mindestmenge ${formatQuantity(starts[i]!)} muss größer sein als die der vorigen Staffel (${formatQuantity(starts[i - 1]!)}).`,
      );
    }
  }
  return [...starts];
}

/** 1000 → "1.000" */
export function formatQuantity(n: number | bigint): string {
  const negative = n < 0;
  const digits = (negative ? -BigInt(n) : BigInt(n)).toString();
  return `${negative ? "-" : ""}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".")}`;
}

/** [0, 100, 1000] → "0; 100; 1.000" (the text the band input shows and reads back). */
export function formatBandStarts(starts: readonly number[]): string {
  return starts.map(formatQuantity).join("; ");
}

/**
 * "0; 100; 1.000" → [0, 100, 1000]. Separators: semicolon or whitespace; a dot groups
 * thousands (German), so "1.000" is one thousand – never a decimal.
 */
export function parseBandStarts(text: string, label: string): number[] {
  const parts = text
    .split(/[;\s]+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const starts = parts.map((part) => {
    if (!/^(\d{1,3}(\.\d{3})+|\d+)$/.test(part)) {
      throw new DomainError(
        `${label}: „${part}“ ist keine ganze Zahl. Beispiel: 0; 100; 1.000 (Staffeln mit Semikolon trennen).`,
      );
    }
    return Number(part.replaceAll(".", ""));
  });
  return validateBandStarts(starts, label);
}

// ─── Estimated contract value (§ 3 VgV) ──────────────────────────────────────────────────────

export type LotForEstimate = {
  id: string;
  /** bundled quantity × catalogue reference price (1/10,000 EUR) per item */
  items: { quantity: number | bigint; referencePrice: number | bigint }[];
};

/** How the tender runs, for § 3 VgV: see `valuationBasisFor` in contract-value.ts. */
export type TermForEstimate = {
  framework: boolean;
  termMonths: number;
  /** the lot's category; without it a lot that is no framework counts once (one-off) */
  category?: ItemCategory;
  extensionMonths?: readonly number[];
  /** consumables bought again every year in separate tenders (§ 3 Abs. 10 VgV) */
  recurring?: boolean;
};

/**
 * Estimated net value of one lot in cents (§ 3 VgV, see contract-value.ts): a framework counts its
 * call-offs over the whole term (§ 3 Abs. 4), a licence lot the term up to 48 months (§ 3 Abs. 11),
 * a one-off purchase its total. The bundled quantity is one budget year's demand.
 */
export function estimateLotValueCents(lot: LotForEstimate, term: TermForEstimate): number {
  return valueLot(lot, valuationBasisFor({ category: "consumable", ...term })).estimatedNetCents;
}

export function estimateLots(
  lots: readonly LotForEstimate[],
  term: TermForEstimate,
): { id: string; estimatedNetCents: number }[] {
  return lots.map((lot) => ({ id: lot.id, estimatedNetCents: estimateLotValueCents(lot, term) }));
}

// ─── Term (Laufzeit) ─────────────────────────────────────────────────────────────────────────

/** § 21 Abs. 6 VgV: a framework runs at most four years unless a special case justifies more. */
export const MAX_TERM_MONTHS_WITHOUT_REASON = 48;

export function checkTerm({ termMonths, termReason }: { termMonths: number; termReason: string }) {
  requireInteger(termMonths, "Laufzeit in Monaten", { min: 1, max: 120 });
  if (termMonths > MAX_TERM_MONTHS_WITHOUT_REASON && termReason.trim().length < 10) {
    throw new DomainError(
      `Eine Laufzeit über ${MAX_TERM_MONTHS_WITHOUT_REASON} Monate braucht eine Begründung (§ 21 Abs. 6 VgV, mindestens 10 Zeichen).`,
    );
  }
}

// ─── Procedure choice (Verfahrenswahl) ───────────────────────────────────────────────────────

export function isProcedureChoice(value: unknown): value is ProcedureChoice {
  return typeof value === "string" && (procedureChoices as readonly string[]).includes(value);
}
