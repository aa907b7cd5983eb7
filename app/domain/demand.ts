// Demand lines (Bedarfsmeldungen): the fields a body enters, their limits, and the difference
// between what is stored and what a complete upload says.
import { DomainError } from "./errors";

export const MAX_QUANTITY = 100_000_000;
export const TEXT_LIMITS = {
  costCentre: 60,
  product: 60,
  ledgerAccount: 30,
  deliveryAddress: 300,
  note: 500,
} as const;

export type DemandFields = {
  itemId: string;
  quantity: number;
  costCentre: string;
  product: string;
  ledgerAccount: string;
  deliveryAddress: string;
  note: string;
};

export type StoredLine = DemandFields & { id: string; version: number };

/**
 * The article number officers see and type: the item's place in its round, counted from 1 in
 * the round's item order ("A001" for the first). The one numbering of the demand form, the
 * demand template and upload, and the tender's price sheet and specification (decision 026):
 * it is counted from the order, never from the stored `position`, whose base varies.
 */
export function articleNumber(placeInRound: number): string {
  if (!Number.isSafeInteger(placeInRound) || placeInRound < 1) {
    throw new DomainError(`Ungültige Artikelstelle: ${placeInRound}`);
  }
  return `A${String(placeInRound).padStart(3, "0")}`;
}

/** The natural key: one line per item and cost centre (case and outer spaces do not count). */
export function lineKey(line: { itemId: string; costCentre: string }): string {
  return `${line.itemId}\u0000${line.costCentre.trim().toLowerCase()}`;
}

export function sameFields(a: DemandFields, b: DemandFields): boolean {
  return (
    a.itemId === b.itemId &&
    a.quantity === b.quantity &&
    a.costCentre === b.costCentre &&
    a.product === b.product &&
    a.ledgerAccount === b.ledgerAccount &&
    a.deliveryAddress === b.deliveryAddress &&
    a.note === b.note
  );
}

export type DemandDiff = {
  create: DemandFields[];
  update: { before: StoredLine; after: DemandFields }[];
  remove: StoredLine[];
  unchanged: number;
};

/**
 * What turns `stored` into exactly `incoming` (a body's complete demand, e.g. an uploaded
 * template). Lines are matched by item and cost centre, so uploading the same file twice
 * changes nothing the second time. Two incoming lines with the same key are an error.
 */
export function diffDemand(
  stored: readonly StoredLine[],
  incoming: readonly DemandFields[],
): DemandDiff {
  const byKey = new Map(stored.map((line) => [lineKey(line), line]));
  const seen = new Set<string>();
  const diff: DemandDiff = { create: [], update: [], remove: [], unchanged: 0 };
  for (const line of incoming) {
    const key = lineKey(line);
    if (seen.has(key)) {
      throw new DomainError(
        `Für denselben Artikel ist die Kostenstelle „${line.costCentre || "(leer)"}“ mehrfach angegeben.`,
      );
    }
    seen.add(key);
    const before = byKey.get(key);
    if (!before) diff.create.push(line);
    else if (sameFields(before, line)) diff.unchanged++;
    else diff.update.push({ before, after: line });
  }
  for (const line of stored) if (!seen.has(lineKey(line))) diff.remove.push(line);
  return diff;
}
