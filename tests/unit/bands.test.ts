import fc from "fast-check";
import { costOf, priceAt, proposeBands, validateBands } from "~/domain/bands";
import { DomainError } from "~/domain/errors";

const BANDS = [
  { minQty: 0, unitPrice: 10_000 },
  { minQty: 10, unitPrice: 9_000 },
  { minQty: 100, unitPrice: 8_000 },
];

describe("priceAt and costOf at every band boundary", () => {
  // prettier-ignore
  it.each([
    // qty, price(band containing qty), all-units cost, incremental cost (1/10,000 EUR)
    [0,   10_000,       0n,       0n],
    [1,   10_000,  10_000n,  10_000n],
    [9,   10_000,  90_000n,  90_000n],
    [10,   9_000,  90_000n, 100_000n], // all-units: 10 × 0,90; incremental: 10 × 1,00
    [11,   9_000,  99_000n, 109_000n], // incremental: 10 × 1,00 + 1 × 0,90
    [99,   9_000, 891_000n, 901_000n],
    [100,  8_000, 800_000n, 910_000n], // incremental: 10 × 1,00 + 90 × 0,90
    [101,  8_000, 808_000n, 918_000n],
    [1000, 8_000, 8_000_000n, 8_110_000n],
  ])("qty %i", (qty, price, allUnits, incremental) => {
    expect(priceAt(BANDS, qty)).toBe(price);
    expect(costOf(BANDS, qty, "all-units")).toBe(allUnits);
    expect(costOf(BANDS, qty, "incremental")).toBe(incremental);
  });

  it("incremental cost never exceeds the single-band price and is additive per band", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (q) => {
        const inc = costOf(BANDS, q, "incremental");
        expect(inc).toBeLessThanOrEqual(BigInt(q) * 10_000n);
        expect(inc).toBeGreaterThanOrEqual(costOf(BANDS, q, "all-units"));
        if (q > 0)
          expect(inc - costOf(BANDS, q - 1, "incremental")).toBe(BigInt(priceAt(BANDS, q - 1)));
      }),
      { numRuns: 1_000 },
    );
  });
});

describe("validateBands", () => {
  it.each([
    [[], /Toner: Es ist keine Preisstaffel/],
    [
      [{ minQty: 5, unitPrice: 1 }],
      /Toner: Die erste Staffel muss bei Menge 0 beginnen \(beginnt bei 5\)/,
    ],
    [
      [
        { minQty: 0, unitPrice: 1 },
        { minQty: 0, unitPrice: 1 },
      ],
      /Toner, Staffel 2: Die Mindestmenge 0 muss größer sein/,
    ],
    [
      [
        { minQty: 0, unitPrice: 1 },
        { minQty: 5, unitPrice: 2 },
      ],
      /Toner, Staffel 2: Der Preis 2 steigt/,
    ],
    [[{ minQty: 0, unitPrice: -1 }], /Toner, Staffel 1: Stückpreis.*nicht kleiner als 0/],
    [[{ minQty: 0.5, unitPrice: 1 }], /Toner, Staffel 1: Mindestmenge muss eine ganze Zahl/],
  ])("rejects %j", (bands, message) => {
    expect(() => validateBands(bands, "Toner")).toThrow(DomainError);
    expect(() => validateBands(bands, "Toner")).toThrow(message);
  });

  it("accepts equal prices in consecutive bands", () => {
    expect(() =>
      validateBands(
        [
          { minQty: 0, unitPrice: 5 },
          { minQty: 3, unitPrice: 5 },
        ],
        "x",
      ),
    ).not.toThrow();
  });

  it("rejects bad quantities and pricing", () => {
    expect(() => priceAt(BANDS, -1)).toThrow(/Menge darf nicht kleiner als 0/);
    expect(() => costOf(BANDS, 1.5, "all-units")).toThrow(/Menge muss eine ganze Zahl/);
    expect(() => costOf(BANDS, 1, "bulk" as "all-units")).toThrow(/Unbekannte Preisart „bulk“/);
  });
});

describe("proposeBands", () => {
  it.each([
    [0, [0]],
    [1, [0]],
    [7, [0, 5]],
    [50, [0, 5, 50]],
    [1234, [0, 10, 100, 1000]],
    [2500, [0, 20, 200, 2000]],
    [99_999, [0, 500, 5000, 50_000]],
  ])("bundled quantity %i → %j", (q, starts) => {
    expect(proposeBands({ bundledQuantity: q }).map((b) => b.minQty)).toEqual(starts);
  });

  it("respects maxBands and always puts the bundle in the top band", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 8 }),
        (q, maxBands) => {
          const starts = proposeBands({ bundledQuantity: q, maxBands }).map((b) => b.minQty);
          expect(starts[0]).toBe(0);
          expect(starts.length).toBeLessThanOrEqual(maxBands);
          expect(starts.at(-1)!).toBeLessThanOrEqual(q);
          for (let i = 1; i < starts.length; i++)
            expect(starts[i]!).toBeGreaterThan(starts[i - 1]!);
        },
      ),
      { numRuns: 500 },
    );
  });
});
