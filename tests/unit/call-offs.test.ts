import fc from "fast-check";

import {
  calledOffPercent,
  callOffBudgetYear,
  callOffMaximum,
  callOffPrice,
  checkWithinMaximum,
  crossesWarning,
} from "~/domain/call-offs";
import { DomainError } from "~/domain/errors";

describe("call-offs (decision 025)", () => {
  it.each([
    [920, 1000, 1012],
    [25, 1000, 27],
    [25, 0, 25],
    [0, 2000, 0],
    [1, 10_000, 2],
  ])("maximum of %i bundled with %i bp reserve is %i", (bundled, reserve, max) => {
    expect(callOffMaximum(bundled, reserve)).toBe(max);
  });

  it.each([
    [333, 46_750, 1900, 155_678, 29_579],
    [1, 5, 1900, 0, 0],
    [1, 50, 1900, 1, 0],
    [3, 10_000, 700, 300, 21],
  ])("%i × %i/10,000 € at %i bp: %i + %i cents", (quantity, unitPrice, vatRateBp, net, vat) => {
    expect(callOffPrice({ quantity, unitPrice, vatRateBp })).toEqual({
      netCents: net,
      vatCents: vat,
      grossCents: net + vat,
    });
  });

  it("prices every call-off within half a cent of its exact value (BigInt reference)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom(0, 700, 1900),
        (quantity, unitPrice, vatRateBp) => {
          const { netCents, vatCents } = callOffPrice({ quantity, unitPrice, vatRateBp });
          const exact = BigInt(quantity) * BigInt(unitPrice); // in 1/10,000 EUR = 1/100 cent
          const diff = BigInt(netCents) * 100n - exact;
          expect(diff >= -50n && diff <= 50n).toBe(true);
          const vatExact = BigInt(netCents) * BigInt(vatRateBp);
          const vatDiff = BigInt(vatCents) * 10_000n - vatExact;
          expect(vatDiff >= -5_000n && vatDiff <= 5_000n).toBe(true);
        },
      ),
    );
  });

  it("refuses beyond the maximum with what is left, allows up to it exactly", () => {
    expect(() =>
      checkWithinMaximum({ lotLabel: "Los 1", maximum: 10, calledOff: 4, requested: 6 }),
    ).not.toThrow();
    expect(() =>
      checkWithinMaximum({ lotLabel: "Los 1", maximum: 10, calledOff: 4, requested: 7 }),
    ).toThrow(
      new DomainError(
        "Los 1: Der Abruf von 7 überschreitet die Höchstmenge von 10; abrufbar sind noch 6.",
      ),
    );
    expect(() =>
      checkWithinMaximum({ lotLabel: "Los 1", maximum: 10, calledOff: 10, requested: 1 }),
    ).toThrow("ist ausgeschöpft");
  });

  it("warns once, when 80 % is reached; percent rounds down", () => {
    expect(crossesWarning(1012, 809, 810)).toBe(true);
    expect(crossesWarning(1012, 0, 809)).toBe(false);
    expect(crossesWarning(1012, 810, 900)).toBe(false);
    expect(calledOffPercent(1012, 809)).toBe(79);
    expect(calledOffPercent(27, 24)).toBe(88);
  });

  it("takes the budget year from the date", () => {
    expect(callOffBudgetYear("2028-02-29")).toBe(2028);
    expect(() => callOffBudgetYear("2027-02-29")).toThrow(DomainError);
  });
});
