import { type LotSplitInput, splitLotCosts } from "~/domain/cost-split";
import { DomainError } from "~/domain/errors";

// Bands of the hand-worked cases: 1,00 € from 0, 0,90 € from 10, 0,80 € from 100 units.
const BANDS = [
  { minQty: 0, unitPrice: 10_000 },
  { minQty: 10, unitPrice: 9_000 },
  { minQty: 100, unitPrice: 8_000 },
];

function twoBodies(pricing: LotSplitInput["pricing"], a: number, b: number): LotSplitInput {
  return {
    pricing,
    bodies: [
      { id: "A", population: 1000, isLead: true },
      { id: "B", population: 3000, isLead: false },
    ],
    items: [{ id: "papier", vatRateBp: 1900, bands: BANDS }],
    lines: [
      { bodyId: "B", itemId: "papier", costCentre: "KST-1", quantity: b },
      { bodyId: "A", itemId: "papier", costCentre: "KST-1", quantity: a },
    ],
    sharedCosts: [],
  };
}

// Each row worked out by hand (see the comments); columns per body: net, VAT, alone, savings.
// prettier-ignore
const CASES: [string, LotSplitInput["pricing"], number, number, number, number, [number, number, number, number], [number, number, number, number]][] = [
  // Q=9 below the first boundary: 1,00 € each; VAT 171 = 76 + 95 exactly
  ["all-units Q=9",     "all-units", 4, 5,   900, 171, [400, 76, 400, 0],       [500, 95, 500, 0]],
  // Q=10 on the boundary: 0,90 €; VAT 171 = 85,5 + 85,5 → the tie goes to A
  ["all-units Q=10",    "all-units", 5, 5,   900, 171, [450, 86, 500, 50],      [450, 85, 500, 50]],
  // Q=11: VAT 188,1 → 188 = 85,45 + 102,55 → B has the larger remainder
  ["all-units Q=11",    "all-units", 5, 6,   990, 188, [450, 85, 500, 50],      [540, 103, 600, 60]],
  // Q=99 just below 100: still 0,90 €; VAT 1692,9 → 1693 = 684,04 + 1008,96
  ["all-units Q=99",    "all-units", 40, 59, 8910, 1693, [3600, 684, 3600, 0],  [5310, 1009, 5310, 0]],
  // Q=100 on the boundary: 0,80 €; VAT 1520 = 608 + 912
  ["all-units Q=100",   "all-units", 40, 60, 8000, 1520, [3200, 608, 3600, 400], [4800, 912, 5400, 600]],
  // Q=101: VAT 1535,2 → 1535 = 607,92 + 927,08
  ["all-units Q=101",   "all-units", 40, 61, 8080, 1535, [3200, 608, 3600, 400], [4880, 927, 5490, 610]],
  // incremental: cost(9) = 9,00 €
  ["incremental Q=9",   "incremental", 4, 5,   900, 171, [400, 76, 400, 0],     [500, 95, 500, 0]],
  // cost(10) = 10 × 1,00 = 10,00 € (the 10th unit is still in the first band)
  ["incremental Q=10",  "incremental", 5, 5,   1000, 190, [500, 95, 500, 0],    [500, 95, 500, 0]],
  // cost(11) = 10,00 + 0,90 = 10,90 €: 495,45 + 594,55 ct; VAT 207,1 → 207 = 94,09 + 112,91
  ["incremental Q=11",  "incremental", 5, 6,   1090, 207, [495, 94, 500, 5],    [595, 113, 600, 5]],
  // cost(99) = 10,00 + 89 × 0,90 = 90,10 €: 3640,40 + 5369,60; VAT 1711,9 → 1712 = 691,72 + 1020,28
  ["incremental Q=99",  "incremental", 40, 59, 9010, 1712, [3640, 692, 3700, 60], [5370, 1020, 5410, 40]],
  // cost(100) = 10,00 + 90 × 0,90 = 91,00 €: 3640 + 5460; VAT 1729 = 691,6 + 1037,4
  ["incremental Q=100", "incremental", 40, 60, 9100, 1729, [3640, 692, 3700, 60], [5460, 1037, 5500, 40]],
  // cost(101) = 91,00 + 0,80 = 91,80 €: 3635,64 + 5544,36; VAT 1744,2 → 1744 = 690,69 + 1053,31
  ["incremental Q=101", "incremental", 40, 61, 9180, 1744, [3636, 691, 3700, 64], [5544, 1053, 5590, 46]],
];

describe("splitLotCosts – hand-worked band boundaries", () => {
  it.each(CASES)("%s", (_name, pricing, a, b, invoiceNet, invoiceVat, bodyA, bodyB) => {
    const split = splitLotCosts(twoBodies(pricing, a, b));
    expect(split.invoice).toEqual({
      netCentsByRate: { 1900: invoiceNet },
      vatCentsByRate: { 1900: invoiceVat },
      grossCents: invoiceNet + invoiceVat,
    });
    const [A, B] = split.bodies;
    for (const [body, [net, vat, alone, savings]] of [
      [A!, bodyA],
      [B!, bodyB],
    ] as const) {
      expect(body.goodsNetCents).toBe(net);
      expect(body.goodsVatCents).toBe(vat);
      expect(body.aloneNetCents).toBe(alone);
      expect(body.grossSavingsCents).toBe(savings);
      expect(body.netSavingsCents).toBe(savings);
      expect(body.grossCents).toBe(net + vat);
    }
    expect(split.lines.map((l) => [l.bodyId, l.netCents, l.vatCents, l.grossCents])).toEqual([
      ["A", bodyA[0], bodyA[1], bodyA[0] + bodyA[1]],
      ["B", bodyB[0], bodyB[1], bodyB[0] + bodyB[1]],
    ]);
  });
});

describe("splitLotCosts – shared costs", () => {
  const base: LotSplitInput = {
    pricing: "all-units",
    bodies: [
      { id: "A", population: 1000, isLead: true },
      { id: "B", population: 2000, isLead: false },
      { id: "C", population: 7000, isLead: false },
      { id: "D", population: 500, isLead: false }, // no demand in this lot
    ],
    items: [{ id: "papier", vatRateBp: 1900, bands: BANDS }],
    // Q = 100 → 0,80 €; values 8,00 / 16,00 / 56,00 € (A 10, B 20, C 70 units)
    lines: [
      { bodyId: "A", itemId: "papier", costCentre: "1", quantity: 10 },
      { bodyId: "B", itemId: "papier", costCentre: "1", quantity: 20 },
      { bodyId: "C", itemId: "papier", costCentre: "1", quantity: 70 },
      { bodyId: "D", itemId: "papier", costCentre: "1", quantity: 0 },
    ],
    sharedCosts: [],
  };

  // amount 1000 ct, VAT 19 % = 190 ct
  // prettier-ignore
  const cases: [string, LotSplitInput["sharedCosts"][number]["key"], "all" | "non-lead", Record<string, [number, number]>][] = [
    // 10 : 20 : 70
    ["value", "value", "all", { A: [100, 19], B: [200, 38], C: [700, 133] }],
    ["quantity", "quantity", "all", { A: [100, 19], B: [200, 38], C: [700, 133] }],
    // 1000 : 2000 : 7000
    ["population", "population", "all", { A: [100, 19], B: [200, 38], C: [700, 133] }],
    // 333,33 each → the extra cent to A (smallest id); VAT 63,33 each → A
    ["equal", "equal", "all", { A: [334, 64], B: [333, 63], C: [333, 63] }],
    // without the lead: 20 : 70 → 222,22 / 777,78 → C; VAT 42,22 / 147,78 → C
    ["value, non-lead", "value", "non-lead", { B: [222, 42], C: [778, 148] }],
    // savings: A 1,00 €, B 2,00 €, C 7,00 € alone minus bundle (all at 0,90 → 0,80)
    ["savings", "savings", "all", { A: [100, 19], B: [200, 38], C: [700, 133] }],
  ];

  it.each(cases)("key %s", (_name, key, payers, expected) => {
    const split = splitLotCosts({
      ...base,
      sharedCosts: [{ id: "lieferung", amountCents: 1000, vatRateBp: 1900, key, payers }],
    });
    const got = Object.fromEntries(split.shared.map((s) => [s.bodyId, [s.netCents, s.vatCents]]));
    expect(got).toEqual(expected);
    const d = split.bodies.find((b) => b.bodyId === "D")!;
    expect(d).toMatchObject({
      goodsNetCents: 0,
      sharedNetCents: 0,
      grossCents: 0,
      aloneNetCents: 0,
    });
  });

  it("falls back from savings to value when nobody saves", () => {
    const split = splitLotCosts({
      ...base,
      lines: base.lines.map((l) => ({ ...l, quantity: l.quantity === 0 ? 0 : 3 })), // Q = 9: no discount
      sharedCosts: [
        { id: "lieferung", amountCents: 1000, vatRateBp: 0, key: "savings", payers: "all" },
      ],
    });
    expect(split.shared.map((s) => s.netCents)).toEqual([334, 333, 333]);
    expect(split.bodies.map((b) => b.grossSavingsCents)).toEqual([0, 0, 0, 0]);
  });

  it("rounds several savings-keyed costs together so nobody pays more than it saves", () => {
    // A and B save 1 cent each (alone 11 ct for 1 unit at 0,11 €; bundled 0,10 €).
    const split = splitLotCosts({
      pricing: "all-units",
      bodies: [
        { id: "A", population: 1, isLead: false },
        { id: "B", population: 1, isLead: false },
      ],
      items: [
        {
          id: "x",
          vatRateBp: 0,
          bands: [
            { minQty: 0, unitPrice: 1100 },
            { minQty: 2, unitPrice: 1000 },
          ],
        },
      ],
      lines: [
        { bodyId: "A", itemId: "x", costCentre: "", quantity: 1 },
        { bodyId: "B", itemId: "x", costCentre: "", quantity: 1 },
      ],
      sharedCosts: [
        { id: "k1", amountCents: 1, vatRateBp: 0, key: "savings", payers: "all" },
        { id: "k2", amountCents: 1, vatRateBp: 0, key: "savings", payers: "all" },
      ],
    });
    expect(split.bodies.map((b) => b.grossSavingsCents)).toEqual([1, 1]);
    // plain per-cost largest remainder would give both cents to A (tie → smaller id)
    expect(split.shared.map((s) => [s.costId, s.bodyId, s.netCents])).toEqual([
      ["k1", "A", 1],
      ["k1", "B", 0],
      ["k2", "A", 0],
      ["k2", "B", 1],
    ]);
    expect(split.bodies.map((b) => b.netSavingsCents)).toEqual([0, 0]);
  });
});

describe("splitLotCosts – order and rates", () => {
  it("orders lines by (body, item, cost centre) and splits each rate on its own", () => {
    const split = splitLotCosts({
      pricing: "all-units",
      bodies: [
        { id: "b", population: 1, isLead: false },
        { id: "a", population: 1, isLead: true },
      ],
      items: [
        { id: "toner", vatRateBp: 1900, bands: [{ minQty: 0, unitPrice: 333_333 }] },
        { id: "buch", vatRateBp: 700, bands: [{ minQty: 0, unitPrice: 12_345 }] },
      ],
      lines: [
        { bodyId: "b", itemId: "toner", costCentre: "2", quantity: 1 },
        { bodyId: "a", itemId: "toner", costCentre: "2", quantity: 1 },
        { bodyId: "a", itemId: "toner", costCentre: "10", quantity: 1 },
        { bodyId: "a", itemId: "buch", costCentre: "1", quantity: 3 },
      ],
      sharedCosts: [],
    });
    expect(split.lines.map((l) => `${l.bodyId}/${l.itemId}/${l.costCentre}`)).toEqual([
      "a/buch/1",
      "a/toner/10", // plain string order: "10" < "2"
      "a/toner/2",
      "b/toner/2",
    ]);
    // toner: 3 × 33,3333 € = 99,9999 € → 10000 ct, three equal lines 3333,33 → extra cent to a/toner/10
    // buch: 3 × 1,2345 = 3,7035 € → 370 ct; VAT 7 % = 25,9 → 26
    expect(split.invoice.netCentsByRate).toEqual({ 700: 370, 1900: 10000 });
    expect(split.invoice.vatCentsByRate).toEqual({ 700: 26, 1900: 1900 });
    expect(split.lines.map((l) => l.netCents)).toEqual([370, 3334, 3333, 3333]);
    expect(split.lines.map((l) => l.vatCents)).toEqual([26, 634, 633, 633]);
  });
});

describe("splitLotCosts – bad input", () => {
  const ok = () => twoBodies("all-units", 1, 2);
  // prettier-ignore
  const cases: [string, (i: LotSplitInput) => void, RegExp][] = [
    ["unknown body", (i) => { i.lines[0]!.bodyId = "X"; }, /Körperschaft „X“.*unbekannt/],
    ["unknown item", (i) => { i.lines[0]!.itemId = "toner"; }, /Artikel „toner“.*unbekannt/],
    ["band not at 0", (i) => { i.items[0]!.bands = [{ minQty: 1, unitPrice: 5 }]; }, /Artikel „papier“: Die erste Staffel muss bei Menge 0 beginnen/],
    ["rising price", (i) => { i.items[0]!.bands = [{ minQty: 0, unitPrice: 5 }, { minQty: 10, unitPrice: 6 }]; }, /Artikel „papier“, Staffel 2: Der Preis 6 steigt/],
    ["unordered bands", (i) => { i.items[0]!.bands = [{ minQty: 0, unitPrice: 5 }, { minQty: 0, unitPrice: 4 }]; }, /Staffel 2: Die Mindestmenge 0/],
    ["no bands", (i) => { i.items[0]!.bands = []; }, /Artikel „papier“: Es ist keine Preisstaffel/],
    ["fractional price", (i) => { i.items[0]!.bands = [{ minQty: 0, unitPrice: 1.5 }]; }, /Stückpreis.*1\.5/],
    ["negative quantity", (i) => { i.lines[0]!.quantity = -1; }, /Körperschaft „B“, Artikel „papier“, Kostenstelle „KST-1“\): Menge darf nicht kleiner als 0/],
    ["fractional quantity", (i) => { i.lines[0]!.quantity = 1.5; }, /Kostenstelle „KST-1“\): Menge muss eine ganze Zahl/],
    ["bad rate", (i) => { i.items[0]!.vatRateBp = 19.5; }, /Artikel „papier“: Der Umsatzsteuersatz/],
    ["rate over 100 %", (i) => { i.items[0]!.vatRateBp = 10_001; }, /Artikel „papier“: Der Umsatzsteuersatz/],
    ["negative population", (i) => { i.bodies[0]!.population = -5; }, /Körperschaft „A“: Einwohnerzahl/],
    ["duplicate body", (i) => { i.bodies[1]!.id = "A"; }, /Körperschaft „A“ ist doppelt/],
    ["duplicate item", (i) => { i.items.push({ ...i.items[0]! }); }, /Artikel „papier“ ist doppelt/],
    ["bad pricing", (i) => { (i as { pricing: string }).pricing = "volume"; }, /Unbekannte Preisart „volume“/],
    ["negative shared amount", (i) => { i.sharedCosts.push({ id: "fracht", amountCents: -1, vatRateBp: 0, key: "value", payers: "all" }); }, /Gemeinkosten „fracht“: Betrag in Cent/],
    ["fractional shared amount", (i) => { i.sharedCosts.push({ id: "fracht", amountCents: 0.5, vatRateBp: 0, key: "value", payers: "all" }); }, /Gemeinkosten „fracht“: Betrag in Cent muss eine ganze Zahl/],
    ["unknown key", (i) => { i.sharedCosts.push({ id: "fracht", amountCents: 1, vatRateBp: 0, key: "area" as "value", payers: "all" }); }, /Gemeinkosten „fracht“: Unbekannter Verteilungsschlüssel „area“/],
    ["unknown payers", (i) => { i.sharedCosts.push({ id: "fracht", amountCents: 1, vatRateBp: 0, key: "value", payers: "some" as "all" }); }, /Gemeinkosten „fracht“: Unbekannte Angabe der Zahlenden/],
    ["nobody to pay", (i) => { i.lines = i.lines.filter((l) => l.bodyId === "A"); i.sharedCosts.push({ id: "fracht", amountCents: 100, vatRateBp: 0, key: "value", payers: "non-lead" }); }, /Gemeinkosten „fracht“: Es gibt keine Körperschaft/],
    ["empty cost id", (i) => { i.sharedCosts.push({ id: "", amountCents: 1, vatRateBp: 0, key: "value", payers: "all" }); }, /Gemeinkosten: Die Kennung fehlt/],
  ];
  it.each(cases)("%s", (_name, mutate, message) => {
    const input = ok();
    mutate(input);
    expect(() => splitLotCosts(input)).toThrow(DomainError);
    expect(() => splitLotCosts(input)).toThrow(message);
  });

  it("accepts a zero shared cost that nobody can pay", () => {
    const input = ok();
    input.lines = [];
    input.sharedCosts.push({
      id: "fracht",
      amountCents: 0,
      vatRateBp: 1900,
      key: "value",
      payers: "all",
    });
    const split = splitLotCosts(input);
    expect(split.shared).toEqual([]);
    expect(split.invoice).toEqual({ netCentsByRate: {}, vatCentsByRate: {}, grossCents: 0 });
  });
});
