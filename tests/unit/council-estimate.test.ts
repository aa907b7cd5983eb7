// The council paper's estimate before the tender (decision 019): alone at the body's own
// quantity, in the bundle at the round's, under either pricing; the reference price where an
// item was never awarded; rounded per line so every table adds up.
import { estimateDemand, percentOf } from "~/modules/council/estimate";

const item = {
  itemId: "a",
  name: "Papier",
  unit: "Stück",
  vatRateBp: 1900,
  referencePrice: 12_345,
  roundQuantity: 20,
};
const lines = [
  { itemId: "a", quantity: 3, product: "11.1", ledgerAccount: "4431" },
  { itemId: "a", quantity: 2, product: "11.2", ledgerAccount: "4431" },
];
const bands = [
  { minQty: 0, unitPrice: 10_000 },
  { minQty: 10, unitPrice: 8_000 },
];

describe("estimateDemand", () => {
  it("incremental: the body's proportional part of cost(Q), per line", () => {
    const e = estimateDemand({
      items: [{ ...item, awarded: { pricing: "incremental", bands } }],
      lines,
    });
    // cost(20) = 10 × 1,00 € + 10 × 0,80 € = 18,00 €, 0,90 € a unit; alone 5 × 1,00 €
    expect(e.items[0]).toMatchObject({
      quantity: 5,
      basis: "awarded",
      aloneUnitPrice: 10_000,
      bundleUnitPrice: 9_000,
      aloneBandFrom: 0,
      bundleBandFrom: 10,
      aloneNetCents: 500,
      bundleNetCents: 450,
      bundleVatCents: 51 + 34,
    });
    expect(e.totals).toEqual({
      aloneNetCents: 500,
      bundleNetCents: 450,
      bundleVatCents: 85,
      bundleGrossCents: 535,
      savingNetCents: 50,
    });
    expect(e.accounts).toEqual([
      { product: "11.1", ledgerAccount: "4431", grossCents: 270 + 51 },
      { product: "11.2", ledgerAccount: "4431", grossCents: 180 + 34 },
    ]);
  });

  it("all-units: the band price of the bundled quantity; never awarded: the reference price", () => {
    const awarded = estimateDemand({
      items: [{ ...item, awarded: { pricing: "all-units", bands } }],
      lines,
    });
    expect(awarded.totals.bundleNetCents).toBe(400);
    expect(awarded.totals.savingNetCents).toBe(100);
    const reference = estimateDemand({ items: [item], lines });
    // 3 × 1,2345 € = 3,7035 → 3,70 €; 2 × 1,2345 € = 2,469 → 2,47 €; alone 5 × 1,2345 = 6,1725
    expect(reference.items[0]).toMatchObject({ basis: "reference", bundleBandFrom: null });
    expect(reference.totals.bundleNetCents).toBe(370 + 247);
    expect(reference.totals.aloneNetCents).toBe(617);
    expect(reference.totals.savingNetCents).toBe(0);
  });

  it("ignores lines of items the round does not hold", () => {
    const e = estimateDemand({ items: [item], lines: [{ ...lines[0]!, itemId: "b" }] });
    expect(e.items).toEqual([]);
    expect(e.totals.bundleGrossCents).toBe(0);
  });
});

describe("percentOf", () => {
  it.each([
    [1_875, 14_963, "12,5 %"],
    [2, 3, "66,7 %"],
    [1, 3, "33,3 %"],
    [-65, 100, "-65,0 %"],
    [5, 0, "–"],
  ])("%i of %i is %s", (part, whole, text) => {
    expect(percentOf(part, whole)).toBe(text);
  });
});
