import { DomainError } from "~/domain/errors";
import { type Bid, evaluateBid, rankBids } from "~/domain/evaluation";

const quantities = [
  { itemId: "papier", quantity: 100 },
  { itemId: "toner", quantity: 12 },
];

const bids: Bid[] = [
  {
    id: "Nord",
    prices: [
      {
        itemId: "papier",
        bands: [
          { minQty: 0, unitPrice: 45_000 },
          { minQty: 100, unitPrice: 40_000 },
        ],
      },
      { itemId: "toner", bands: [{ minQty: 0, unitPrice: 700_000 }] },
    ],
    qualityPoints: { umwelt: 60 },
  },
  {
    id: "Süd",
    prices: [
      { itemId: "papier", bands: [{ minQty: 0, unitPrice: 42_000 }] },
      {
        itemId: "toner",
        bands: [
          { minQty: 0, unitPrice: 720_000 },
          { minQty: 10, unitPrice: 650_000 },
        ],
      },
    ],
    qualityPoints: { umwelt: 100 },
  },
];

describe("evaluateBid", () => {
  // prettier-ignore
  it.each([
    // all-units: Nord 100 × 4,00 + 12 × 70,00 = 1.240,00 €; Süd 100 × 4,20 + 12 × 65,00 = 1.200,00 €
    ["all-units", 0, 12_400_000, 124_000],
    ["all-units", 1, 12_000_000, 120_000],
    // incremental: Nord 100 × 4,50 (the 100th unit is the last of band 1) + 840 = 1.290,00 €;
    // Süd 420 + 10 × 72,00 + 2 × 65,00 = 1.270,00 €
    ["incremental", 0, 12_900_000, 129_000],
    ["incremental", 1, 12_700_000, 127_000],
  ] as const)("%s, bid %i", (pricing, index, price, cents) => {
    const e = evaluateBid({ pricing, quantities, bid: bids[index]! });
    expect(e.evaluatedPrice).toBe(price);
    expect(e.evaluatedNetCents).toBe(cents);
    expect(e.items.map((i) => i.itemId)).toEqual(["papier", "toner"]);
  });

  it.each([
    [
      { ...bids[0]!, prices: bids[0]!.prices.slice(0, 1) },
      /Angebot „Nord“ enthält keinen Preis für Artikel „toner“/,
    ],
    [
      {
        ...bids[0]!,
        prices: [...bids[0]!.prices, { itemId: "stifte", bands: [{ minQty: 0, unitPrice: 1 }] }],
      },
      /Artikel „stifte“, der nicht zum Los gehört/,
    ],
    [
      {
        ...bids[0]!,
        prices: [
          {
            itemId: "papier",
            bands: [
              { minQty: 0, unitPrice: 1 },
              { minQty: 5, unitPrice: 2 },
            ],
          },
          bids[0]!.prices[1]!,
        ],
      },
      /Angebot „Nord“, Artikel „papier“, Staffel 2: Der Preis 2 steigt/,
    ],
  ])("rejects a bad bid (%#)", (bid, message) => {
    expect(() => evaluateBid({ pricing: "all-units", quantities, bid })).toThrow(DomainError);
    expect(() => evaluateBid({ pricing: "all-units", quantities, bid })).toThrow(message);
  });
});

describe("rankBids", () => {
  it("ranks by lowest evaluated price without criteria", () => {
    const ranked = rankBids({ pricing: "all-units", quantities, bids });
    expect(
      ranked.map((r) => [r.bidId, r.rank, r.pricePointsHundredths, r.scoreHundredths]),
    ).toEqual([
      ["Süd", 1, 10_000, 10_000],
      // 1.200 / 1.240 × 100 = 96,774… points
      ["Nord", 2, 9_677, 9_677],
    ]);
  });

  it("weights quality criteria", () => {
    // 70 % price, 30 % environment: Süd 70 + 30 = 100; Nord 0,7 × 96,774 + 0,3 × 60 = 85,74
    const ranked = rankBids({
      pricing: "all-units",
      quantities,
      bids,
      criteria: [{ id: "umwelt", weightBp: 3_000 }],
    });
    expect(ranked.map((r) => [r.bidId, r.rank, r.scoreHundredths])).toEqual([
      ["Süd", 1, 10_000],
      ["Nord", 2, 8_574],
    ]);
  });

  it("lets quality win over price when weighted so", () => {
    const cheapButPoor: Bid = { ...bids[1]!, id: "Billig", qualityPoints: { umwelt: 0 } };
    const dearButGood: Bid = { ...bids[0]!, id: "Gut", qualityPoints: { umwelt: 100 } };
    const ranked = rankBids({
      pricing: "all-units",
      quantities,
      bids: [cheapButPoor, dearButGood],
      criteria: [{ id: "umwelt", weightBp: 5_000 }],
    });
    // Gut: 0,5 × 96,774 + 50 = 98,39; Billig: 50
    expect(ranked.map((r) => [r.bidId, r.scoreHundredths])).toEqual([
      ["Gut", 9_839],
      ["Billig", 5_000],
    ]);
  });

  it("gives equal bids the same rank, ordered by id", () => {
    const twin: Bid = { ...bids[1]!, id: "Ost" };
    const ranked = rankBids({ pricing: "all-units", quantities, bids: [bids[1]!, twin, bids[0]!] });
    expect(ranked.map((r) => [r.bidId, r.rank])).toEqual([
      ["Ost", 1],
      ["Süd", 1],
      ["Nord", 3],
    ]);
  });

  it.each([
    [{ bids: [] }, /keine Angebote/],
    [
      { criteria: [{ id: "umwelt", weightBp: 3_000 }], priceWeightBp: 6_000 },
      /ergeben nicht 100 %/,
    ],
    [
      { criteria: [{ id: "service", weightBp: 3_000 }] },
      /Angebot „Nord“, Kriterium „service“: Punkte \(0–100\) muss eine ganze Zahl/,
    ],
    [{ bids: [bids[0]!, bids[0]!] }, /Angebot „Nord“ ist doppelt/],
  ])("rejects bad rankings (%#)", (override, message) => {
    expect(() => rankBids({ pricing: "all-units", quantities, bids, ...override })).toThrow(
      message,
    );
  });
});
