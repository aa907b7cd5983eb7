import { type PriceBand, bandIndexAt, exactCost, validateBands } from "~/domain/bands";
import { requireInteger } from "~/domain/input-checks";
import { roundHalfUp } from "~/domain/rational";
import { type Pricing } from "~/domain/vocabulary";

/**
 * The partner finder's estimate (Partnersuche, issue 16): what a body would save on one item if
 * it bought together with others instead of alone. An estimate, never a promise: the prices are
 * those of the item's latest award elsewhere, the quantities those of the demand rounds.
 */

/** Where the prices come from: an awarded bid's bands, or only the catalogue's reference price. */
export type EstimateBasis =
  | { kind: "award"; bands: readonly PriceBand[]; pricing: Pricing }
  | { kind: "reference"; referencePrice: number };

export type BundleEstimate = {
  /** the bundle's band (0-based) and its lower bound; null on the reference price */
  bandIndex: number | null;
  bandMinQty: number | null;
  /** how many bands the award had */
  bandCount: number | null;
  /** what the body pays alone for its own quantity, 1/10,000 EUR, exact */
  aloneExact: bigint;
  /** its saving in cents (rounded half up once), ≥ 0 with non-rising bands */
  savingCents: bigint;
};

/**
 * The body's saving on one item: alone it pays `cost(d)` at its own band; in the bundle of `Q`
 * units it pays `d × price(Q)` (all-units) or its proportional part `cost(Q) × d / Q`
 * (incremental), as the cost split does (DESIGN.md "Cost split"). Rounded to cents once.
 * On the reference price alone there is no band, so no saving can be estimated (0).
 */
export function estimateBundleSaving({
  ownQuantity,
  bundledQuantity,
  basis,
}: {
  ownQuantity: number;
  bundledQuantity: number;
  basis: EstimateBasis;
}): BundleEstimate {
  requireInteger(ownQuantity, "Eigene Menge", { min: 0 });
  requireInteger(bundledQuantity, "Gebündelte Menge", { min: ownQuantity });
  const d = BigInt(ownQuantity);
  const q = BigInt(bundledQuantity);
  if (basis.kind === "reference") {
    requireInteger(basis.referencePrice, "Referenzpreis", { min: 0 });
    return {
      bandIndex: null,
      bandMinQty: null,
      bandCount: null,
      aloneExact: d * BigInt(basis.referencePrice),
      savingCents: 0n,
    };
  }
  validateBands(basis.bands, "Preisstaffel");
  const alone = exactCost(basis.bands, d, basis.pricing);
  const index = bandIndexAt(basis.bands, q);
  let savingCents: bigint;
  if (basis.pricing === "all-units") {
    const inBundle = d * BigInt(basis.bands[index]!.unitPrice);
    savingCents = roundHalfUp(alone - inBundle, 100n);
  } else if (q === 0n) {
    savingCents = 0n;
  } else {
    // (alone − cost(Q)·d/Q) / 100, exactly: one division at the end
    const costAtBundle = exactCost(basis.bands, q, "incremental");
    savingCents = roundHalfUp(alone * q - costAtBundle * d, q * 100n);
  }
  return {
    bandIndex: index,
    bandMinQty: basis.bands[index]!.minQty,
    bandCount: basis.bands.length,
    aloneExact: alone,
    savingCents,
  };
}

/**
 * "Könnte beitreten": a body without demand for the item, estimated from the bodies that have
 * it: their quantity per inhabitant × its population, rounded half up to whole units.
 */
export function perInhabitantEstimate({
  quantity,
  population,
  targetPopulation,
}: {
  /** Σ quantity of the bodies with demand */
  quantity: number;
  /** Σ population of the same bodies */
  population: number;
  targetPopulation: number;
}): number {
  requireInteger(quantity, "Menge", { min: 0 });
  requireInteger(population, "Einwohner", { min: 0 });
  requireInteger(targetPopulation, "Einwohner", { min: 0 });
  if (population === 0) return 0;
  return Number(roundHalfUp(BigInt(quantity) * BigInt(targetPopulation), BigInt(population)));
}

/**
 * Privacy between bodies (decision 018): a figure made of other bodies' quantities is shown
 * only when at least this many other bodies are in it. With fewer, the viewer could subtract
 * its own quantity from the total and read the one partner's figure.
 */
export const MIN_OTHER_BODIES_FOR_TOTALS = 2;

export function totalsMayBeShown(otherBodies: number): boolean {
  return otherBodies >= MIN_OTHER_BODIES_FOR_TOTALS;
}

/**
 * A bundle total as the page shows it ("ca."): two significant digits, half up, and steps of at
 * least 10 (12.345 → 12.000, 1.250 → 1.300, 57 → 60, 3 → 10), so a total never gives away an
 * exact figure by subtracting the totals of two filters from each other.
 */
export function roundedTotal(quantity: number): number {
  requireInteger(quantity, "Menge", { min: 0 });
  let step = 10;
  while (quantity / step >= 100) step *= 10;
  return Math.max(step, Number(roundHalfUp(BigInt(quantity), BigInt(step))) * step);
}
