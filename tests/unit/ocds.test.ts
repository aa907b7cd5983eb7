import fc from "fast-check";

import {
  buildCurrentRelease,
  buildReleasePackage,
  buildReleases,
  centsToAmount,
  formatBands,
  ocidFor,
  parseSupplierAddress,
  partyIdForSupplier,
  type PublicTender,
} from "~/domain/ocds";

import { mergePatch, releaseErrors, releaseSchemaWithLots } from "../support/ocds-schema";

const context = { origin: "https://buendelkauf.example" };
const TENDER_ID = "0b7c3c52-3c4e-4d7e-9d7e-0c1f5a6b7c8d";

function tender(overrides: Partial<PublicTender> = {}): PublicTender {
  const lead = { id: "lead", name: "Hameln, Stadt", ags: "03252006", land: "Niedersachsen" };
  return {
    id: TENDER_ID,
    referenceNumber: "HM-2027-001",
    title: "Büromaterial 2027",
    description: "Gemeinsame Ausschreibung",
    pricing: "all-units",
    framework: true,
    callOffReserveBp: 1000,
    termMonths: 24,
    contractStart: "2027-01-01",
    contractPeriod: {
      start: new Date("2026-12-31T23:00:00Z"),
      end: new Date("2028-12-31T22:59:59Z"),
    },
    criteria: "price",
    priceWeightBp: 10000,
    qualityCriteria: [],
    submissionDeadline: new Date("2026-11-30T11:00:00Z"),
    publishedAt: new Date("2026-11-01T08:00:00Z"),
    procedure: "eu-open",
    lead,
    participants: [
      { id: "b1", name: "Bad Pyrmont, Stadt", ags: "03252001", land: "Niedersachsen" },
      lead,
      { id: "zv", name: "Zweckverband Abfall", ags: null, land: "Niedersachsen" },
    ],
    lots: [
      {
        id: "lot-1",
        number: 1,
        title: "Papier",
        category: "consumable",
        award: null,
        items: [
          {
            itemId: "item-a4",
            position: 0,
            name: "Kopierpapier A4",
            description: "80 g/m²",
            attributes: "weiß",
            unit: "Ries",
            cpvCode: "30197630-1",
            cpvLabel: "Druckpapier",
            bundledQuantity: 750,
            bandMinQty: [0, 100, 1000],
          },
        ],
      },
      {
        id: "lot-2",
        number: 2,
        title: "Lizenzen",
        category: "license",
        award: null,
        items: [
          {
            itemId: "item-office",
            position: 0,
            name: "Office-Lizenz",
            description: "",
            attributes: "",
            unit: "Lizenz/Jahr",
            cpvCode: "48000000-8",
            cpvLabel: "Softwarepaket und Informationssysteme",
            bundledQuantity: 25,
            bandMinQty: [0],
          },
        ],
      },
    ],
    ...overrides,
  };
}

function awarded(): PublicTender {
  const t = tender();
  t.lots[1]!.award = {
    awardedAt: new Date("2026-12-05T09:00:00Z"),
    bidId: "bid-2",
    supplierName: "Soft GmbH",
    supplierAddress: "Hauptstraße 1\n31785 Hameln",
    valueNetCents: 123456,
  };
  t.lots[0]!.award = {
    awardedAt: new Date("2026-12-06T09:00:00Z"),
    bidId: "bid-1",
    supplierName: "Papier AG",
    supplierAddress: "",
    valueNetCents: 10,
  };
  return t;
}

describe("OCDS release of a published tender", () => {
  const release = buildCurrentRelease(tender(), context);

  it("validates against OCDS 1.1.5 with the lots extension", () => {
    expect(releaseErrors(release)).toEqual([]);
  });

  it("names the lead as buyer and procuring entity and every participant as buyer", () => {
    expect(release.ocid).toBe(`ocds-bk0001-${TENDER_ID}`);
    expect(release.ocid).toBe(ocidFor(TENDER_ID));
    expect(release.id).toBe(`${TENDER_ID}-tender`);
    expect(release.tag).toEqual(["tender"]);
    expect(release.date).toBe("2026-11-01T08:00:00.000Z");
    expect(release.buyer).toEqual({ id: "DE-AGS-03252006", name: "Hameln, Stadt" });
    expect(release.tender.procuringEntity).toEqual(release.buyer);
    expect(release.parties.map((p) => [p.id, p.roles])).toEqual([
      ["DE-AGS-03252006", ["buyer", "procuringEntity"]],
      ["DE-AGS-03252001", ["buyer"]],
      ["bk-body-zv", ["buyer"]],
    ]);
    expect(release.parties[0]!.identifier).toEqual({
      scheme: "DE-AGS",
      id: "03252006",
      legalName: "Hameln, Stadt",
    });
    expect(release.parties[2]!.identifier).toBeUndefined();
  });

  it("lists lots and items with CPV, quantity, unit and lot", () => {
    expect(release.tender.status).toBe("active");
    expect(release.tender.lots).toEqual([
      { id: "LOT-0001", title: "Los 1 – Papier", status: "active" },
      { id: "LOT-0002", title: "Los 2 – Lizenzen", status: "active" },
    ]);
    expect(release.tender.items[0]).toEqual({
      id: "item-a4",
      description: "Kopierpapier A4",
      classification: { scheme: "CPV", id: "30197630-1", description: "Druckpapier" },
      quantity: 750,
      unit: { name: "Ries" },
      relatedLot: "LOT-0001",
    });
    expect(release.tender.tenderPeriod.endDate).toBe("2026-11-30T11:00:00.000Z");
    expect(release.tender.procurementMethod).toBe("open");
    expect(release.tender.documents.map((d) => d.url)).toEqual([
      `https://buendelkauf.example/oeffentlich/${TENDER_ID}`,
      `https://buendelkauf.example/oeffentlich/${TENDER_ID}/leistungsverzeichnis.xlsx`,
      `https://buendelkauf.example/oeffentlich/${TENDER_ID}/preisblatt.xlsx`,
    ]);
    expect(release.awards).toBeUndefined();
  });

  it("leaves out what is unknown instead of inventing it", () => {
    const t = buildCurrentRelease(tender({ procedure: null, description: " " }), context);
    expect(t.tender.procurementMethod).toBeUndefined();
    expect(t.tender.description).toBeUndefined();
    expect(releaseErrors(t)).toEqual([]);
  });
});

describe("OCDS releases after the award", () => {
  const releases = buildReleases(awarded(), context);

  it("adds one release per award, in the order the awards were made", () => {
    expect(releases.map((r) => [r.id, r.tag[0], r.date])).toEqual([
      [`${TENDER_ID}-tender`, "tender", "2026-11-01T08:00:00.000Z"],
      [`${TENDER_ID}-award-1`, "award", "2026-12-05T09:00:00.000Z"],
      [`${TENDER_ID}-award-2`, "award", "2026-12-06T09:00:00.000Z"],
    ]);
    expect(releases.at(-1)).toEqual(buildCurrentRelease(awarded(), context));
    for (const r of releases) expect(releaseErrors(r)).toEqual([]);
  });

  it("has awards with related lots, suppliers and value, and the suppliers as parties", () => {
    const first = releases[1]!;
    expect(first.tender.status).toBe("active");
    expect(first.tender.lots.map((l) => l.status)).toEqual(["active", "complete"]);
    expect(first.awards).toEqual([
      expect.objectContaining({
        id: "LOT-0002-AWARD",
        status: "active",
        date: "2026-12-05T09:00:00.000Z",
        relatedLots: ["LOT-0002"],
        suppliers: [
          { id: partyIdForSupplier("Soft GmbH", "Hauptstraße 1\n31785 Hameln"), name: "Soft GmbH" },
        ],
        value: { amount: 1234.56, currency: "EUR" },
      }),
    ]);
    const supplier = first.parties.find((p) => p.roles.includes("supplier"))!;
    expect(supplier.address).toEqual({
      streetAddress: "Hauptstraße 1",
      postalCode: "31785",
      locality: "Hameln",
    });

    const last = releases[2]!;
    expect(last.tender.status).toBe("complete");
    expect(last.awards!.map((a) => [a.relatedLots[0], a.value])).toEqual([
      ["LOT-0002", { amount: 1234.56, currency: "EUR" }],
      ["LOT-0001", { amount: 0.1, currency: "EUR" }],
    ]);
    expect(last.parties.filter((p) => p.roles.includes("supplier"))).toHaveLength(2);
    expect(JSON.stringify(last.awards![1]!.value)).toBe('{"amount":0.1,"currency":"EUR"}');
  });

  it("omits the value when it is unknown, and one supplier winning twice is one party", () => {
    const t = awarded();
    t.lots[0]!.award = {
      ...t.lots[1]!.award!,
      bidId: "bid-x",
      supplierName: " soft  gmbh",
      valueNetCents: null,
    };
    const r = buildCurrentRelease(t, context);
    // Same time: lot order decides, so lot 1 comes first.
    expect(r.awards!.map((a) => a.relatedLots[0])).toEqual(["LOT-0001", "LOT-0002"]);
    expect(r.awards![0]!.value).toBeUndefined();
    expect(r.parties.filter((p) => p.roles.includes("supplier"))).toHaveLength(1);
    expect(releaseErrors(r)).toEqual([]);
  });

  it("a release the schema refuses is reported", () => {
    const broken = { ...buildCurrentRelease(awarded(), context), tag: ["bogus"] };
    expect(releaseErrors(broken).length).toBeGreaterThan(0);
  });
});

describe("release package", () => {
  it("wraps releases with version, extension and links", () => {
    const pkg = buildReleasePackage({
      uri: "https://buendelkauf.example/api/ocds/tenders.json",
      publishedDate: new Date("2026-12-07T00:00:00Z"),
      releases: buildReleases(awarded(), context),
      next: "https://buendelkauf.example/api/ocds/tenders.json?seite=2",
    });
    expect(pkg.version).toBe("1.1");
    expect(pkg.extensions[0]).toMatch(/ocds_lots_extension\/v1\.1\.5\/extension\.json$/);
    expect(pkg.releases).toHaveLength(3);
    expect(pkg.links).toEqual({
      next: "https://buendelkauf.example/api/ocds/tenders.json?seite=2",
    });
  });
});

describe("centsToAmount", () => {
  it.each([
    [0, 0, "0"],
    [1, 0.01, "0.01"],
    [10, 0.1, "0.1"],
    [123456, 1234.56, "1234.56"],
    [-505, -5.05, "-5.05"],
    [999_999_999_999_999, 9_999_999_999_999.99, "9999999999999.99"],
  ])("%d cents → %d", (cents, amount, json) => {
    expect(centsToAmount(cents)).toBe(amount);
    expect(JSON.stringify(centsToAmount(cents))).toBe(json);
  });

  it("prints back exactly the decimal of every amount below 10^13 EUR", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), (cents) => {
        const expected = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`
          .replace(/0+$/, "")
          .replace(/\.$/, "");
        expect(JSON.stringify(centsToAmount(cents))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses what it cannot write exactly", () => {
    expect(() => centsToAmount(10 ** 15)).toThrow(/zu groß/);
    expect(() => centsToAmount(1.5)).toThrow(/ganze Zahl/);
  });
});

describe("helpers", () => {
  it("merges JSON as RFC 7386 says", () => {
    expect(mergePatch({ a: "b", c: { d: "e", f: "g" } }, { a: "z", c: { f: null } })).toEqual({
      a: "z",
      c: { d: "e" },
    });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: "b" }, ["c"])).toEqual(["c"]);
    const schema = releaseSchemaWithLots() as {
      definitions: Record<string, { properties: Record<string, unknown> }>;
    };
    expect(schema.definitions.Tender!.properties.lots).toBeDefined();
    expect(schema.definitions.Item!.properties.relatedLot).toBeDefined();
    expect(schema.definitions.Tender!.properties.items).toBeDefined();
  });

  it("reads supplier addresses", () => {
    expect(parseSupplierAddress("Musterweg 1, 12345 Musterstadt")).toEqual({
      streetAddress: "Musterweg 1",
      postalCode: "12345",
      locality: "Musterstadt",
    });
    expect(parseSupplierAddress("Postfach 12")).toEqual({ streetAddress: "Postfach 12" });
    expect(parseSupplierAddress("  ")).toBeUndefined();
  });

  it("formats bands", () => {
    expect(formatBands([0, 100, 1000])).toBe("ab 0 · ab 100 · ab 1.000");
  });
});
