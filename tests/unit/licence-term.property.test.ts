// Licences over the whole term (issue 15, point 1): a licence lot's invoice is seats × price per
// seat and year × months / 12, rounded to cents once; split over the lines and then over the
// budget years it adds up to the cent – checked against a BigInt reference.
import fc from "fast-check";

import { spreadOverBudgetYears, termCents, termFactor } from "~/domain/budget-years";
import { splitLotCosts } from "~/domain/cost-split";

/** round half up of num / den for non-negative integers */
const reference = (num: bigint, den: bigint) => (2n * num + den) / (2n * den);

const startArb = fc
  .record({ year: fc.integer({ min: 2025, max: 2040 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => `${year}-${String(month).padStart(2, "0")}-01`);

describe("a licence over its term", () => {
  it.each([
    // 15 seats × 4,675 € × 24 / 12 = 140,25 €
    [15, 46_750, 24, 14_025n],
    [15, 46_750, 12, 7_013n], // 70,125 → 70,13
    [1, 10_000, 13, 108n], // 1 € × 13/12 = 1,0833… €
    [7, 1, 1, 0n], // 7 × 0,0001 € for a month
    [3, 99_999, 49, 12_250n], // 3 × 9,9999 € × 49/12 = 122,4988… €
  ])("%i seats at %i/10,000 € for %i months cost %i ct", (seats, price, months, cents) => {
    expect(termCents(BigInt(seats * price), months)).toBe(cents);
    const split = splitLotCosts({
      pricing: "all-units",
      bodies: [{ id: "a", population: 1, isLead: true }],
      items: [{ id: "i", vatRateBp: 0, bands: [{ minQty: 0, unitPrice: price }] }],
      lines: [{ bodyId: "a", itemId: "i", costCentre: "1", quantity: seats }],
      sharedCosts: [],
      termMonths: months,
    });
    expect(split.invoice.netCentsByRate[0]).toBe(Number(cents));
    expect(split.bodies[0]!.aloneNetCents).toBe(Number(cents));
  });

  it("is priced once without a term (goods bought once)", () => {
    expect(termFactor(undefined)).toEqual({ num: 1n, den: 1n });
    expect(termCents(12_345n, undefined)).toBe(123n);
  });

  it("seats × term × budget years add up to the line total to the cent", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom(0, 700, 1900),
        startArb,
        (seats, price, months, rate, start) => {
          const split = splitLotCosts({
            pricing: "all-units",
            bodies: seats.map((_, i) => ({ id: `b${i}`, population: 1, isLead: i === 0 })),
            items: [{ id: "i", vatRateBp: rate, bands: [{ minQty: 0, unitPrice: price }] }],
            lines: seats.map((quantity, i) => ({
              bodyId: `b${i}`,
              itemId: "i",
              costCentre: "1",
              quantity,
            })),
            sharedCosts: [],
            termMonths: months,
          });
          const total = seats.reduce((s, q) => s + BigInt(q), 0n) * BigInt(price);
          // the invoice: seats × price per year × months / 12, rounded once
          const net = reference(total * BigInt(months), 1_200n);
          expect(BigInt(split.invoice.netCentsByRate[rate]!)).toBe(net);
          expect(split.lines.reduce((s, l) => s + BigInt(l.netCents), 0n)).toBe(net);
          for (const [i, line] of split.lines.entries()) {
            // each line within a cent of its exact part of the term
            const exact = BigInt(seats[i]!) * BigInt(price) * BigInt(months);
            expect(BigInt(line.netCents) * 1_200n - exact).toBeGreaterThan(-1_200n);
            expect(BigInt(line.netCents) * 1_200n - exact).toBeLessThan(1_200n + 1_200n);
            // … and its budget years add up to it, each within a cent of its months' part
            for (const cents of [line.netCents, line.grossCents]) {
              const years = spreadOverBudgetYears({ start, months, totalCents: cents });
              expect(years.reduce((s, y) => s + y.cents, 0)).toBe(cents);
              const firstMonth = Number(start.slice(5, 7));
              years.forEach((y, j) => {
                const inYear = Math.min(
                  months -
                    years.slice(0, j).reduce((s, _, k) => s + (k === 0 ? 13 - firstMonth : 12), 0),
                  j === 0 ? 13 - firstMonth : 12,
                );
                expect(Math.abs(y.cents * months - cents * inYear)).toBeLessThan(months);
              });
            }
          }
          // what each body would pay alone (one band: the same price) is its exact term cost
          for (const body of split.bodies) {
            const q = BigInt(seats[Number(body.bodyId.slice(1))]!);
            expect(BigInt(body.aloneNetCents)).toBe(
              reference(q * BigInt(price) * BigInt(months), 1_200n),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
