// Builds a published joint tender on the current test database: a closed round with demand from
// three bodies, bundled into two lots. Shared by the tender, publication and bid/award tests;
// keep the signature of `makePublishedTender` stable.
import { sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { lotItems, lots, sharedCosts, tenderParticipants, tenderRounds, tenders } from "#db/schema";
import { saveDemandForm } from "~/models/demand.server";
import { changeRoundStatus } from "~/models/round.server";

import { line, makeOpenRound } from "./rounds";

const DAY = 24 * 3600 * 1000;

export type PublishedTenderOptions = {
  /** Default: one day before `now` (bids can be recorded at once). */
  submissionDeadline?: Date;
  pricing?: "all-units" | "incremental";
  framework?: boolean;
  termMonths?: number;
  /** Defaults to the current time; the round ran 30 days before it. */
  now?: Date;
};

/**
 * Demand (item index → quantities): body 0 orders item 0 on two cost centres.
 * Bundled: item 0 = 750, item 1 = 170, item 2 = 25. Lot 1 = items 0 and 1, lot 2 = item 2.
 */
export const FACTORY_DEMAND: {
  body: number;
  item: number;
  quantity: number;
  costCentre: string;
}[] = [
  { body: 0, item: 0, quantity: 250, costCentre: "10" },
  { body: 0, item: 0, quantity: 150, costCentre: "20" },
  { body: 0, item: 1, quantity: 50, costCentre: "" },
  { body: 0, item: 2, quantity: 20, costCentre: "" },
  { body: 1, item: 0, quantity: 300, costCentre: "" },
  { body: 1, item: 1, quantity: 120, costCentre: "" },
  { body: 2, item: 0, quantity: 50, costCentre: "" },
  { body: 2, item: 2, quantity: 5, costCentre: "" },
];

export const FACTORY_BANDS = [0, 100, 1000];

export async function makePublishedTender(options: PublishedTenderOptions = {}) {
  const now = options.now ?? new Date();
  const roundStart = new Date(now.getTime() - 30 * DAY);
  const round = await makeOpenRound({ invited: 3, items: 3, now: roundStart, deadlineInMs: DAY });
  const { roundId, leadBodyId, lead, bodyIds, officers, itemIds } = round;
  for (let b = 0; b < bodyIds.length; b++) {
    const result = await saveDemandForm({
      roundId,
      actor: { userId: officers[b]!.id, bodyId: bodyIds[b]! },
      lines: FACTORY_DEMAND.filter((d) => d.body === b).map((d) =>
        line(itemIds[d.item]!, d.quantity, d.costCentre),
      ),
      deleted: [],
      now: roundStart,
    });
    if (!result.ok) throw new Error("Demand could not be saved");
  }
  await changeRoundStatus({
    roundId,
    leadBodyId,
    actorUserId: lead.id,
    transition: "close",
    now: new Date(roundStart.getTime() + 60_000),
  });

  const db = await getDb();
  const publishedAt = new Date(roundStart.getTime() + 2 * 3600 * 1000);
  const submissionDeadline = options.submissionDeadline ?? new Date(now.getTime() - DAY);
  const [tender] = await db
    .insert(tenders)
    .values({
      leadBodyId,
      referenceNumber: `V-${Math.floor(Math.random() * 1e9)}`,
      title: "Büromaterial 2027 (gemeinsam)",
      description: "Gemeinsame Ausschreibung der Testkörperschaften",
      pricing: options.pricing ?? "all-units",
      framework: options.framework ?? false,
      termMonths: options.termMonths ?? 12,
      contractStart: "2027-01-01",
      criteria: "price",
      priceWeightBp: 10000,
      submissionDeadline,
      status: "published",
      procedure: "national-public",
      publishedAt,
      createdBy: lead.id,
    })
    .returning({ id: tenders.id });
  const tenderId = tender!.id;
  await db.insert(tenderRounds).values({ tenderId, roundId });
  await db.insert(tenderParticipants).values(bodyIds.map((bodyId) => ({ tenderId, bodyId })));
  const lotRows = await db
    .insert(lots)
    .values([
      { tenderId, number: 1, title: "Los 1: Papier", category: "consumable" as const },
      {
        tenderId,
        number: 2,
        title: "Los 2: Papier Sonderformate",
        category: "consumable" as const,
      },
    ])
    .returning({ id: lots.id, number: lots.number });
  const lotIds = lotRows.sort((a, b) => a.number - b.number).map((l) => l.id);
  const lotOfItem = [lotIds[0]!, lotIds[0]!, lotIds[1]!];
  await db.insert(lotItems).values(
    itemIds.map((itemId, i) => ({
      lotId: lotOfItem[i]!,
      tenderId,
      itemId,
      position: i,
      bandMinQty: FACTORY_BANDS,
      bundledQuantity: FACTORY_DEMAND.filter((d) => d.item === i).reduce(
        (s, d) => s + d.quantity,
        0,
      ),
    })),
  );
  await db.insert(sharedCosts).values([
    {
      tenderId,
      lotId: lotIds[0]!,
      kind: "delivery" as const,
      label: "Lieferpauschale",
      amountCents: 5000,
      vatRateBp: 1900,
      key: "value" as const,
      payers: "all" as const,
    },
    {
      tenderId,
      lotId: lotIds[0]!,
      kind: "admin-percent" as const,
      label: "Verwaltungskosten der federführenden Stelle",
      percentBp: 200,
      vatRateBp: 0,
      key: "value" as const,
      payers: "non-lead" as const,
    },
  ]);
  await db.execute(sql`
    insert into tender_lines (tender_id, lot_id, body_id, item_id, source_line_id, quantity,
      cost_centre, product, ledger_account, delivery_address, note)
    select ${tenderId}, li.lot_id, d.body_id, d.item_id, d.id, d.quantity,
      d.cost_centre, d.product, d.ledger_account, d.delivery_address, d.note
    from demand_lines d
    join lot_items li on li.tender_id = ${tenderId} and li.item_id = d.item_id
    where d.round_id = ${roundId}
  `);
  return { tenderId, leadBodyId, lead, bodyIds, officers, lotIds, itemIds, roundId };
}
