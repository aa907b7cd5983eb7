// The published tender and its lot structure as the bids module reads them: the price sheet, the
// evaluation and the split read the same lots, items and bands.
import { and, asc, eq, sql } from "drizzle-orm";

import { type Executor, getDb, queryRows } from "#db/client";
import { bodies, lots, qualityCriteria, tenders } from "#db/schema";
import { articleNumber } from "~/domain/demand";
import { isUuid } from "~/domain/ids";
import { lotLabel, type LotCpv } from "~/domain/lot-name";
import {
  type AwardCriteria,
  type ItemCategory,
  type Pricing,
  type TenderStatus,
} from "~/domain/vocabulary";

import { nameLots, selectLotItems } from "~/modules/tender/index.server";

export type BidTender = {
  id: string;
  leadBodyId: string;
  leadBodyName: string;
  referenceNumber: string;
  title: string;
  pricing: Pricing;
  criteria: AwardCriteria;
  priceWeightBp: number;
  submissionDeadline: Date;
  status: TenderStatus;
  procedure: string | null;
  publishedAt: Date | null;
  /** the contract's term: licence lots are priced per seat and year and billed over it */
  termMonths: number;
};

const tenderColumns = {
  id: tenders.id,
  leadBodyId: tenders.leadBodyId,
  leadBodyName: bodies.name,
  referenceNumber: tenders.referenceNumber,
  title: tenders.title,
  pricing: tenders.pricing,
  criteria: tenders.criteria,
  priceWeightBp: tenders.priceWeightBp,
  submissionDeadline: tenders.submissionDeadline,
  status: tenders.status,
  procedure: tenders.procedure,
  publishedAt: tenders.publishedAt,
  termMonths: tenders.termMonths,
};

/** The published tender `tenderId` if `leadBodyId` leads it; undefined for anyone else. */
export async function getPublishedTenderForLead({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}): Promise<BidTender | undefined> {
  return publishedTender(tenderId, leadBodyId);
}

/** A published tender for everyone (the price sheet is a public document). */
export async function getPublishedTender({
  tenderId,
}: {
  tenderId: string;
}): Promise<BidTender | undefined> {
  return publishedTender(tenderId);
}

async function publishedTender(tenderId: string, leadBodyId?: string) {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select(tenderColumns)
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(
      and(
        eq(tenders.id, tenderId),
        leadBodyId === undefined ? undefined : eq(tenders.leadBodyId, leadBodyId),
        eq(tenders.status, "published"),
      ),
    );
  return row;
}

export type TenderLotItem = {
  itemId: string;
  name: string;
  unit: string;
  cpvCode: string;
  vatRateBp: number;
  position: number;
  /** "A001": the number the item had in the demand round (decision 026) */
  articleNumber: string;
  /** lower bound of each band, ascending from 0 */
  bandMinQty: number[];
  /** frozen at publication */
  bundledQuantity: number;
};
export type TenderLot = {
  id: string;
  number: number;
  title: string;
  category: ItemCategory;
  items: TenderLotItem[];
  /** the CPV words and code that name the lot (issue 18) */
  cpv?: LotCpv | null;
};

/** A tender, or one lot of it: what the lot-wise readers are asked for. */
export type LotScope = { tenderId: string; lotId?: string };

/** Lots and their items with bands, in lot and position order. Callers check access first. */
export async function listTenderLots(
  { tenderId, lotId }: LotScope,
  executor?: Executor,
): Promise<TenderLot[]> {
  const db = executor ?? (await getDb());
  const [lotRows, itemRows] = await Promise.all([
    db
      .select({ id: lots.id, number: lots.number, title: lots.title, category: lots.category })
      .from(lots)
      .where(and(eq(lots.tenderId, tenderId), lotId ? eq(lots.id, lotId) : undefined))
      .orderBy(asc(lots.number)),
    selectLotItems(db, { tenderIds: [tenderId], lotId }),
  ]);
  const numbers = itemRows.length > 0 ? await roundArticleNumbers(db, tenderId) : new Map();
  const itemsByLot = new Map<string, TenderLotItem[]>();
  for (const row of itemRows) {
    const items = itemsByLot.get(row.lotId) ?? [];
    items.push({
      itemId: row.itemId,
      name: row.name,
      unit: row.unit,
      cpvCode: row.cpvCode,
      vatRateBp: row.vatRateBp,
      position: row.position,
      articleNumber: numbers.get(row.itemId) ?? articleNumber(row.position + 1),
      bandMinQty: [...row.bandMinQty],
      bundledQuantity: row.frozenQuantity ?? 0,
    });
    itemsByLot.set(row.lotId, items);
  }
  // A lot without items has nothing to price, rank or split: it is left out.
  const result = lotRows.flatMap((lot) => {
    const items = itemsByLot.get(lot.id);
    return items ? [{ ...lot, items }] : [];
  });
  return (await nameLots(result, db)).map(({ label: _label, ...lot }) => lot);
}

/**
 * The article number of each tendered item as its demand round gave it: the item's place in the
 * round's order; an item in several bundled rounds keeps the number of the earliest round.
 */
export async function tenderArticleNumbers(
  { tenderId }: { tenderId: string },
  executor?: Executor,
): Promise<Map<string, string>> {
  return roundArticleNumbers(executor ?? (await getDb()), tenderId);
}

async function roundArticleNumbers(db: Executor, tenderId: string): Promise<Map<string, string>> {
  const rows = await queryRows<{ item_id: string; place: number }>(
    db,
    sql`select distinct on (x.item_id) x.item_id, x.place::int as place
        from (select ri.item_id, r.created_at, r.id as round_id,
                     row_number() over (partition by ri.round_id order by ri.position, ri.item_id) as place
                from tender_rounds tr
                join rounds r on r.id = tr.round_id
                join round_items ri on ri.round_id = tr.round_id
               where tr.tender_id = ${tenderId}::uuid) x
       order by x.item_id, x.created_at, x.round_id`,
  );
  return new Map(rows.map((r) => [r.item_id, articleNumber(r.place)]));
}

/** How every page names a lot: "Los 1 – Papier und Druckerpapier (CPV 30197600)" (issue 18). */
export { lotLabel };

export type QualityCriterionRow = { id: string; name: string; weightBp: number; position: number };

export async function listQualityCriteria(
  { tenderId }: { tenderId: string },
  executor?: Executor,
): Promise<QualityCriterionRow[]> {
  const db = executor ?? (await getDb());
  return db
    .select({
      id: qualityCriteria.id,
      name: qualityCriteria.name,
      weightBp: qualityCriteria.weightBp,
      position: qualityCriteria.position,
    })
    .from(qualityCriteria)
    .where(eq(qualityCriteria.tenderId, tenderId))
    .orderBy(asc(qualityCriteria.position));
}
