import fc from "fast-check";
import { DomainError } from "~/domain/errors";
import {
  isLeitwegId,
  leitwegCheckDigits,
  leitwegIdProblem,
  makeLeitwegId,
  parseLeitwegId,
} from "~/domain/leitweg-id";

describe("Leitweg-ID", () => {
  // Examples from the KoSIT format specification and published test IDs.
  it.each([
    "04011000-1234512345-06",
    "991-33333TEST-33",
    "04011000-900X999-08",
    "992-90009-96",
    "09564000-NUE0001-49",
  ])("accepts %s", (id) => {
    expect(leitwegIdProblem(id)).toBeNull();
    expect(isLeitwegId(id)).toBe(true);
  });

  it.each([
    ["04011000-1234512345-07", /Prüfziffer .* stimmt nicht \(erwartet: 06\)/],
    ["991-33333TEST-34", /Prüfziffer/],
    ["04011000-1234512345", /keine Leitweg-ID/], // check digits missing
    ["1-33", /keine Leitweg-ID/], // Grobadressierung needs 2 digits
    ["1234567890123-00", /keine Leitweg-ID/], // 13 digits
    ["991-33333test-33", /keine Leitweg-ID/], // lower case only through parseLeitwegId
    ["991-3333_TEST-33", /keine Leitweg-ID/],
    [`991-${"A".repeat(31)}-00`, /keine Leitweg-ID/],
    ["991--33", /keine Leitweg-ID/],
    [" 991-33333TEST-33", /keine Leitweg-ID/],
    ["", /Bitte eine Leitweg-ID angeben/],
    [undefined, /Bitte eine Leitweg-ID angeben/],
  ])("rejects %s", (id, message) => {
    expect(leitwegIdProblem(id)).toMatch(message);
    expect(isLeitwegId(id)).toBe(false);
  });

  it("computes the check digits of the specification's worked example", () => {
    expect(leitwegCheckDigits("04011000", "1234512345")).toBe("06");
    expect(leitwegCheckDigits("991", "33333TEST")).toBe("33");
    expect(makeLeitwegId("992", "90009")).toBe("992-90009-96");
  });

  it("parses form input: trims and upper-cases, German error otherwise", () => {
    expect(parseLeitwegId("  991-33333test-33 ")).toBe("991-33333TEST-33");
    expect(() => parseLeitwegId("991-33333TEST-35")).toThrow(DomainError);
    expect(() => parseLeitwegId("991-33333TEST-35")).toThrow(/erwartet: 33/);
  });

  it("refuses to make an ID from a malformed address", () => {
    expect(() => makeLeitwegId("1")).toThrow(/2 bis 12 Ziffern/);
    expect(() => makeLeitwegId("991", "ab")).toThrow(/Großbuchstaben/);
  });

  const coarse = fc.stringMatching(/^\d{2,12}$/);
  const fine = fc.oneof(fc.constant(""), fc.stringMatching(/^[0-9A-Z]{1,30}$/));

  it("property: every generated ID validates", () => {
    fc.assert(
      fc.property(coarse, fine, (c, f) => {
        expect(leitwegIdProblem(makeLeitwegId(c, f))).toBeNull();
      }),
    );
  });

  // MOD 97-10 changes the number by (a − b) · 10^k for a digit-for-digit or letter-for-letter
  // substitution; 97 is prime and |a − b| < 97, so each such change is caught. A digit swapped for a
  // letter changes the length of the number instead, and the specification's check cannot catch
  // all of those (fast-check found the one pinned below).
  const digit = fc.constantFrom(..."0123456789");
  const letter = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ");

  it("property: any single-character change (digit for digit, letter for letter) is rejected", () => {
    fc.assert(
      fc.property(coarse, fine, fc.nat(), digit, letter, (c, f, at, newDigit, newLetter) => {
        const id = makeLeitwegId(c, f);
        const positions = [...id].flatMap((char, index) => (char === "-" ? [] : [index]));
        const index = positions[at % positions.length]!;
        const replacement = /\d/.test(id[index]!) ? newDigit : newLetter;
        fc.pre(id[index] !== replacement);
        const changed = id.slice(0, index) + replacement + id.slice(index + 1);
        expect(leitwegIdProblem(changed)).toMatch(/Prüfziffer/);
      }),
      { numRuns: 5000 },
    );
  });

  it("cannot catch every digit-for-letter swap (a limit of the specification's check)", () => {
    const id = makeLeitwegId("3279423537", "OW5RC6R4AA");
    expect(id).toBe("3279423537-OW5RC6R4AA-21");
    // "4" → "M" (= 22): two digits for one, and the number stays ≡ 1 mod 97
    expect(isLeitwegId("3279423537-OW5RC6RMAA-21")).toBe(true);
  });
});
