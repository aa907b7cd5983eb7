// Demo tenders that are already awarded, one per cooperation, so the treasurers (Kämmerei) of
// every demo body find a cost split: own round (so the rounds other demos bundle stay as they
// are), demand by population, tender with lots as proposed, shared costs, publication, two bids
// per lot, award to the better one – all through the product's model functions
// (tests/factories/awards.ts). Deterministic (fixed times, quantities and prices) and
// idempotent (a tender with its reference number is kept).
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { getDb } from "../db/client";
import { bodies, catalogueItems, tenders, users } from "../db/schema";
import { recordCallOffs } from "../app/modules/calloffs/index.server";
import { type SharedCostInput } from "../app/modules/tender/index.server";
import { type FactoryBidder, makeAwardedTenderFor } from "../tests/factories/awards";
import { type DemoCooperation, demoCooperations, demoEmail } from "../tests/factories/demo";

type DemoAward = {
  cooperation: DemoCooperation;
  referenceNumber: string;
  title: string;
  start: string;
  contractStart: string;
  termMonths: number;
  /** catalogue name pattern (ILIKE) → demand per 1,000 inhabitants, in the item's unit */
  items: { pattern: string; perThousand: number; bands: number[] }[];
  sharedCosts: Record<number, SharedCostInput[]>;
  lotTitles: Record<number, string>;
  /** default: the supplier invoices each body */
  goodsBilling?: "lead";
  /** a framework agreement (decision 025): its reserve, and call-offs by member and item index */
  framework?: {
    callOffReserveBp: number;
    callOffs: {
      member: number;
      item: number;
      quantity: number;
      calledOn: string;
      costCentre: string;
    }[];
  };
  /** default: the procedure the advice allows */
  procedure?: "eu-open";
  /** false: bids recorded and ranked, the lots wait in evaluation for the § 134 GWB letters */
  award?: boolean;
};

const awards: DemoAward[] = [
  {
    // EU-wide, its deadline passed, two bids per lot, not yet awarded: the office writes the
    // § 134 GWB letters from the evaluation page (e2e lifecycle). Published on Saturday
    // 2026-09-12: day 30 is Monday 2026-10-12, a working day; offers until 13 October.
    cooperation: demoCooperations[1]!,
    referenceNumber: "KB-2026-09",
    title: "Toner und Druckerpatronen 2027 (EU-weit)",
    procedure: "eu-open",
    award: false,
    start: "2026-09-08T06:00:00Z",
    contractStart: "2027-01-01",
    termMonths: 12,
    lotTitles: {},
    items: [
      {
        pattern: "Toner schwarz für HP LaserJet Pro (CF259X%",
        perThousand: 1,
        bands: [0, 10, 30],
      },
      { pattern: "Endpoint-Schutz%", perThousand: 2, bands: [0, 25] },
    ],
    sharedCosts: {},
  },
  {
    cooperation: demoCooperations[0]!,
    referenceNumber: "HM-2026-017",
    title: "Büropapier, Toner und Lizenzen 2027–2029",
    start: "2026-05-04T06:00:00Z",
    contractStart: "2027-04-01",
    termMonths: 24,
    lotTitles: {
      1: "Papier und Toner",
      2: "Virenschutz (Lizenzen)",
      3: "Office-Pakete (Lizenzen)",
    },
    items: [
      { pattern: "Kopierpapier DIN A4, 80%", perThousand: 9, bands: [0, 100, 300, 800] },
      { pattern: "Recyclingpapier DIN A4%", perThousand: 4, bands: [0, 100, 300, 800] },
      {
        pattern: "Toner schwarz für HP LaserJet Pro (CF259X%",
        perThousand: 0.6,
        bands: [0, 10, 30, 60],
      },
      { pattern: "Endpoint-Schutz%", perThousand: 3, bands: [0, 50, 150, 300] },
      { pattern: "Office-Paket%", perThousand: 2.5, bands: [0, 50, 150, 300] },
    ],
    sharedCosts: {
      1: [
        {
          kind: "delivery",
          label: "Lieferpauschale",
          amountCents: 15_000,
          percentBp: null,
          vatRateBp: 1900,
          key: "value",
          payers: "all",
        },
      ],
      3: [
        {
          kind: "admin-percent",
          label: "Verwaltungskostenbeitrag der Stadt Hameln",
          amountCents: null,
          percentBp: 100,
          vatRateBp: 0,
          key: "savings",
          payers: "non-lead",
        },
      ],
    },
  },
  {
    cooperation: demoCooperations[1]!,
    referenceNumber: "KB-2026-04",
    title: "Kopierpapier und Virenschutz 2027",
    // Königsbrück buys centrally and re-invoices the goods with the shared costs (XRechnung).
    goodsBilling: "lead",
    start: "2026-05-11T06:00:00Z",
    contractStart: "2027-01-01",
    termMonths: 36,
    lotTitles: { 1: "Kopierpapier", 2: "Virenschutz (Lizenzen)" },
    items: [
      { pattern: "Kopierpapier DIN A4, 80%", perThousand: 10, bands: [0, 50, 150] },
      { pattern: "Endpoint-Schutz%", perThousand: 4, bands: [0, 25, 60] },
    ],
    sharedCosts: {
      1: [
        {
          kind: "delivery",
          label: "Lieferpauschale",
          amountCents: 9_000,
          percentBp: null,
          vatRateBp: 1900,
          key: "quantity",
          payers: "all",
        },
      ],
    },
  },
  {
    cooperation: demoCooperations[2]!,
    referenceNumber: "WF-2026-11",
    title: "Papier und Toner 2027",
    // A framework agreement with 20 % reserve; both bodies have called off some of it.
    framework: {
      callOffReserveBp: 2000,
      callOffs: [
        {
          member: 1,
          item: 0,
          quantity: 120,
          calledOn: "2027-03-10",
          costCentre: "1100 Hauptverwaltung",
        },
        {
          member: 1,
          item: 1,
          quantity: 5,
          calledOn: "2027-06-20",
          costCentre: "1100 Hauptverwaltung",
        },
        { member: 0, item: 0, quantity: 200, calledOn: "2027-09-01", costCentre: "2110 Schulen" },
        {
          member: 1,
          item: 0,
          quantity: 80,
          calledOn: "2028-01-15",
          costCentre: "1100 Hauptverwaltung",
        },
      ],
    },
    start: "2026-05-18T06:00:00Z",
    contractStart: "2027-01-01",
    termMonths: 12,
    lotTitles: { 1: "Papier und Toner" },
    items: [
      { pattern: "Kopierpapier DIN A4, 80%", perThousand: 8, bands: [0, 200, 1000] },
      {
        pattern: "Toner schwarz für HP LaserJet Pro (CF259X%",
        perThousand: 0.5,
        bands: [0, 20, 100],
      },
    ],
    sharedCosts: {
      1: [
        {
          kind: "admin-fixed",
          label: "Verwaltungskostenbeitrag des Landkreises",
          amountCents: 8_000,
          percentBp: null,
          vatRateBp: 0,
          key: "population",
          payers: "all",
        },
      ],
    },
  },
];

/** Prices from the catalogue's reference price: the first bidder cheaper, both falling per band. */
function demoBidders(reference: Map<string, number>): FactoryBidder[] {
  const at = (itemId: string, percentBp: number) =>
    Math.floor(((reference.get(itemId) ?? 10_000) * percentBp) / 10_000);
  return [
    {
      name: "Papier & Büro Weserbergland GmbH",
      address: "Hafenstraße 12\n31785 Hameln",
      price: (item, _i, b) => at(item.itemId, 9_350 - 450 * b),
    },
    {
      name: "Kontor Nord Bürobedarf AG",
      address: "Großer Burstah 3\n20457 Hamburg",
      price: (item, _i, b) => at(item.itemId, 9_800 - 400 * b),
    },
  ];
}

async function userId(email: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  if (!row) throw new Error(`Demo-Konto ${email} fehlt`);
  return row.id;
}

async function seedAward(spec: DemoAward): Promise<boolean> {
  const db = await getDb();
  const members = [spec.cooperation.lead, ...spec.cooperation.members];
  const bodyRows = await db
    .select({ id: bodies.id, ags: bodies.ags, population: bodies.population })
    .from(bodies)
    .where(
      inArray(
        bodies.ags,
        members.map((m) => m.ags),
      ),
    );
  const byAgs = new Map(bodyRows.map((b) => [b.ags!, b]));
  const lead = byAgs.get(spec.cooperation.lead.ags)!;
  const [existing] = await db
    .select({ id: tenders.id })
    .from(tenders)
    .where(and(eq(tenders.leadBodyId, lead.id), eq(tenders.referenceNumber, spec.referenceNumber)));
  if (existing) return false;

  const items: (DemoAward["items"][number] & { id: string; referencePrice: number })[] = [];
  for (const wanted of spec.items) {
    const [item] = await db
      .select({ id: catalogueItems.id, referencePrice: catalogueItems.referencePrice })
      .from(catalogueItems)
      .where(sql`${catalogueItems.name} ilike ${wanted.pattern}`)
      .orderBy(asc(catalogueItems.name))
      .limit(1);
    if (!item) throw new Error(`Demo-Artikel „${wanted.pattern}“ fehlt im Katalog`);
    items.push({ ...item, ...wanted });
  }
  const memberRows: { bodyId: string; officerId: string; population: number }[] = [];
  for (const m of members) {
    memberRows.push({
      bodyId: byAgs.get(m.ags)!.id,
      officerId: await userId(demoEmail("officer", m.slug)),
      population: byAgs.get(m.ags)!.population,
    });
  }
  // Quantities grow with the population; bodies above 15,000 split paper over two cost centres.
  const demand = memberRows.flatMap((m, member) =>
    items.flatMap((item, i) => {
      const quantity = Math.max(1, Math.round((m.population / 1000) * item.perThousand));
      const base = { member, item: i, product: "11.1.01", ledgerAccount: "443100" };
      if (m.population > 15_000 && i === 0) {
        return [
          { ...base, quantity: Math.ceil(quantity * 0.7), costCentre: "1100 Hauptverwaltung" },
          {
            ...base,
            quantity: Math.max(1, Math.floor(quantity * 0.3)),
            costCentre: "2110 Schulen",
            product: "21.1.01",
          },
        ];
      }
      const licence = /Lizenz|Schutz|Office/i.test(item.pattern);
      return [
        {
          ...base,
          quantity,
          costCentre: licence ? "1430 IT-Service" : "1100 Hauptverwaltung",
          ledgerAccount: licence ? "443300" : "443100",
        },
      ];
    }),
  );
  const { tenderId } = await makeAwardedTenderFor({
    title: spec.title,
    referenceNumber: spec.referenceNumber,
    leadBodyId: lead.id,
    leadUserId: await userId(demoEmail("procurement", spec.cooperation.lead.slug)),
    members: memberRows,
    items: items.map((i) => ({ id: i.id, bandMinQty: i.bands })),
    demand,
    contractStart: spec.contractStart,
    termMonths: spec.termMonths,
    goodsBilling: spec.goodsBilling,
    sharedCosts: spec.sharedCosts,
    lotTitles: spec.lotTitles,
    procedure: spec.procedure,
    award: spec.award,
    bidders: demoBidders(new Map(items.map((i) => [i.id, i.referencePrice]))),
    start: new Date(spec.start),
    framework: spec.framework,
  });
  for (const c of spec.framework?.callOffs ?? []) {
    const member = memberRows[c.member]!;
    await recordCallOffs({
      tenderId,
      actor: { userId: member.officerId, bodyId: member.bodyId },
      entries: [
        {
          itemId: items[c.item]!.id,
          quantity: c.quantity,
          calledOn: c.calledOn,
          costCentre: c.costCentre,
        },
      ],
      now: new Date(`${c.calledOn}T09:00:00Z`),
    });
  }
  return true;
}

/** Returns how many demo tenders were created (0 on a second run); all but one awarded. */
export async function seedDemoAwards(): Promise<number> {
  let created = 0;
  for (const spec of awards) if (await seedAward(spec)) created++;
  return created;
}
