// Demo rounds for the demo cooperations: one open round per cooperation (some bodies answered,
// one said "kein Bedarf", one is silent) and, for Hameln, a closed round the office can bundle.
// Deterministic (fixed times and quantities) and idempotent (a round with its title is kept).
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { getDb } from "../db/client";
import { bodies, catalogueItems, rounds, tenders, users } from "../db/schema";
import { declareNoDemand, saveDemandForm } from "../app/modules/demand/index.server";
import { changeRoundStatus, createRound } from "../app/modules/demand/index.server";
import { createTender, publishTender } from "../app/modules/tender/index.server";
import { demoCooperations, demoEmail } from "../tests/factories/demo";
import { recordAdvisedProcedure } from "../tests/factories/tenders";

type DemoRound = {
  title: string;
  description: string;
  budgetYear: number;
  opensAt: string;
  deadline: string;
  enteredAt: string;
  /** Catalogue items by name pattern (SQL ILIKE). */
  itemPatterns: string[];
  silentLast: boolean;
  noDemandIndex: number | null;
};

const openRound: DemoRound = {
  title: "Büromaterial, Reinigung und Lizenzen 2027",
  description:
    "Jährliche Bedarfsabfrage für Verbrauchsmaterial und Softwarelizenzen. Bitte je Kostenstelle eine Zeile.",
  budgetYear: 2027,
  opensAt: "2026-11-02T08:00:00Z",
  deadline: "2027-03-31T10:00:00Z",
  enteredAt: "2026-11-10T09:00:00Z",
  itemPatterns: [
    "%papier DIN A4%",
    "Toner%",
    "Ordner%",
    "Kugelschreiber%",
    "Falthandtücher%",
    "Allzweckreiniger%",
    "%Lizenz%",
  ],
  silentLast: true,
  noDemandIndex: 2,
};

const closedRound: DemoRound = {
  title: "Papier und Toner 2026/27",
  description: "Abgeschlossene Bedarfsabfrage: Grundlage der gemeinsamen Ausschreibung.",
  budgetYear: 2027,
  opensAt: "2026-09-01T06:00:00Z",
  deadline: "2026-10-15T10:00:00Z",
  enteredAt: "2026-09-15T09:00:00Z",
  itemPatterns: ["%papier DIN A4%", "%papier DIN A3%", "Toner schwarz%", "Endpoint%", "Office%"],
  silentLast: false,
  noDemandIndex: null,
};

async function userId(email: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email));
  if (!row) throw new Error(`Demo-Konto ${email} fehlt`);
  return row.id;
}

async function seedRound(cooperation: (typeof demoCooperations)[number], spec: DemoRound) {
  const db = await getDb();
  const members = [cooperation.lead, ...cooperation.members];
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
  const lead = byAgs.get(cooperation.lead.ags)!;
  const [existing] = await db
    .select({ id: rounds.id })
    .from(rounds)
    .where(and(eq(rounds.leadBodyId, lead.id), eq(rounds.title, spec.title)));
  if (existing) return false;

  const items = await db
    .select({
      id: catalogueItems.id,
      name: catalogueItems.name,
      referencePrice: catalogueItems.referencePrice,
    })
    .from(catalogueItems)
    .where(
      sql`${catalogueItems.active} and (${sql.join(
        spec.itemPatterns.map((p) => sql`${catalogueItems.name} ilike ${p}`),
        sql` or `,
      )})`,
    )
    .orderBy(asc(catalogueItems.cpvCode), asc(catalogueItems.name));
  const leadUser = await userId(demoEmail("procurement", cooperation.lead.slug));
  const { id: roundId } = await createRound({
    leadBodyId: lead.id,
    actorUserId: leadUser,
    input: {
      title: spec.title,
      description: spec.description,
      budgetYear: spec.budgetYear,
      opensAt: new Date(spec.opensAt),
      deadline: new Date(spec.deadline),
      itemIds: items.map((i) => i.id),
      bodyIds: members.map((m) => byAgs.get(m.ags)!.id),
    },
  });
  const enteredAt = new Date(spec.enteredAt);
  await changeRoundStatus({
    roundId,
    leadBodyId: lead.id,
    actorUserId: leadUser,
    transition: "open",
    now: enteredAt,
  });
  for (const [index, member] of members.entries()) {
    if (spec.silentLast && index === members.length - 1 && members.length > 2) continue;
    const body = byAgs.get(member.ags)!;
    const actor = { userId: await userId(demoEmail("officer", member.slug)), bodyId: body.id };
    if (index === spec.noDemandIndex) {
      await declareNoDemand({ roundId, actor, now: enteredAt });
      continue;
    }
    // Quantities grow with the population; every body skips a few items, larger ones split
    // their demand over two cost centres.
    const lines = items.flatMap((item, i) => {
      if ((i + index) % 4 === 3) return [];
      const base = Math.max(
        1,
        Math.round((body.population / 1000) * (1 + ((i * 7 + index * 3) % 9))),
      );
      const split = body.population > 15_000 && i % 2 === 0;
      return split
        ? [
            {
              itemId: item.id,
              quantity: Math.ceil(base * 0.7),
              costCentre: "1100 Hauptverwaltung",
              product: "11.1.01",
              ledgerAccount: "443100",
              deliveryAddress: "",
              note: "",
            },
            {
              itemId: item.id,
              quantity: Math.max(1, Math.floor(base * 0.3)),
              costCentre: "2110 Schulen",
              product: "21.1.01",
              ledgerAccount: "443100",
              deliveryAddress: "",
              note: "",
            },
          ]
        : [
            {
              itemId: item.id,
              quantity: base,
              costCentre: "1100 Hauptverwaltung",
              product: "11.1.01",
              ledgerAccount: "443100",
              deliveryAddress: "",
              note: "",
            },
          ];
    });
    const result = await saveDemandForm({ roundId, actor, lines, deleted: [], now: enteredAt });
    if (!result.ok) throw new Error(`Demo-Bedarf für ${member.slug} nicht gespeichert`);
  }
  return true;
}

const cleaningRound: DemoRound = {
  title: "Reinigung und Hygiene 2026/27",
  description: "Abgeschlossene Bedarfsabfrage: Grundlage der gemeinsamen Ausschreibung.",
  budgetYear: 2027,
  opensAt: "2026-09-01T06:00:00Z",
  deadline: "2026-10-15T10:00:00Z",
  enteredAt: "2026-09-16T09:00:00Z",
  itemPatterns: [
    "Falthandtücher%",
    "Toilettenpapier, 3-lagig",
    "Allzweckreiniger%",
    "Glasreiniger%",
    "Müllbeutel%",
  ],
  silentLast: false,
  noDemandIndex: null,
};

/**
 * Three more closed rounds like the one above, bundled into no tender: each round item goes into
 * at most one tender (decision 023), so the office needs free rounds to build a new tender from
 * (the tender e2e spec builds one from each of the first two, the work-list spec from the third).
 */
const freeClosedRounds: DemoRound[] = [
  {
    ...closedRound,
    title: "Papier und Lizenzen 2027 (Nachmeldung)",
    description: "Abgeschlossene Bedarfsabfrage, noch in keiner Ausschreibung.",
  },
  {
    ...closedRound,
    title: "Papier und Lizenzen 2027 (Ergänzung)",
    description: "Abgeschlossene Bedarfsabfrage, noch in keiner Ausschreibung.",
  },
  {
    ...closedRound,
    title: "Papier und Lizenzen 2028 (Vorausschau)",
    description: "Abgeschlossene Bedarfsabfrage, noch in keiner Ausschreibung.",
  },
];

/** Returns how many demo rounds were created (0 on a second run). */
export async function seedDemoRounds(): Promise<number> {
  let created = 0;
  for (const cooperation of demoCooperations)
    if (await seedRound(cooperation, openRound)) created++;
  if (await seedRound(demoCooperations[0]!, closedRound)) created++;
  if (await seedRound(demoCooperations[0]!, cleaningRound)) created++;
  for (const round of freeClosedRounds) if (await seedRound(demoCooperations[0]!, round)) created++;
  return created;
}

type DemoTender = {
  referenceNumber: string;
  title: string;
  roundTitle: string;
  framework: boolean;
  termMonths: number;
  contractStart: string;
  submissionDeadline: string;
  createdAt: string;
  publishedAt: string;
};

// Hameln's two published tenders that wait for the office: one still open for bids, one whose
// submission deadline has passed and whose bids are to be recorded. (The awarded tenders of
// every cooperation come from seed-demo-awards.ts.)
const publishedTenders: DemoTender[] = [
  {
    referenceNumber: "HM-2026-021",
    title: "Papier und Toner 2027/28 (Rahmenvereinbarung)",
    roundTitle: closedRound.title,
    framework: true,
    termMonths: 24,
    contractStart: "2027-04-01",
    submissionDeadline: "2027-01-15T11:00:00Z",
    createdAt: "2026-10-20T08:00:00Z",
    publishedAt: "2026-10-21T08:00:00Z",
  },
  {
    referenceNumber: "HM-2026-019",
    title: "Reinigungs- und Hygienebedarf 2027",
    roundTitle: cleaningRound.title,
    framework: false,
    termMonths: 12,
    contractStart: "2027-01-01",
    submissionDeadline: "2026-11-16T11:00:00Z",
    createdAt: "2026-10-20T09:00:00Z",
    publishedAt: "2026-10-21T09:00:00Z",
  },
];

/** Returns how many demo tenders were published (0 on a second run). */
export async function seedDemoTenders(): Promise<number> {
  const db = await getDb();
  const cooperation = demoCooperations[0]!;
  const [lead] = await db
    .select({ id: bodies.id })
    .from(bodies)
    .where(eq(bodies.ags, cooperation.lead.ags));
  const actorUserId = await userId(demoEmail("procurement", cooperation.lead.slug));
  let published = 0;
  for (const spec of publishedTenders) {
    const [existing] = await db
      .select({ id: tenders.id })
      .from(tenders)
      .where(
        and(eq(tenders.leadBodyId, lead!.id), eq(tenders.referenceNumber, spec.referenceNumber)),
      );
    if (existing) continue;
    const [round] = await db
      .select({ id: rounds.id })
      .from(rounds)
      .where(and(eq(rounds.leadBodyId, lead!.id), eq(rounds.title, spec.roundTitle)));
    if (!round) throw new Error(`Demo-Bedarfsabfrage „${spec.roundTitle}“ fehlt`);
    const createdAt = new Date(spec.createdAt);
    const { id: tenderId } = await createTender({
      leadBodyId: lead!.id,
      actorUserId,
      now: createdAt,
      input: {
        referenceNumber: spec.referenceNumber,
        title: spec.title,
        description: "Gemeinsame Ausschreibung der Kooperation Hameln-Pyrmont.",
        pricing: "all-units",
        framework: spec.framework,
        termMonths: spec.termMonths,
        termReason: "",
        contractStart: spec.contractStart,
        criteria: "price",
        priceWeightBp: 10_000,
        qualityCriteria: [],
        submissionDeadline: new Date(spec.submissionDeadline),
        roundIds: [round.id],
      },
    });
    // Through the procedure gate, as the factories do (decision 021).
    await recordAdvisedProcedure({ tenderId, leadBodyId: lead!.id, actorUserId, now: createdAt });
    await publishTender({
      tenderId,
      leadBodyId: lead!.id,
      actorUserId,
      now: new Date(spec.publishedAt),
    });
    published++;
  }
  return published;
}
