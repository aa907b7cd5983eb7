// Reading the recorded bids: with their prices, and per lot for the bids page.
import { and, asc, eq, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import { awards, bidPrices, bids } from "#db/schema";

import {
  getPublishedTenderForLead,
  listQualityCriteria,
  listTenderLots,
  type LotScope,
  type TenderLot,
} from "./tender-lots.server";

export type StoredBid = {
  id: string;
  lotId: string;
  bidderName: string;
  bidderAddress: string;
  qualityPoints: Record<string, number>;
  source: string;
  createdAt: Date;
  /** unit prices per item, by band index */
  prices: Map<string, number[]>;
};

/** Loads bids with their prices (no access check: callers scope the tender first). */
export async function loadBids(
  { tenderId, lotId }: LotScope,
  executor?: Executor,
): Promise<StoredBid[]> {
  const db = executor ?? (await getDb());
  const rows = await db
    .select({
      id: bids.id,
      lotId: bids.lotId,
      bidderName: bids.bidderName,
      bidderAddress: bids.bidderAddress,
      qualityPoints: bids.qualityPoints,
      source: bids.source,
      createdAt: bids.createdAt,
    })
    .from(bids)
    .where(and(eq(bids.tenderId, tenderId), lotId ? eq(bids.lotId, lotId) : undefined))
    .orderBy(asc(bids.createdAt), asc(bids.bidderName), asc(bids.id));
  if (rows.length === 0) return [];
  const byBid = await loadBidPrices(
    rows.map((r) => r.id),
    db,
  );
  return rows.map((r) => ({
    ...r,
    qualityPoints: r.qualityPoints ?? {},
    prices: byBid.get(r.id) ?? new Map(),
  }));
}

/**
 * The unit prices of the given bids: per bid, per item (by item id), the prices by band index.
 * No access check: callers scope the tender first.
 */
export async function loadBidPrices(
  bidIds: Iterable<string>,
  executor?: Executor,
): Promise<Map<string, Map<string, number[]>>> {
  const db = executor ?? (await getDb());
  const rows = await db
    .select({
      bidId: bidPrices.bidId,
      itemId: bidPrices.itemId,
      bandIndex: bidPrices.bandIndex,
      unitPrice: bidPrices.unitPrice,
    })
    .from(bidPrices)
    .where(sql`${bidPrices.bidId} = any(${`{${[...bidIds].join(",")}}`}::uuid[])`)
    .orderBy(asc(bidPrices.itemId), asc(bidPrices.bandIndex));
  const byBid = new Map<string, Map<string, number[]>>();
  for (const p of rows) {
    const items = byBid.get(p.bidId) ?? new Map<string, number[]>();
    const list = items.get(p.itemId) ?? [];
    list[p.bandIndex] = p.unitPrice;
    items.set(p.itemId, list);
    byBid.set(p.bidId, items);
  }
  return byBid;
}

export type LotBids = {
  lot: TenderLot;
  bids: (Omit<StoredBid, "prices"> & {
    prices: { itemId: string; unitPrices: number[] }[];
    awarded: boolean;
    qualityComplete: boolean;
  })[];
  awardedBidId: string | null;
};

/** The bids of a tender per lot, for its lead; undefined for any other body. */
export async function listBids({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}): Promise<LotBids[] | undefined> {
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  const db = await getDb();
  const [structure, stored, awarded, criteria] = await Promise.all([
    listTenderLots({ tenderId }),
    loadBids({ tenderId }),
    db
      .select({ lotId: awards.lotId, bidId: awards.bidId })
      .from(awards)
      .where(eq(awards.tenderId, tenderId)),
    listQualityCriteria({ tenderId }),
  ]);
  const awardByLot = new Map(awarded.map((a) => [a.lotId, a.bidId]));
  return structure.map((lot) => ({
    lot,
    awardedBidId: awardByLot.get(lot.id) ?? null,
    bids: stored
      .filter((b) => b.lotId === lot.id)
      .map((b) => ({
        ...b,
        prices: lot.items.map((item) => ({
          itemId: item.itemId,
          unitPrices: b.prices.get(item.itemId) ?? [],
        })),
        awarded: awardByLot.get(lot.id) === b.id,
        qualityComplete: criteria.every((c) => Number.isInteger(b.qualityPoints[c.id])),
      })),
  }));
}
