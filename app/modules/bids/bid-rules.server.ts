// The rules a bid must keep before it is written: the bidder, one price per item and band, and
// the quality points. Pure checks that throw a DomainError naming what is wrong.
import { type PriceBand, validateBands } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import { formatUnitPrice } from "~/domain/money";

import { lotLabel, type QualityCriterionRow, type TenderLot } from "./tender-lots.server";

/** 1.000.000 € per unit: far above any real price, and bundled costs stay exact integers. */
export const MAX_UNIT_PRICE = 10_000_000_000;
export const BIDDER_NAME_MAX = 200;
export const BIDDER_ADDRESS_MAX = 1_000;

export type BidSource = "typed" | "upload";

export type BidPriceInput = { itemId: string; bandIndex: number; unitPrice: number };

/**
 * Checks that `prices` give exactly one unit price per item and band of the lot, each an integer
 * of 1/10,000 EUR from 0 to MAX_UNIT_PRICE, not rising with the band. Returns the bands per item
 * (for evaluateBid); throws a DomainError naming the item and band otherwise.
 */
export function bandsFromPrices(
  lot: Pick<TenderLot, "number" | "title" | "items">,
  prices: readonly BidPriceInput[],
): Map<string, PriceBand[]> {
  const items = new Map(lot.items.map((item) => [item.itemId, item]));
  const byItem = new Map<string, (number | undefined)[]>();
  for (const item of lot.items)
    byItem.set(
      item.itemId,
      item.bandMinQty.map(() => undefined),
    );
  for (const price of prices) {
    const item = items.get(price.itemId);
    if (!item)
      throw new DomainError(
        `${lotLabel(lot)}: Ein Preis gehört zu einem Artikel, der nicht in diesem Los ist.`,
      );
    const slots = byItem.get(price.itemId)!;
    if (
      !Number.isInteger(price.bandIndex) ||
      price.bandIndex < 0 ||
      price.bandIndex >= slots.length
    ) {
      throw new DomainError(
        `Artikel „${item.name}“: Die Staffel ${price.bandIndex + 1} gibt es nicht.`,
      );
    }
    const band = `Artikel „${item.name}“, Staffel ab ${item.bandMinQty[price.bandIndex]!.toLocaleString("de-DE")}`;
    if (slots[price.bandIndex] !== undefined)
      throw new DomainError(`${band}: Der Preis ist doppelt angegeben.`);
    if (!Number.isSafeInteger(price.unitPrice) || price.unitPrice < 0) {
      throw new DomainError(`${band}: Der Preis muss ein Betrag von mindestens 0 € sein.`);
    }
    if (price.unitPrice > MAX_UNIT_PRICE) {
      throw new DomainError(
        `${band}: Der Preis ist zu hoch (höchstens ${formatUnitPrice(MAX_UNIT_PRICE)}).`,
      );
    }
    slots[price.bandIndex] = price.unitPrice;
  }
  const result = new Map<string, PriceBand[]>();
  for (const item of lot.items) {
    const slots = byItem.get(item.itemId)!;
    const missing = slots.findIndex((p) => p === undefined);
    if (missing >= 0) {
      throw new DomainError(
        `Artikel „${item.name}“, Staffel ab ${item.bandMinQty[missing]!.toLocaleString("de-DE")}: Der Preis fehlt.`,
      );
    }
    const bands = item.bandMinQty.map((minQty, i) => ({ minQty, unitPrice: slots[i]! }));
    for (let i = 1; i < bands.length; i++) {
      if (bands[i]!.unitPrice > bands[i - 1]!.unitPrice) {
        throw new DomainError(
          `Artikel „${item.name}“, Staffel ab ${bands[i]!.minQty.toLocaleString("de-DE")}: Der Preis ${formatUnitPrice(bands[i]!.unitPrice)} ist höher als in der Staffel davor (${formatUnitPrice(bands[i - 1]!.unitPrice)}); Staffelpreise dürfen mit der Menge nicht steigen.`,
        );
      }
    }
    validateBands(bands, `Artikel „${item.name}“`);
    result.set(item.itemId, bands);
  }
  return result;
}

/** Quality points 0–100 for exactly the tender's criteria (none for a price-only tender). */
export function checkQualityPoints(
  criteria: readonly QualityCriterionRow[],
  points: Record<string, number> | undefined,
): Record<string, number> {
  const given = points ?? {};
  const known = new Set(criteria.map((c) => c.id));
  for (const id of Object.keys(given)) {
    if (!known.has(id)) throw new DomainError("Qualitätspunkte für ein unbekanntes Kriterium.");
  }
  const result: Record<string, number> = {};
  for (const c of criteria) {
    const p = given[c.id];
    if (p === undefined) throw new DomainError(`Kriterium „${c.name}“: Die Punkte fehlen.`);
    if (!Number.isInteger(p) || p < 0 || p > 100) {
      throw new DomainError(
        `Kriterium „${c.name}“: Die Punkte müssen eine ganze Zahl von 0 bis 100 sein.`,
      );
    }
    result[c.id] = p;
  }
  return result;
}

export function cleanBidder(name: string, address: string) {
  const bidderName = (name ?? "").trim();
  const bidderAddress = (address ?? "").trim();
  if (bidderName === "") throw new DomainError("Bitte geben Sie den Namen des Bieters an.");
  if (bidderName.length > BIDDER_NAME_MAX) {
    throw new DomainError(
      `Der Name des Bieters ist zu lang (höchstens ${BIDDER_NAME_MAX} Zeichen).`,
    );
  }
  if (bidderAddress.length > BIDDER_ADDRESS_MAX) {
    throw new DomainError(
      `Die Anschrift des Bieters ist zu lang (höchstens ${BIDDER_ADDRESS_MAX} Zeichen).`,
    );
  }
  return { bidderName, bidderAddress };
}
