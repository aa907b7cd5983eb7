import fc from "fast-check";

import { costOf } from "~/domain/bands";
import {
  estimateBundleSaving,
  perInhabitantEstimate,
  roundedTotal,
  totalsMayBeShown,
} from "~/domain/partner-estimate";

const BANDS = [
  { minQty: 0, unitPrice: 10_000 },
  { minQty: 100, unitPrice: 9_000 },
  { minQty: 1000, unitPrice: 7_555 },
];

describe("estimateBundleSaving", () => {
  // prettier-ignore
  it.each([
    // own, bundle, pricing, band, saving in cents (hand computed)
    [50,  80,   "all-units",   0, 0n],        // the bundle stays in the first band
    [50,  150,  "all-units",   1, 500n],      // 50 × (1,00 − 0,90) = 5,00 €
    [50,  1200, "all-units",   2, 1_223n],   // 50 × (1,00 − 0,7555) = 12,225 € → 12,23 €
    [300, 1200, "all-units",   2, 4_335n],    // 300 × 0,90 − 300 × 0,7555 = 270 − 226,65 = 43,35 €
    [50,  1200, "incremental", 2, 579n],      // see the next test
  ] as const)("own %i in a bundle of %i (%s)", (own, bundle, pricing, band, saving) => {
    const e = estimateBundleSaving({
      ownQuantity: own,
      bundledQuantity: bundle,
      basis: { kind: "award", bands: BANDS, pricing },
    });
    expect(e.bandIndex).toBe(band);
    expect(e.bandMinQty).toBe(BANDS[band]!.minQty);
    expect(e.savingCents).toBe(saving);
  });

  it("incremental: the body pays its proportional part of cost(Q), as the split does", () => {
    // cost(1200) = 100 × 1,00 + 900 × 0,90 + 200 × 0,7555 = 100 + 810 + 151,10 = 1.061,10 €
    // share of 50 = 1.061,10 × 50 / 1200 = 44,2125 €; alone 50,00 € → saving 5,7875 € → 5,79 €
    const e = estimateBundleSaving({
      ownQuantity: 50,
      bundledQuantity: 1200,
      basis: { kind: "award", bands: BANDS, pricing: "incremental" },
    });
    expect(e.savingCents).toBe(579n);
    expect(e.aloneExact).toBe(500_000n);
  });

  it("on the reference price alone there is no band and no saving", () => {
    const e = estimateBundleSaving({
      ownQuantity: 40,
      bundledQuantity: 400,
      basis: { kind: "reference", referencePrice: 12_345 },
    });
    expect(e).toEqual({
      bandIndex: null,
      bandMinQty: null,
      bandCount: null,
      aloneExact: 493_800n,
      savingCents: 0n,
    });
  });

  it("refuses a bundle smaller than the body's own quantity", () => {
    expect(() =>
      estimateBundleSaving({
        ownQuantity: 10,
        bundledQuantity: 9,
        basis: { kind: "award", bands: BANDS, pricing: "all-units" },
      }),
    ).toThrow(/nicht kleiner als 10/);
  });

  it("never estimates a loss, and never more than buying alone costs", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.constantFrom("all-units" as const, "incremental" as const),
        (own, more, pricing) => {
          const e = estimateBundleSaving({
            ownQuantity: own,
            bundledQuantity: own + more,
            basis: { kind: "award", bands: BANDS, pricing },
          });
          expect(e.savingCents >= 0n).toBe(true);
          expect(e.aloneExact).toBe(costOf(BANDS, own, pricing));
          expect(e.savingCents * 100n <= e.aloneExact + 50n).toBe(true);
        },
      ),
    );
  });
});

describe("perInhabitantEstimate", () => {
  // prettier-ignore
  it.each([
    // Σ quantity, Σ population, target population, estimate
    [300,  30_000, 10_000, 100],
    [1,    3,      1,      0],   // 0,33 → 0
    [1,    2,      1,      1],   // 0,5 → 1 (half up)
    [500,  0,      10_000, 0],   // no population to scale by
  ])("%i units for %i inhabitants → %i inhabitants", (q, p, target, expected) => {
    expect(perInhabitantEstimate({ quantity: q, population: p, targetPopulation: target })).toBe(
      expected,
    );
  });
});

describe("privacy rule (decision 018)", () => {
  it.each([
    [0, false],
    [1, false],
    [2, true],
    [50, true],
  ])("%i other bodies → totals shown: %s", (others, shown) => {
    expect(totalsMayBeShown(others)).toBe(shown);
  });

  // prettier-ignore
  it.each([
    [0, 10], [3, 10], [57, 60], [99, 100], [100, 100], [1_250, 1_300], [1_249, 1_200],
    [12_345, 12_000], [987_654, 990_000],
  ])("rounds the total %i to %i", (q, shown) => {
    expect(roundedTotal(q)).toBe(shown);
  });
});
