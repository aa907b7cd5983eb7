import fc from "fast-check";
import { DomainError } from "~/domain/errors";
import { largestRemainder } from "~/domain/largest-remainder";
import { rational, roundHalfUp } from "~/domain/rational";

const byIndex = (a: number, b: number) => a - b;

describe("largestRemainder", () => {
  it.each([
    // total, weights, expected
    [10n, [1n, 1n, 1n], [4n, 3n, 3n]], // tie → first claimant
    [100n, [1n, 2n, 3n], [17n, 33n, 50n]], // 16,67 / 33,33 / 50 → largest remainder 0,67
    [5n, [0n, 1n, 0n], [0n, 5n, 0n]],
    [0n, [0n, 0n], [0n, 0n]],
    [7n, [3n, 3n, 1n], [3n, 3n, 1n]],
    [2n, [1n, 1n, 1n], [1n, 1n, 0n]],
  ])("%s over %s", (total, weights, expected) => {
    expect(
      largestRemainder(
        total,
        weights.map((w) => rational(w)),
        byIndex,
        "Test",
      ),
    ).toEqual(expected);
  });

  it("uses exact rational weights (1/3 vs 333/1000)", () => {
    // quotas 100 × 1000/1999 = 50,025… and 100 × 999/1999 = 49,975… → floors 50 + 49, the cent to 0,975
    expect(
      largestRemainder(100n, [rational(1n, 3n), rational(333n, 1000n)], byIndex, "Test"),
    ).toEqual([50n, 50n]);
    // 2/3 vs 1/3 of 1 cent: the exact remainders 0,67 and 0,33 decide, whatever the input order
    expect(largestRemainder(1n, [rational(1n, 3n), rational(2n, 3n)], byIndex, "Test")).toEqual([
      0n,
      1n,
    ]);
  });

  it("breaks ties with the given order, not the input order", () => {
    const reversed = (a: number, b: number) => b - a;
    expect(largestRemainder(1n, [rational(1n), rational(1n)], reversed, "Test")).toEqual([0n, 1n]);
  });

  it("throws German errors for unusable input", () => {
    expect(() => largestRemainder(1n, [rational(0n)], byIndex, "Lieferpauschale")).toThrow(
      DomainError,
    );
    expect(() => largestRemainder(1n, [rational(0n)], byIndex, "Lieferpauschale")).toThrow(
      /^Lieferpauschale: Alle Gewichte sind 0/,
    );
    expect(() => largestRemainder(-1n, [rational(1n)], byIndex, "X")).toThrow(/negativ/);
    expect(() => largestRemainder(1n, [rational(-1n)], byIndex, "X")).toThrow(
      /Gewicht ist negativ/,
    );
  });

  it("sums exactly and stays within one unit of every exact quota", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.array(
          fc.record({
            n: fc.bigInt({ min: 0n, max: 10n ** 9n }),
            d: fc.bigInt({ min: 1n, max: 10n ** 6n }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (total, raw) => {
          const weights = raw.map((w) => rational(w.n, w.d));
          const W = weights.reduce(
            (s, w) => rational(s.num * w.den + w.num * s.den, s.den * w.den),
            rational(0n),
          );
          fc.pre(W.num > 0n);
          const shares = largestRemainder(total, weights, byIndex, "Test");
          expect(shares.reduce((s, x) => s + x, 0n)).toBe(total);
          shares.forEach((share, i) => {
            const w = weights[i]!;
            // |share − total·w/W| < 1
            const diff = share * w.den * W.num - total * w.num * W.den;
            const bound = w.den * W.num;
            expect(diff < bound && -diff < bound).toBe(true);
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("roundHalfUp", () => {
  it.each([
    [5n, 10n, 1n],
    [4n, 10n, 0n],
    [15n, 10n, 2n],
    [-5n, 10n, -1n],
    [-4n, 10n, 0n],
    [0n, 7n, 0n],
    [1692_9n, 10n, 1693n],
  ])("%s / %s → %s", (num, den, expected) => {
    expect(roundHalfUp(num, den)).toBe(expected);
  });
});
