import fc from "fast-check";
import { VALUATION_CAP_MONTHS, valueLot, valuationBasisFor } from "~/domain/contract-value";
import { DomainError } from "~/domain/errors";
import { estimateLotValueCents, estimateLots } from "~/domain/lots";
import { adviseProcedure } from "~/domain/procedure";

// BigInt reference: cents = round half up (exact × months / 12 × (1 + option) / 100)
function reference(exact: bigint, months: bigint, optionBp = 0n): number {
  const numerator = exact * months * (10_000n + optionBp);
  const denominator = 12n * 100n * 10_000n;
  return Number((2n * numerator + denominator) / (2n * denominator));
}

const item = (quantity: number, referencePrice: number) => ({ quantity, referencePrice });
const lot = (items: { quantity: number; referencePrice: number }[]) => ({ id: "L", items });
// 100 seats × 120,00 € per seat and year = 12.000,00 € a year = 1.000,00 € a month
const seats = lot([item(100, 1_200_000)]);

describe("§ 3 VgV over the whole term", () => {
  // prettier-ignore
  it.each([
    // kind, term, extensions, cents, citation
    ["term", 12, [], 1_200_000, "§ 3 Abs. 11 Nr. 1 VgV"],
    ["term", 24, [], 2_400_000, "§ 3 Abs. 11 Nr. 1 VgV"],
    ["term", 48, [], 4_800_000, "§ 3 Abs. 11 Nr. 1 VgV"],
    ["term", 49, [], 4_800_000, "§ 3 Abs. 11 Nr. 2 VgV"], // 48 monthly values
    ["term", 24, [12], 3_600_000, "§ 3 Abs. 11 Nr. 1 VgV"], // an extension option counts
    ["term", 24, [12, 12], 4_800_000, "§ 3 Abs. 11 Nr. 1 VgV"],
    ["term", 24, [12, 12, 1], 4_800_000, "§ 3 Abs. 11 Nr. 2 VgV"],
    ["term", null, [], 4_800_000, "§ 3 Abs. 11 Nr. 2 VgV"], // open-ended
    ["framework", 12, [], 1_200_000, "§ 3 Abs. 4 VgV"],
    ["framework", 24, [], 2_400_000, "§ 3 Abs. 4 VgV"],
    ["framework", 48, [], 4_800_000, "§ 3 Abs. 4 VgV"],
    ["framework", 49, [], 4_900_000, "§ 3 Abs. 4 VgV"], // all call-offs, no 48-month cap
    ["framework", 36, [12, 12], 6_000_000, "§ 3 Abs. 4 VgV"],
  ] as const)("%s over %s months + %j → %i ct (%s)", (kind, termMonths, extensionMonths, cents, citation) => {
    const basis =
      kind === "term"
        ? { kind, termMonths, extensionMonths }
        : { kind, termMonths: termMonths!, extensionMonths };
    expect(valueLot(seats, basis)).toMatchObject({ estimatedNetCents: cents, citation });
  });

  it("a 24-month licence contract counts 24 months, not 12 (the bug of issue 15)", () => {
    const term = { framework: false, termMonths: 24, category: "license" as const };
    expect(estimateLotValueCents(seats, term)).toBe(2_400_000);
  });

  it("the term moves a licence lot across the EU threshold only with its extensions", () => {
    // 5.000,00 € a month: 36 months = 180.000 €; + 12 months option = 240.000 € ≥ 216.000 €
    const licences = [{ id: "L", items: [item(500, 1_200_000)] }];
    const advise = (extensionMonths: number[]) =>
      adviseProcedure({
        land: "Niedersachsen",
        date: "2026-12-06",
        lots: estimateLots(licences, {
          framework: false,
          termMonths: 36,
          category: "license",
          extensionMonths,
        }),
      });
    expect(advise([])).toMatchObject({ totalNetCents: 18_000_000, euWide: false });
    expect(advise([12])).toMatchObject({ totalNetCents: 24_000_000, euWide: true });
  });

  it("one-off and recurring purchases count the bundled quantity once, whatever the term", () => {
    expect(valueLot(seats, { kind: "one-off" })).toMatchObject({
      estimatedNetCents: 1_200_000,
      countedMonths: null,
      citation: "§ 3 Abs. 1 VgV",
    });
    expect(valueLot(seats, { kind: "recurring" })).toMatchObject({
      estimatedNetCents: 1_200_000,
      citation: "§ 3 Abs. 10 Nr. 2 VgV",
    });
  });

  it("a framework's stated maximum counts when it is larger than the call-offs", () => {
    const basis = { kind: "framework" as const, termMonths: 24, statedMaximumNetCents: 3_000_000 };
    expect(valueLot(seats, basis).estimatedNetCents).toBe(3_000_000);
    expect(valueLot(seats, { ...basis, statedMaximumNetCents: 100 }).estimatedNetCents).toBe(
      2_400_000,
    );
  });

  it("adds a quantity option and says so", () => {
    const v = valueLot(seats, { kind: "term", termMonths: 24 }, { quantityOptionBp: 2_000 });
    expect(v.estimatedNetCents).toBe(2_880_000);
    expect(v.explanation).toContain("Mengenoption von 20 %");
  });

  it("explains the 48-month rule in German", () => {
    expect(valueLot(seats, { kind: "term", termMonths: 60 }).explanation).toBe(
      "Laufzeit 60 Monate einschließlich Verlängerungen, also mehr als 48 Monate: gezählt wird der 48-fache Monatswert.",
    );
    expect(valueLot(seats, { kind: "term", termMonths: null }).explanation).toMatch(
      /^Unbestimmte Laufzeit: gezählt wird der 48-fache Monatswert/,
    );
  });

  it.each([
    [{ kind: "term" as const, termMonths: 0 }],
    [{ kind: "term" as const, termMonths: 12, extensionMonths: [0] }],
    [{ kind: "framework" as const, termMonths: 12.5 }],
  ])("refuses impossible terms: %j", (basis) => {
    expect(() => valueLot(seats, basis)).toThrow(DomainError);
  });

  it("valuationBasisFor: framework first, then licences over the term, then consumables", () => {
    const t = { termMonths: 24, extensionMonths: [12] };
    expect(valuationBasisFor({ category: "consumable", framework: true, ...t }).kind).toBe(
      "framework",
    );
    expect(valuationBasisFor({ category: "license", framework: false, ...t }).kind).toBe("term");
    expect(valuationBasisFor({ category: "consumable", framework: false, ...t }).kind).toBe(
      "one-off",
    );
    expect(
      valuationBasisFor({ category: "consumable", framework: false, recurring: true, ...t }).kind,
    ).toBe("recurring");
  });
});

describe("§ 3 VgV properties", () => {
  const items = fc.array(
    fc.record({
      quantity: fc.integer({ min: 0, max: 2_000_000 }),
      referencePrice: fc.integer({ min: 0, max: 100_000_000 }),
    }),
    { minLength: 0, maxLength: 5 },
  );
  const exactOf = (xs: { quantity: number; referencePrice: number }[]) =>
    xs.reduce((s, x) => s + BigInt(x.quantity) * BigInt(x.referencePrice), 0n);
  const boundaryTerm = fc.constantFrom(12, 24, 48, 49);
  const extensions = fc.array(fc.integer({ min: 1, max: 24 }), { maxLength: 3 });
  const option = fc.integer({ min: 0, max: 5_000 });

  it("a term counts all its months incl. extensions up to 48, then 48 (§ 3 Abs. 11)", () => {
    fc.assert(
      fc.property(items, boundaryTerm, extensions, option, (xs, term, ext, bp) => {
        const total = term + ext.reduce((a, b) => a + b, 0);
        const counted = Math.min(total, VALUATION_CAP_MONTHS);
        const v = valueLot(
          lot(xs),
          { kind: "term", termMonths: term, extensionMonths: ext },
          { quantityOptionBp: bp },
        );
        expect(v.countedMonths).toBe(counted);
        expect(v.estimatedNetCents).toBe(reference(exactOf(xs), BigInt(counted), BigInt(bp)));
        expect(v.citation).toBe(total <= 48 ? "§ 3 Abs. 11 Nr. 1 VgV" : "§ 3 Abs. 11 Nr. 2 VgV");
      }),
    );
  });

  it("49 months and open-ended count exactly what 48 months count", () => {
    fc.assert(
      fc.property(items, extensions, (xs, ext) => {
        const at48 = valueLot(lot(xs), { kind: "term", termMonths: 48 }).estimatedNetCents;
        expect(
          valueLot(lot(xs), { kind: "term", termMonths: 49, extensionMonths: ext })
            .estimatedNetCents,
        ).toBe(at48);
        expect(valueLot(lot(xs), { kind: "term", termMonths: null }).estimatedNetCents).toBe(at48);
      }),
    );
  });

  it("a framework counts every month of its term and extensions (§ 3 Abs. 4), never less than a term", () => {
    fc.assert(
      fc.property(items, boundaryTerm, extensions, (xs, term, ext) => {
        const total = term + ext.reduce((a, b) => a + b, 0);
        const framework = valueLot(lot(xs), {
          kind: "framework",
          termMonths: term,
          extensionMonths: ext,
        });
        expect(framework.estimatedNetCents).toBe(reference(exactOf(xs), BigInt(total)));
        const asTerm = valueLot(lot(xs), { kind: "term", termMonths: term, extensionMonths: ext });
        expect(framework.estimatedNetCents).toBeGreaterThanOrEqual(asTerm.estimatedNetCents);
      }),
    );
  });

  it("more months never lower the value; an extension never lowers it", () => {
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 120 }), extensions, (xs, term, ext) => {
        const base = valueLot(lot(xs), { kind: "term", termMonths: term }).estimatedNetCents;
        const longer = valueLot(lot(xs), {
          kind: "term",
          termMonths: term,
          extensionMonths: ext,
        }).estimatedNetCents;
        expect(longer).toBeGreaterThanOrEqual(base);
      }),
    );
  });
});
