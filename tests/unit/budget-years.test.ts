import fc from "fast-check";
import { spreadOverBudgetYears } from "~/domain/budget-years";
import { DomainError } from "~/domain/errors";

describe("spreadOverBudgetYears", () => {
  // prettier-ignore
  it.each([
    // the example of issue 3: 9 + 12 + 12 + 3 months
    ["2027-04-01", 36, 360_000, [[2027, 90_000], [2028, 120_000], [2029, 120_000], [2030, 30_000]]],
    ["2026-01-01", 12, 100_000, [[2026, 100_000]]],
    ["2026-12-01", 1, 999, [[2026, 999]]],
    ["2026-12-01", 2, 1_001, [[2026, 501], [2027, 500]]], // tie 500,5 / 500,5 → the earlier year
    ["2025-11-01", 3, 100, [[2025, 67], [2026, 33]]], // 66,67 / 33,33
    ["2025-07-01", 12, 1, [[2025, 1], [2026, 0]]],
    ["2025-03-01", 48, 0, [[2025, 0], [2026, 0], [2027, 0], [2028, 0], [2029, 0]]],
    ["2024-02-01", 13, 1_300, [[2024, 1_100], [2025, 200]]],
  ] as const)("%s, %i months, %i ct", (start, months, totalCents, expected) => {
    expect(spreadOverBudgetYears({ start, months, totalCents })).toEqual(expected.map(([year, cents]) => ({ year, cents })));
  });

  it.each([
    [
      { start: "2027-04-15", months: 12, totalCents: 1 },
      /Vertragsbeginn „2027-04-15“: Lizenzverträge beginnen am Ersten/,
    ],
    [
      { start: "2027-13-01", months: 12, totalCents: 1 },
      /Vertragsbeginn: „2027-13-01“ ist kein gültiges Datum/,
    ],
    [{ start: "1.4.2027", months: 12, totalCents: 1 }, /kein gültiges Datum im Format JJJJ-MM-TT/],
    [
      { start: "2027-04-01", months: 0, totalCents: 1 },
      /Laufzeit in Monaten darf nicht kleiner als 1/,
    ],
    [
      { start: "2027-04-01", months: 1.5, totalCents: 1 },
      /Laufzeit in Monaten muss eine ganze Zahl/,
    ],
    [
      { start: "2027-04-01", months: 12, totalCents: -1 },
      /Gesamtbetrag in Cent darf nicht kleiner als 0/,
    ],
    [
      { start: "2027-04-01", months: 12, totalCents: 0.5 },
      /Gesamtbetrag in Cent muss eine ganze Zahl/,
    ],
  ])("rejects %j", (input, message) => {
    expect(() => spreadOverBudgetYears(input)).toThrow(DomainError);
    expect(() => spreadOverBudgetYears(input)).toThrow(message);
  });

  it("adds up exactly, month by month within a cent per year", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 120 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (year, month, months, totalCents) => {
          const start = `${year}-${String(month).padStart(2, "0")}-01`;
          const spread = spreadOverBudgetYears({ start, months, totalCents });
          expect(spread.reduce((s, y) => s + y.cents, 0)).toBe(totalCents);
          expect(spread[0]!.year).toBe(year);
          let remaining = months;
          let firstMonth = month;
          spread.forEach((y, i) => {
            expect(y.year).toBe(year + i);
            const inYear = Math.min(remaining, 13 - firstMonth);
            remaining -= inYear;
            firstMonth = 1;
            // |cents × months − total × inYear| < months: within one cent of pro rata
            expect(Math.abs(y.cents * months - totalCents * inYear)).toBeLessThan(months);
          });
          expect(remaining).toBe(0);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
