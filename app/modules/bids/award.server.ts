// Evaluation (Wertung) and award (Zuschlag) per lot: the ranking of the bids by rankBids at the
// frozen bundled quantities, each bid's arithmetic for display, and the award itself, one per
// lot, logged with the ranking it was made on.
import { and, eq } from "drizzle-orm";

import { type Executor, getDb, pgErrorCode } from "#db/client";
import { awards, bids, lots, tenders, users } from "#db/schema";
import { type PriceBand, bandIndexAt } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { type RankedBid, evaluateBid, rankBids } from "~/domain/evaluation";
import { type Pricing } from "~/domain/vocabulary";
import { AWARD_REASON_MAX, AWARD_REASON_MIN } from "./forms";
import { notFound } from "~/kit/http/responses.server";

import { fixCallOffMaximum } from "~/modules/calloffs/index.server";
import { queueLotAwarded } from "~/modules/mail/index.server";
import { storeLotSplits } from "~/modules/split/index.server";
import { listSharedCosts, setSharedCostKey } from "~/modules/tender/index.server";
import { lockOpenLotSteps, lockTenderForBids, requireLeadProcurement } from "./bid-locks.server";
import { loadBids, type StoredBid } from "./bid-queries.server";
import {
  type BidTender,
  getPublishedTender,
  getPublishedTenderForLead,
  listQualityCriteria,
  listTenderLots,
  type LotScope,
  type QualityCriterionRow,
  type TenderLot,
} from "./tender-lots.server";

/** One band's part of an item's cost: `units` × `unitPrice` = `amount` (1/10,000 EUR). */
export type CostStep = {
  bandIndex: number;
  minQty: number;
  units: number;
  unitPrice: number;
  amount: number;
};
export type ItemArithmetic = {
  itemId: string;
  name: string;
  unit: string;
  quantity: number;
  /** all-units: one step (the band containing the quantity); incremental: one per band used */
  steps: CostStep[];
  /** exact, 1/10,000 EUR */
  cost: number;
};
export type RankedBidView = Omit<RankedBid, "items"> & {
  bidderName: string;
  bidderAddress: string;
  source: string;
  qualityPoints: Record<string, number>;
  items: ItemArithmetic[];
};
export type LotRanking = {
  tender: BidTender;
  lot: TenderLot;
  criteria: QualityCriterionRow[];
  ranked: RankedBidView[];
  /** bids that cannot be ranked yet (quality points missing) */
  unranked: { bidId: string; bidderName: string; reason: string }[];
  award: {
    bidId: string;
    bidderName: string;
    reason: string;
    awardedAt: Date;
    awardedBy: string;
  } | null;
};

/** The bands of a stored bid for one item (the lot's band starts with the bid's prices). */
function bandsOf(item: TenderLot["items"][number], bid: StoredBid): PriceBand[] {
  const unitPrices = bid.prices.get(item.itemId) ?? [];
  return item.bandMinQty.map((minQty, i) => ({ minQty, unitPrice: unitPrices[i] ?? Number.NaN }));
}

/** How `quantity` is priced under the bands: the numbers the evaluation page shows. */
export function costSteps(
  bands: readonly PriceBand[],
  quantity: number,
  pricing: Pricing,
): CostStep[] {
  const q = BigInt(quantity);
  if (pricing === "all-units") {
    const i = bandIndexAt(bands, q);
    const band = bands[i]!;
    return [
      {
        bandIndex: i,
        minQty: band.minQty,
        units: quantity,
        unitPrice: band.unitPrice,
        amount: quantity * band.unitPrice,
      },
    ];
  }
  const steps: CostStep[] = [];
  for (let i = 0; i < bands.length; i++) {
    const from = bands[i]!.minQty;
    if (quantity <= from) break;
    const next = bands[i + 1];
    const to = next === undefined || next.minQty > quantity ? quantity : next.minQty;
    steps.push({
      bandIndex: i,
      minQty: from,
      units: to - from,
      unitPrice: bands[i]!.unitPrice,
      amount: (to - from) * bands[i]!.unitPrice,
    });
  }
  return steps;
}

function rankStored({
  tender,
  lot,
  criteria,
  stored,
}: {
  tender: Pick<BidTender, "pricing" | "criteria" | "priceWeightBp">;
  lot: TenderLot;
  criteria: QualityCriterionRow[];
  stored: StoredBid[];
}): { ranked: RankedBidView[]; unranked: LotRanking["unranked"] } {
  const useQuality = tender.criteria === "price-quality" && criteria.length > 0;
  const unranked: LotRanking["unranked"] = [];
  const rankable = stored.filter((b) => {
    if (useQuality && !criteria.every((c) => Number.isInteger(b.qualityPoints[c.id]))) {
      unranked.push({
        bidId: b.id,
        bidderName: b.bidderName,
        reason: "Die Qualitätspunkte fehlen noch.",
      });
      return false;
    }
    return true;
  });
  if (rankable.length === 0) return { ranked: [], unranked };
  const quantities = lot.items.map((item) => ({
    itemId: item.itemId,
    quantity: item.bundledQuantity,
  }));
  const ranking = rankBids({
    pricing: tender.pricing,
    quantities,
    bids: rankable.map((b) => ({
      id: b.id,
      prices: lot.items.map((item) => ({ itemId: item.itemId, bands: bandsOf(item, b) })),
      qualityPoints: useQuality ? b.qualityPoints : undefined,
    })),
    criteria: useQuality ? criteria.map((c) => ({ id: c.id, weightBp: c.weightBp })) : [],
    priceWeightBp: useQuality ? tender.priceWeightBp : undefined,
  });
  const byId = new Map(rankable.map((b) => [b.id, b]));
  const ranked = ranking.map((r): RankedBidView => {
    const bid = byId.get(r.bidId)!;
    return {
      ...r,
      bidderName: bid.bidderName,
      bidderAddress: bid.bidderAddress,
      source: bid.source,
      qualityPoints: bid.qualityPoints,
      items: lot.items.map((item, i) => ({
        itemId: item.itemId,
        name: item.name,
        unit: item.unit,
        quantity: item.bundledQuantity,
        steps: costSteps(bandsOf(item, bid), item.bundledQuantity, tender.pricing),
        cost: r.items[i]!.cost,
      })),
    };
  });
  return { ranked, unranked };
}

/** The awards of a tender (or of one lot), with the awarded bidder and who awarded, by lot. */
async function listAwards({ tenderId, lotId }: LotScope) {
  const db = await getDb();
  return db
    .select({
      lotId: awards.lotId,
      lotNumber: lots.number,
      bidId: awards.bidId,
      bidderName: bids.bidderName,
      bidderAddress: bids.bidderAddress,
      reason: awards.reason,
      awardedAt: awards.awardedAt,
      awardedBy: users.name,
    })
    .from(awards)
    .innerJoin(bids, eq(bids.id, awards.bidId))
    .innerJoin(lots, eq(lots.id, awards.lotId))
    .innerJoin(users, eq(users.id, awards.awardedBy))
    .where(and(eq(awards.tenderId, tenderId), lotId ? eq(awards.lotId, lotId) : undefined))
    .orderBy(lots.number);
}

/** The ranking of a lot inside a transaction (the tender and lot already locked). */
export async function rankStoredForLot(
  tx: Executor,
  { tenderId, lotId }: { tenderId: string; lotId: string },
) {
  const [[tender], [lot], criteria, stored] = await Promise.all([
    tx
      .select({
        pricing: tenders.pricing,
        criteria: tenders.criteria,
        priceWeightBp: tenders.priceWeightBp,
      })
      .from(tenders)
      .where(eq(tenders.id, tenderId)),
    listTenderLots({ tenderId, lotId }, tx),
    listQualityCriteria({ tenderId }, tx),
    loadBids({ tenderId, lotId }, tx),
  ]);
  if (!lot || !tender) throw notFound();
  return { lot, criteria, stored, ...rankStored({ tender, lot, criteria, stored }) };
}

/** The ranking of a lot's bids for the tender's lead; undefined for anyone else. */
export async function rankLot({
  tenderId,
  lotId,
  leadBodyId,
}: {
  tenderId: string;
  lotId: string;
  leadBodyId: string;
}): Promise<LotRanking | undefined> {
  if (!isUuid(lotId)) return undefined;
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  const [[lot], criteria, stored, [award]] = await Promise.all([
    listTenderLots({ tenderId, lotId }),
    listQualityCriteria({ tenderId }),
    loadBids({ tenderId, lotId }),
    listAwards({ tenderId, lotId }),
  ]);
  if (!lot) return undefined;
  const { ranked, unranked } = rankStored({ tender, lot, criteria, stored });
  return {
    tender,
    lot,
    criteria,
    ranked,
    unranked,
    award: award
      ? {
          bidId: award.bidId,
          bidderName: award.bidderName,
          reason: award.reason,
          awardedAt: award.awardedAt,
          awardedBy: award.awardedBy,
        }
      : null,
  };
}

/**
 * The lead's choice of a bid for a lot: the award, and above the EU threshold the § 134 GWB
 * information before it. Any bid but the best-ranked needs a written reason.
 */
export type BidChoice = {
  tenderId: string;
  lotId: string;
  leadBodyId: string;
  actorUserId: string;
  bidId: string;
  reason?: string;
  now?: Date;
};

/** The choice's reason, trimmed and refused when too long; a malformed bid id is the 404 page. */
export function choiceReason({ bidId, reason = "" }: BidChoice): string {
  if (!isUuid(bidId)) throw notFound();
  const why = reason.trim();
  if (why.length > AWARD_REASON_MAX) {
    throw new DomainError(`Die Begründung ist zu lang (höchstens ${AWARD_REASON_MAX} Zeichen).`);
  }
  return why;
}

/**
 * Awards a lot to a bid. The best-ranked bid (any bid sharing rank 1) needs no reason; any other
 * needs a written one. One award per lot; the audit event keeps the ranking it was made on.
 */
export async function awardLot(choice: BidChoice): Promise<void> {
  const { tenderId, lotId, leadBodyId, actorUserId, bidId, now = new Date() } = choice;
  const why = choiceReason(choice);
  const db = await getDb();
  try {
    await db.transaction(async (tx) => {
      await requireLeadProcurement(tx, actorUserId, leadBodyId);
      const tender = await lockTenderForBids(tx, { tenderId, leadBodyId, now });
      const {
        lot: lockedLot,
        euWide,
        lifecycle,
        step,
      } = await lockOpenLotSteps(tx, { tender, lotId, leadBodyId, actorUserId, now });
      const { lot, stored, ranked } = await rankStoredForLot(tx, {
        tenderId,
        lotId: lockedLot.id,
      });
      if (!stored.some((b) => b.id === bidId)) throw notFound();
      const chosen = ranked.find((r) => r.bidId === bidId);
      if (!chosen) {
        throw new DomainError(
          "Dieses Angebot kann noch nicht gewertet werden: Die Qualitätspunkte fehlen.",
        );
      }
      if (chosen.rank !== 1 && why.length < AWARD_REASON_MIN) {
        throw new DomainError(
          `Das gewählte Angebot ist nicht das wirtschaftlichste (Rang ${chosen.rank}). Bitte begründen Sie den Zuschlag (mindestens ${AWARD_REASON_MIN} Zeichen).`,
        );
      }
      // Above the EU threshold the award goes to the bid the § 134 GWB information named.
      if (euWide && lifecycle.informedBidId && lifecycle.informedBidId !== bidId) {
        const named = ranked.find((r) => r.bidId === lifecycle.informedBidId);
        throw new DomainError(
          `Die Bieter wurden über den Zuschlag auf „${named?.bidderName ?? "ein anderes Angebot"}“ informiert (§ 134 GWB). Ein Zuschlag auf ein anderes Angebot braucht eine neue Information und eine neue Wartefrist.`,
        );
      }
      // The step Wertung → Zuschlag erteilt: refused out of order and, above the threshold,
      // before the information and the end of the standstill. Its event keeps the ranking.
      await step(
        { type: "award" },
        {
          data: {
            lotId: lot.id,
            lotNumber: lot.number,
            lotTitle: lot.title,
            bidId,
            bidderName: chosen.bidderName,
            rank: chosen.rank,
            evaluatedPrice: chosen.evaluatedPrice,
            evaluatedNetCents: chosen.evaluatedNetCents,
            reason: why,
            ranking: ranked.map((r) => ({
              bidId: r.bidId,
              bidderName: r.bidderName,
              rank: r.rank,
              evaluatedPrice: r.evaluatedPrice,
              evaluatedNetCents: r.evaluatedNetCents,
              scoreHundredths: r.scoreHundredths,
            })),
          },
        },
      );
      await tx.insert(awards).values({
        lotId: lot.id,
        tenderId,
        bidId,
        reason: why,
        awardedBy: actorUserId,
        awardedAt: now,
      });
      // The cost split is fixed with the award, in the same transaction (decision 010).
      await storeLotSplits(tx, { tenderId, lotIds: [lot.id], now });
      // A framework lot's maximum (Höchstmenge) is fixed with the award (decision 025).
      await fixCallOffMaximum(tx, { tenderId, lotId: lot.id, now });
      await queueLotAwarded(tx, { tenderId, lotId: lot.id, now });
    });
  } catch (error) {
    // Two awards racing past the lock check: the primary key on lot_id refuses the second.
    if (pgErrorCode(error) === "23505") {
      throw new DomainError("Für dieses Los ist der Zuschlag bereits erteilt.");
    }
    throw error;
  }
}

export type PublishedAward = {
  lotId: string;
  lotNumber: number;
  bidId: string;
  bidderName: string;
  bidderAddress: string;
  awardedAt: Date;
  /** the awarded bid's evaluated price at the bundled quantities, rounded to cents (net) */
  netCents: number;
};

/** The awards of a published tender, for public pages and open data (no personal data). */
export async function listPublishedAwards({
  tenderId,
}: {
  tenderId: string;
}): Promise<PublishedAward[]> {
  const tender = await getPublishedTender({ tenderId });
  if (!tender) return [];
  const rows = await listAwards({ tenderId });
  if (rows.length === 0) return [];
  const [structure, stored] = await Promise.all([
    listTenderLots({ tenderId }),
    loadBids({ tenderId }),
  ]);
  return rows.map((row) => {
    const lot = structure.find((l) => l.id === row.lotId)!;
    const bid = stored.find((b) => b.id === row.bidId)!;
    const evaluation = evaluateBid({
      pricing: tender.pricing,
      quantities: lot.items.map((item) => ({
        itemId: item.itemId,
        quantity: item.bundledQuantity,
      })),
      bid: {
        id: bid.id,
        prices: lot.items.map((item) => ({ itemId: item.itemId, bands: bandsOf(item, bid) })),
      },
    });
    return {
      lotId: row.lotId,
      lotNumber: row.lotNumber,
      bidId: row.bidId,
      bidderName: row.bidderName,
      bidderAddress: row.bidderAddress,
      awardedAt: row.awardedAt,
      netCents: evaluation.evaluatedNetCents,
    };
  });
}

/**
 * The fix the evaluation page offers when a body would pay more than alone: every shared cost of
 * the lot switches to the `savings` key (allowed after publication, refused after the award).
 * Each switch is the tender model's own change with its audit event. Returns how many changed.
 */
export async function switchLotToSavingsKey({
  tenderId,
  lotId,
  leadBodyId,
  actorUserId,
  now = new Date(),
}: {
  tenderId: string;
  lotId: string;
  leadBodyId: string;
  actorUserId: string;
  now?: Date;
}): Promise<number> {
  const costs = (await listSharedCosts({ tenderId, leadBodyId })).filter(
    (c) => c.lotId === lotId && c.key !== "savings",
  );
  for (const cost of costs) {
    await setSharedCostKey({
      tenderId,
      leadBodyId,
      actorUserId,
      now,
      costId: cost.id,
      key: "savings",
    });
  }
  return costs.length;
}
