import { DomainError } from "~/domain/errors";
import { describe, requireInteger } from "~/domain/input-checks";
import { type Pricing } from "~/domain/vocabulary";

/**
 * Price bands (Staffelpreise). A band applies from `minQty` units on; `unitPrice` is in
 * 1/10,000 EUR. Bands ascend strictly by `minQty`, the first starts at 0, and prices never rise.
 */
export type PriceBand = { minQty: number; unitPrice: number };

/**
 * `all-units` (default): the whole quantity costs the price of the band that contains it.
 * `incremental`: each band's units cost that band's price (the first b1 units at p0, …).
 */
export function requirePricing(value: unknown): Pricing {
  if (value !== "all-units" && value !== "incremental") {
    throw new DomainError(
      `Unbekannte Preisart ${describe(value)}: erlaubt sind „all-units“ (Gesamtmengenstaffel) und „incremental“ (Stufenstaffel).`,
    );
  }
  return value;
}

/** Throws a German DomainError naming `label` (e.g. „Artikel „Toner““) when the bands are unusable. */
export function validateBands(bands: readonly PriceBand[], label: string): void {
  if (!Array.isArray(bands) || bands.length === 0) {
    throw new DomainError(`${label}: Es ist keine Preisstaffel angegeben.`);
  }
  bands.forEach((band, i) => {
    const which = `${label}, Staffel ${i + 1}`;
    requireInteger(band?.minQty, `${which}: Mindestmenge`);
    requireInteger(band?.unitPrice, `${which}: Stückpreis (in 1/10.000 €)`);
  });
  if (bands[0]!.minQty !== 0) {
    throw new DomainError(
      `${label}: Die erste Staffel muss bei Menge 0 beginnen (beginnt bei ${bands[0]!.minQty}).`,
    );
  }
  for (let i = 1; i < bands.length; i++) {
    const prev = bands[i - 1]!;
    const band = bands[i]!;
    if (band.minQty <= prev.minQty) {
      throw new DomainError(
        `${label}, Staffel ${i + 1}: Die Mindestmenge ${band.minQty} muss größer sein als die der vorigen Staffel (${prev.minQty}).`,
      );
    }
    if (band.unitPrice > prev.unitPrice) {
      throw new DomainError(
        `${label}, Staffel ${i + 1}: Der Preis ${band.unitPrice} steigt gegenüber der vorigen Staffel (${prev.unitPrice}); Staffelpreise dürfen nicht steigen.`,
      );
    }
  }
}

function toQuantity(qty: number | bigint): bigint {
  if (typeof qty === "bigint") {
    if (qty < 0n) throw new DomainError(`Die Menge darf nicht negativ sein (erhalten: ${qty}).`);
    return qty;
  }
  return BigInt(requireInteger(qty, "Die Menge"));
}

/** Index of the band containing `qty`: the last band whose `minQty` ≤ `qty`. Bands must be valid. */
export function bandIndexAt(bands: readonly PriceBand[], qty: bigint): number {
  let index = 0;
  for (let i = 1; i < bands.length; i++) {
    if (BigInt(bands[i]!.minQty) <= qty) index = i;
    else break;
  }
  return index;
}

/** Unit price (1/10,000 EUR) of the band containing `qty`. */
export function priceAt(bands: readonly PriceBand[], qty: number | bigint): number {
  validateBands(bands, "Preisstaffel");
  return bands[bandIndexAt(bands, toQuantity(qty))]!.unitPrice;
}

/** Exact cost of `qty` units in 1/10,000 EUR, under either pricing. */
export function costOf(
  bands: readonly PriceBand[],
  qty: number | bigint,
  pricing: Pricing,
): bigint {
  validateBands(bands, "Preisstaffel");
  return exactCost(bands, toQuantity(qty), requirePricing(pricing));
}

/** `costOf` without re-validating: for the engine, which validated the bands once up front. */
export function exactCost(bands: readonly PriceBand[], qty: bigint, pricing: Pricing): bigint {
  if (pricing === "all-units") return qty * BigInt(bands[bandIndexAt(bands, qty)]!.unitPrice);
  let cost = 0n;
  for (let i = 0; i < bands.length; i++) {
    const from = BigInt(bands[i]!.minQty);
    if (qty <= from) break;
    const next = bands[i + 1];
    const to = next === undefined || BigInt(next.minQty) > qty ? qty : BigInt(next.minQty);
    cost += (to - from) * BigInt(bands[i]!.unitPrice);
  }
  return cost;
}

/** The largest "round" number (1, 2 or 5 × 10^k) not above `n` (n ≥ 1). */
function niceFloor(n: number): number {
  let power = 1;
  while (power * 10 <= n) power *= 10;
  if (5 * power <= n) return 5 * power;
  if (2 * power <= n) return 2 * power;
  return power;
}

/**
 * Proposes band starts for an item before the tender is published, so bidders fill in one price
 * per band. The bundled quantity lies in the top band (that is the price the bundle is evaluated
 * at); the lower bands step down by orders of magnitude with round numbers, so the bid also
 * tells each body what it would have paid alone – the basis of the savings statement.
 * With `largestBodyQuantity` (the largest single body's quantity) a band also starts at the
 * round number just below it, so the largest body's own price is asked for explicitly; it
 * replaces the lowest other start when the bands are full.
 * Bands start at 2 at the lowest: a band for a single unit tells nobody anything.
 * Returns `minQty` values only; the prices come from the bids.
 */
export function proposeBands({
  bundledQuantity,
  largestBodyQuantity,
  maxBands = 4,
}: {
  bundledQuantity: number;
  largestBodyQuantity?: number;
  maxBands?: number;
}): { minQty: number }[] {
  requireInteger(bundledQuantity, "Gebündelte Menge");
  requireInteger(maxBands, "Höchstzahl der Staffeln", { min: 1, max: 20 });
  const starts = new Set<number>();
  let ceiling = bundledQuantity;
  while (starts.size < maxBands - 1 && ceiling >= 2) {
    const start = niceFloor(ceiling);
    if (start < 2) break;
    starts.add(start);
    // the next band down starts an order of magnitude lower
    ceiling = Math.floor(start / 10);
  }
  if (largestBodyQuantity !== undefined) {
    requireInteger(largestBodyQuantity, "Größte Einzelmenge", { max: bundledQuantity });
    const own = largestBodyQuantity >= 2 ? niceFloor(largestBodyQuantity) : 0;
    if (own >= 2 && !starts.has(own) && maxBands >= 3) {
      if (starts.size >= maxBands - 1) {
        // keep the top start (the bundle's price); drop the lowest of the others
        const top = Math.max(...starts);
        const lowest = Math.min(...[...starts].filter((s) => s !== top));
        starts.delete(lowest);
      }
      starts.add(own);
    }
  }
  return [0, ...[...starts].sort((a, b) => a - b)].map((minQty) => ({ minQty }));
}
