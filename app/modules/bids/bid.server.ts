// Bids (Angebote) on a published joint tender: recorded by the lead's procurement office after
// the submission deadline, typed in or from a bidder's filled price sheet, one bid per lot with a
// unit price per item and band. Also the lot structure the price sheet, the evaluation and the
// split read.
import { and, eq, sql } from "drizzle-orm";

import { getDb, type Transaction } from "#db/client";
import { bidPrices, bids } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { notFound } from "~/kit/http/responses.server";

import { recordAuditEvent } from "~/modules/audit/index.server";
import {
  lockLotForBids,
  type lockOpenLot,
  lockTenderForBids,
  requireLeadProcurement,
} from "./bid-locks.server";
import {
  bandsFromPrices,
  type BidPriceInput,
  type BidSource,
  checkQualityPoints,
  cleanBidder,
} from "./bid-rules.server";
import {
  listQualityCriteria,
  listTenderLots,
  lotLabel,
  type QualityCriterionRow,
} from "./tender-lots.server";

type BidWrite = {
  lotId: string;
  prices: BidPriceInput[];
  qualityPoints?: Record<string, number>;
};

async function insertBid(
  tx: Transaction,
  {
    tender,
    leadBodyId,
    actorUserId,
    bidderName,
    bidderAddress,
    bid,
    criteria,
    source,
    fileName,
    now,
  }: {
    tender: Awaited<ReturnType<typeof lockTenderForBids>>;
    leadBodyId: string;
    actorUserId: string;
    bidderName: string;
    bidderAddress: string;
    bid: BidWrite;
    criteria: QualityCriterionRow[];
    source: BidSource;
    fileName?: string;
    now: Date;
  },
): Promise<string> {
  const tenderId = tender.id;
  const lot = await lockLotForBids(tx, { tender, lotId: bid.lotId, leadBodyId, actorUserId, now });
  const [structure] = await listTenderLots({ tenderId, lotId: lot.id }, tx);
  if (!structure) throw new DomainError(`${lotLabel(lot)} enthält keine Artikel.`);
  const bands = bandsFromPrices(structure, bid.prices);
  // An uploaded sheet carries no quality points; they are entered on the bids page afterwards.
  const qualityPoints =
    source === "upload" && bid.qualityPoints === undefined
      ? {}
      : checkQualityPoints(criteria, bid.qualityPoints);

  const [twin] = await tx
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.lotId, lot.id), sql`lower(${bids.bidderName}) = lower(${bidderName})`));
  if (twin) {
    throw new DomainError(
      `${lotLabel(lot)}: Ein Angebot von „${bidderName}“ ist bereits erfasst. Löschen Sie es zuerst, wenn Sie es ersetzen wollen.`,
    );
  }

  const [row] = await tx
    .insert(bids)
    .values({
      tenderId,
      lotId: lot.id,
      bidderName,
      bidderAddress,
      qualityPoints,
      source,
      createdBy: actorUserId,
      createdAt: now,
    })
    .returning({ id: bids.id });
  const bidId = row!.id;
  await tx.insert(bidPrices).values(
    [...bands].flatMap(([itemId, itemBands]) =>
      itemBands.map((band, bandIndex) => ({
        bidId,
        itemId,
        bandIndex,
        unitPrice: band.unitPrice,
      })),
    ),
  );
  await recordAuditEvent(tx, {
    actorUserId,
    bodyId: leadBodyId,
    action: "tender.bid_recorded",
    subjectType: "tender",
    subjectId: tenderId,
    data: {
      lotId: lot.id,
      lotNumber: lot.number,
      bidId,
      bidderName,
      source,
      ...(fileName ? { fileName } : {}),
      prices: [...bands].map(([itemId, itemBands]) => ({
        itemId,
        unitPrices: itemBands.map((b) => b.unitPrice),
      })),
      ...(Object.keys(qualityPoints).length > 0 ? { qualityPoints } : {}),
    },
  });
  return bidId;
}

/** Who writes on which tender: every write on bids names these. */
type LeadWrite = { tenderId: string; leadBodyId: string; actorUserId: string; now?: Date };

export type RecordBidInput = LeadWrite & {
  lotId: string;
  bidderName: string;
  bidderAddress: string;
  prices: BidPriceInput[];
  qualityPoints?: Record<string, number>;
  source: BidSource;
};

/**
 * Records one bid for one lot: only the lead's procurement users, only after the submission
 * deadline, every item and band priced, prices not rising with the band. One transaction with
 * its audit event.
 */
export async function recordBid(input: RecordBidInput): Promise<{ bidId: string }> {
  const now = input.now ?? new Date();
  const { bidderName, bidderAddress } = cleanBidder(input.bidderName, input.bidderAddress);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await requireLeadProcurement(tx, input.actorUserId, input.leadBodyId);
    const tender = await lockTenderForBids(tx, {
      tenderId: input.tenderId,
      leadBodyId: input.leadBodyId,
      now,
    });
    const criteria = await listQualityCriteria({ tenderId: input.tenderId }, tx);
    const bidId = await insertBid(tx, {
      tender,
      leadBodyId: input.leadBodyId,
      actorUserId: input.actorUserId,
      bidderName,
      bidderAddress,
      bid: { lotId: input.lotId, prices: input.prices, qualityPoints: input.qualityPoints },
      criteria,
      source: input.source,
      now,
    });
    return { bidId };
  });
}

/**
 * Records one bidder's price sheet: one bid per lot it prices, all in ONE transaction, so a
 * problem with any lot writes nothing at all.
 */
export async function recordBidsFromUpload({
  tenderId,
  leadBodyId,
  actorUserId,
  bidderName: name,
  bidderAddress: address,
  lots: lotBids,
  fileName,
  now = new Date(),
}: LeadWrite & {
  bidderName: string;
  bidderAddress: string;
  lots: { lotId: string; prices: BidPriceInput[] }[];
  fileName?: string;
}): Promise<{ bids: { lotId: string; bidId: string }[] }> {
  const { bidderName, bidderAddress } = cleanBidder(name, address);
  if (lotBids.length === 0) throw new DomainError("Das Preisblatt enthält für kein Los Preise.");
  if (new Set(lotBids.map((l) => l.lotId)).size !== lotBids.length) {
    throw new DomainError("Ein Los ist im Preisblatt doppelt enthalten.");
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    await requireLeadProcurement(tx, actorUserId, leadBodyId);
    const tender = await lockTenderForBids(tx, { tenderId, leadBodyId, now });
    const criteria = await listQualityCriteria({ tenderId }, tx);
    const written: { lotId: string; bidId: string }[] = [];
    // Lots in a fixed order, so two uploads lock them in the same order.
    for (const bid of [...lotBids].sort((a, b) =>
      a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0,
    )) {
      const bidId = await insertBid(tx, {
        tender,
        leadBodyId,
        actorUserId,
        bidderName,
        bidderAddress,
        bid: { lotId: bid.lotId, prices: bid.prices },
        criteria,
        source: "upload",
        fileName,
        now,
      });
      written.push({ lotId: bid.lotId, bidId });
    }
    return { bids: written };
  });
}

type BidChange = LeadWrite & { bidId: string };

/**
 * Runs `change` on one recorded bid of the lead's tender, in one transaction behind the guards:
 * the lead's procurement user, the published tender past its deadline, the bid's lot not awarded.
 */
async function changeOpenBid(
  { tenderId, leadBodyId, actorUserId, bidId, now = new Date() }: BidChange,
  change: (
    tx: Transaction,
    bid: typeof bids.$inferSelect,
    lot: Awaited<ReturnType<typeof lockOpenLot>>,
  ) => Promise<{ action: string; data: Record<string, unknown> }>,
) {
  if (!isUuid(bidId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requireLeadProcurement(tx, actorUserId, leadBodyId);
    const tender = await lockTenderForBids(tx, { tenderId, leadBodyId, now });
    const [bid] = await tx
      .select()
      .from(bids)
      .where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
    if (!bid) throw notFound();
    const lot = await lockLotForBids(tx, {
      tender,
      lotId: bid.lotId,
      leadBodyId,
      actorUserId,
      now,
    });
    const { action, data } = await change(tx, bid, lot);
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action,
      subjectType: "tender",
      subjectId: tenderId,
      data,
    });
  });
}

/** Deletes a bid recorded by mistake, before its lot is awarded; logged with what it said. */
export async function deleteBid(input: BidChange) {
  await changeOpenBid(input, async (tx, bid, lot) => {
    await tx.delete(bids).where(eq(bids.id, bid.id));
    return {
      action: "tender.bid_deleted",
      data: {
        lotId: lot.id,
        lotNumber: lot.number,
        bidId: bid.id,
        bidderName: bid.bidderName,
        source: bid.source,
      },
    };
  });
}

/** Quality points for a bid that came from a price sheet (which carries none), before the award. */
export async function setBidQualityPoints({
  qualityPoints,
  ...input
}: BidChange & { qualityPoints: Record<string, number> }) {
  await changeOpenBid(input, async (tx, bid, lot) => {
    const criteria = await listQualityCriteria({ tenderId: input.tenderId }, tx);
    if (criteria.length === 0) throw new DomainError("Diese Ausschreibung wertet nur den Preis.");
    const points = checkQualityPoints(criteria, qualityPoints);
    await tx.update(bids).set({ qualityPoints: points }).where(eq(bids.id, bid.id));
    return {
      action: "tender.bid_quality_points_set",
      data: {
        lotId: lot.id,
        bidId: bid.id,
        bidderName: bid.bidderName,
        before: bid.qualityPoints,
        after: points,
      },
    };
  });
}
