import { proposeBands } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import {
  checkTerm,
  cpvGroup,
  estimateLots,
  estimateLotValueCents,
  formatBandStarts,
  parseBandStarts,
  proposeLots,
  requireOneCategory,
  validateBandStarts,
} from "~/domain/lots";
import { adviseProcedure } from "~/domain/procedure";

const item = (id: string, cpvCode: string, category: "consumable" | "license" = "consumable") => ({
  id,
  cpvCode,
  category,
});

describe("proposeLots", () => {
  // prettier-ignore
  it.each([
    ["one item, one lot", [item("a", "30197630-1")], [["a"]]],
    ["same CPV group shares a lot", [item("a", "30197630-1"), item("b", "30125110-5")], [["a", "b"]]],
    ["different groups split", [item("a", "30197630-1"), item("b", "39830000-9")], [["a"], ["b"]]],
    ["a licence never joins consumables of its group", [item("a", "30197630-1"), item("l", "30197630-1", "license")], [["a"], ["l"]]],
    ["consumables first, then by group", [item("l", "48300000-1", "license"), item("c", "39830000-9"), item("a", "30197630-1")], [["a"], ["c"], ["l"]]],
    ["licences of one group share a lot", [item("l1", "48300000-1", "license"), item("l2", "48310000-4", "license")], [["l1", "l2"]]],
    ["items keep their given order", [item("b", "30125110-5"), item("a", "30197630-1")], [["b", "a"]]],
    ["a duplicate item appears once", [item("a", "30197630-1"), item("a", "30197630-1")], [["a"]]],
    ["no items, no lots", [], []],
  ])("%s", (_name, items, expected) => {
    expect(proposeLots(items).map((l) => l.itemIds)).toEqual(expected);
  });

  it("titles lots by the CPV group's label, licences marked", () => {
    const lots = proposeLots(
      [item("a", "30197630-1"), item("b", "39830000-9"), item("l", "30197630-1", "license")],
      { "301": "Büromaschinen und Zubehör" },
    );
    expect(lots.map((l) => [l.title, l.category, l.cpvGroup])).toEqual([
      ["Büromaschinen und Zubehör", "consumable", "301"],
      ["CPV-Gruppe 398", "consumable", "398"],
      ["Büromaschinen und Zubehör (Lizenzen)", "license", "301"],
    ]);
  });

  it("refuses an item without a CPV code", () => {
    expect(() => proposeLots([item("x", "ab")])).toThrow(DomainError);
  });

  it("cpvGroup is the first three digits", () => {
    expect(cpvGroup("30197630-1")).toBe("301");
  });

  it("requireOneCategory refuses mixing consumables and licences", () => {
    expect(requireOneCategory("Los", ["consumable", "consumable"])).toBe("consumable");
    expect(() => requireOneCategory("Los 1", ["consumable", "license"])).toThrow(
      "Verbrauchsmaterial und Lizenzen dürfen nicht im selben Los stehen („Los 1“).",
    );
  });
});

describe("band starts", () => {
  // prettier-ignore
  it.each([
    ["0; 100; 1.000", [0, 100, 1000]],
    ["0;100;1000", [0, 100, 1000]],
    ["0 50 200", [0, 50, 200]],
    [" 0 ; 1.000.000 ", [0, 1_000_000]],
    ["0", [0]],
  ])("parses %j", (text, starts) => {
    expect(parseBandStarts(text, "Papier")).toEqual(starts);
    expect(parseBandStarts(formatBandStarts(starts), "Papier")).toEqual(starts);
  });

  // prettier-ignore
  it.each([
    ["", /mindestens eine Staffel/],
    ["10; 100", /bei Menge 0/],
    ["0; 100; 100", /Staffel 3: Die Mindestmenge 100 muss größer sein/],
    ["0; 1,5", /keine ganze Zahl/],
    ["0; -5", /keine ganze Zahl/],
    ["0; 1.00", /keine ganze Zahl/],
    ["0 1 2 3 4 5 6 7 8 9 10", /Höchstens 10 Staffeln/],
  ])("refuses %j", (text, message) => {
    expect(() => parseBandStarts(text, "Papier")).toThrow(message);
  });

  it("formats German thousands", () => {
    expect(formatBandStarts([0, 100, 1000, 25_000])).toBe("0; 100; 1.000; 25.000");
  });

  it("validateBandStarts refuses non-integers", () => {
    expect(() => validateBandStarts([0, 1.5], "X")).toThrow(DomainError);
  });
});

describe("proposeBands with the largest single body's quantity", () => {
  // prettier-ignore
  it.each([
    // bundled, largest, starts
    [750, 400, [0, 50, 200, 500]],   // 200 replaces the lowest start (5)
    [1234, 1000, [0, 10, 100, 1000]], // already a start
    [1234, 300, [0, 100, 200, 1000]],
    [50, 30, [0, 5, 20, 50]],        // room left: added
    [7, 1, [0, 5]],                  // a single unit gets no band
    [0, 0, [0]],
  ])("bundled %i, largest %i → %j", (bundled, largest, starts) => {
    expect(
      proposeBands({ bundledQuantity: bundled, largestBodyQuantity: largest }).map((b) => b.minQty),
    ).toEqual(starts);
  });

  it("refuses a largest quantity above the bundle", () => {
    expect(() => proposeBands({ bundledQuantity: 5, largestBodyQuantity: 6 })).toThrow(DomainError);
  });
});

describe("estimated contract value", () => {
  const term = (framework: boolean, termMonths: number) => ({ framework, termMonths });
  // prettier-ignore
  it.each([
    // quantity, price (1/10,000 €), framework, months, cents
    [1, 10_000, false, 12, 100],          // 1 × 1,00 €
    [1, 10_000, false, 48, 100],          // no framework: one year's demand, the term does not count
    [1, 10_000, true, 12, 100],
    [1, 10_000, true, 48, 400],           // 4 years
    [1, 10_000, true, 1, 8],              // 100/12 = 8,33 → 8
    [1, 10_000, true, 6, 50],
    [1, 50, false, 12, 1],                // 0,5 ct → half up → 1
    [1, 49, false, 12, 0],                // 0,49 ct → 0
    [3, 50, true, 2, 0],                  // 150 × 2 / 1200 = 0,25 → 0
    [1, 600, true, 1, 1],                 // 600 / 1200 = 0,5 → half up → 1
    [1, 599, true, 1, 0],
    [60_000, 10_000, true, 48, 24_000_000],
    [1_080_000, 99_999_999, true, 48, 4_319_999_956_800],
  ])("%i × %i, framework %s, %i months → %i cents", (q, p, framework, months, cents) => {
    expect(estimateLotValueCents({ id: "L", items: [{ quantity: q, referencePrice: p }] }, term(framework, months))).toBe(cents);
  });

  it("rounds once per lot, not per item", () => {
    // two items of 0,4 ct each: per item 0 + 0 = 0, once per lot 0,8 → 1
    const lot = {
      id: "L",
      items: [
        { quantity: 1, referencePrice: 40 },
        { quantity: 1, referencePrice: 40 },
      ],
    };
    expect(estimateLotValueCents(lot, term(false, 12))).toBe(1);
  });

  it("feeds adviseProcedure: the term moves a lot across the EU threshold", () => {
    const lots = [{ id: "papier", items: [{ quantity: 60_000, referencePrice: 10_000 }] }];
    const advise = (months: number) =>
      adviseProcedure({
        land: "Niedersachsen",
        date: "2026-11-23",
        lots: estimateLots(lots, term(true, months)),
      });
    expect(advise(12)).toMatchObject({ totalNetCents: 6_000_000, euWide: false });
    expect(advise(48)).toMatchObject({ totalNetCents: 24_000_000, euWide: true });
  });

  it("refuses negative quantities and impossible terms", () => {
    expect(() =>
      estimateLotValueCents(
        { id: "L", items: [{ quantity: -1, referencePrice: 1 }] },
        term(false, 12),
      ),
    ).toThrow(DomainError);
    expect(() => estimateLotValueCents({ id: "L", items: [] }, term(true, 0))).toThrow(DomainError);
  });
});

describe("term and procedure choice", () => {
  it.each([
    [12, "", true],
    [48, "", true],
    [49, "", false],
    [60, "zu kurz", false],
    [60, "Amortisation über fünf Jahre", true],
  ])("%i months with reason %j → allowed %s", (termMonths, termReason, ok) => {
    const run = () => checkTerm({ termMonths, termReason });
    if (ok) expect(run).not.toThrow();
    else expect(run).toThrow(DomainError);
  });
});
