// Public, read-only queries over PUBLISHED tenders (DESIGN.md "Publication"): the notice page,
// the specification, open data. Every query names `status = 'published'` itself, so a draft or a
// cancelled tender cannot leak through any caller. Only public data leaves here: bodies' names,
// AGS and Land, the frozen bundled quantities, bands and awards – no cost centres, no per-body
// quantities, no prices of bids that did not win.
import { TZDate } from "@date-fns/tz";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import {
  awards,
  bids,
  bodies,
  lots,
  qualityCriteria,
  tenderLines,
  tenderParticipants,
  tenders,
} from "#db/schema";
import { type PriceBand } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import { evaluateBid } from "~/domain/evaluation";
import { type PublicBody, type PublicLot, type PublicTender } from "~/domain/ocds";
import { BERLIN } from "~/kit/dates";
import { isUuid } from "~/domain/ids";
import { loadBidPrices } from "~/modules/bids/index.server";
import { nameLots, selectLotItems, tenderTermsColumns } from "~/modules/tender/index.server";
import { type Pricing } from "~/domain/vocabulary";

const isPublished = eq(tenders.status, "published");

export type PublishedTenderSummary = {
  id: string;
  referenceNumber: string;
  title: string;
  leadBodyName: string;
  publishedAt: Date;
  submissionDeadline: Date;
  lotCount: number;
  awardedLotCount: number;
  participantCount: number;
};

/** The public list, newest publication first. */
export async function listPublishedTenders({
  page,
  pageSize,
}: {
  page: number;
  pageSize: number;
}): Promise<{ total: number; tenders: PublishedTenderSummary[] }> {
  const db = await getDb();
  const [totalRow] = await db.select({ total: count() }).from(tenders).where(isPublished);
  const rows = await db
    .select({
      id: tenders.id,
      referenceNumber: tenders.referenceNumber,
      title: tenders.title,
      leadBodyName: bodies.name,
      publishedAt: tenders.publishedAt,
      submissionDeadline: tenders.submissionDeadline,
      lotCount: sql<number>`(select count(*)::int from ${lots} where ${lots.tenderId} = ${tenders.id})`,
      awardedLotCount: sql<number>`(select count(*)::int from ${awards} where ${awards.tenderId} = ${tenders.id})`,
      participantCount: sql<number>`(select count(*)::int from ${tenderParticipants} where ${tenderParticipants.tenderId} = ${tenders.id})`,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(isPublished)
    .orderBy(desc(tenders.publishedAt), asc(tenders.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    total: totalRow?.total ?? 0,
    tenders: rows.map((r) => ({
      ...r,
      // A published tender always has its publication time; the epoch only guards the type.
      publishedAt: r.publishedAt ?? new Date(0),
      lotCount: Number(r.lotCount),
      awardedLotCount: Number(r.awardedLotCount),
      participantCount: Number(r.participantCount),
    })),
  };
}

/** One published tender with everything the public may see; undefined for drafts and unknown ids. */
export async function getPublishedTender({
  tenderId,
}: {
  tenderId: string;
}): Promise<PublicTender | undefined> {
  if (!isUuid(tenderId)) return undefined;
  const [tender] = await loadPublishedTenders([tenderId]);
  return tender;
}

/** A page of published tenders in full, oldest publication first (stable pages for open data). */
export async function listPublishedTendersInFull({
  page,
  pageSize,
}: {
  page: number;
  pageSize: number;
}): Promise<{ total: number; tenders: PublicTender[] }> {
  const db = await getDb();
  const [totalRow] = await db.select({ total: count() }).from(tenders).where(isPublished);
  const ids = await db
    .select({ id: tenders.id })
    .from(tenders)
    .where(isPublished)
    .orderBy(asc(tenders.publishedAt), asc(tenders.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const loaded = await loadPublishedTenders(ids.map((r) => r.id));
  const byId = new Map(loaded.map((t) => [t.id, t]));
  return {
    total: totalRow?.total ?? 0,
    tenders: ids.flatMap((r) => byId.get(r.id) ?? []),
  };
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Berlin midnight of a calendar date, `months` later (the contract term's end is the instant before). */
function berlinMidnight(isoDate: string, months = 0): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1 + months, day, 0, 0, 0, BERLIN).getTime());
}

/**
 * The bundled quantity of items that have none frozen, from their frozen lines: publication
 * freezes every item's quantity (and refuses an item without one), so this only guards.
 */
async function sumUnfrozenLines(
  db: Executor,
  items: readonly { lotId: string; itemId: string; frozenQuantity: number | null }[],
): Promise<Map<string, number>> {
  const missing = items.filter((i) => i.frozenQuantity === null);
  if (missing.length === 0) return new Map();
  const rows = await db
    .select({
      lotId: tenderLines.lotId,
      itemId: tenderLines.itemId,
      quantity: sql<string>`sum(${tenderLines.quantity})`,
    })
    .from(tenderLines)
    .where(
      and(
        inArray(tenderLines.lotId, [...new Set(missing.map((i) => i.lotId))]),
        inArray(tenderLines.itemId, [...new Set(missing.map((i) => i.itemId))]),
      ),
    )
    .groupBy(tenderLines.lotId, tenderLines.itemId);
  return new Map(rows.map((r) => [`${r.lotId}/${r.itemId}`, Number(r.quantity)]));
}

/** Loads published tenders in a fixed number of queries, whatever their count. */
async function loadPublishedTenders(tenderIds: string[]): Promise<PublicTender[]> {
  if (tenderIds.length === 0) return [];
  const db = await getDb();
  const tenderRows = await db
    .select({
      id: tenders.id,
      ...tenderTermsColumns,
      leadId: bodies.id,
      leadName: bodies.name,
      leadAgs: bodies.ags,
      leadLand: bodies.land,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(and(inArray(tenders.id, tenderIds), isPublished));
  if (tenderRows.length === 0) return [];
  const ids = tenderRows.map((t) => t.id);

  const [participantRows, lotRows, itemRows, criteriaRows, awardRows] = await Promise.all([
    db
      .select({
        tenderId: tenderParticipants.tenderId,
        id: bodies.id,
        name: bodies.name,
        ags: bodies.ags,
        land: bodies.land,
      })
      .from(tenderParticipants)
      .innerJoin(bodies, eq(bodies.id, tenderParticipants.bodyId))
      .where(inArray(tenderParticipants.tenderId, ids))
      .orderBy(asc(bodies.name), asc(bodies.ags)),
    db
      .select({
        id: lots.id,
        tenderId: lots.tenderId,
        number: lots.number,
        title: lots.title,
        category: lots.category,
      })
      .from(lots)
      .where(inArray(lots.tenderId, ids))
      .orderBy(asc(lots.number)),
    selectLotItems(db, { tenderIds: ids }),
    db
      .select({
        tenderId: qualityCriteria.tenderId,
        name: qualityCriteria.name,
        weightBp: qualityCriteria.weightBp,
      })
      .from(qualityCriteria)
      .where(inArray(qualityCriteria.tenderId, ids))
      .orderBy(asc(qualityCriteria.position)),
    db
      .select({
        lotId: awards.lotId,
        awardedAt: awards.awardedAt,
        bidId: bids.id,
        supplierName: bids.bidderName,
        supplierAddress: bids.bidderAddress,
      })
      .from(awards)
      .innerJoin(bids, and(eq(bids.id, awards.bidId), eq(bids.lotId, awards.lotId)))
      .where(inArray(awards.tenderId, ids)),
  ]);

  // Only the winning bids' prices: the public sees what was awarded, never the losing offers.
  const pricesByBid =
    awardRows.length === 0
      ? new Map<string, Map<string, number[]>>()
      : await loadBidPrices(
          awardRows.map((a) => a.bidId),
          db,
        );

  const unfrozen = await sumUnfrozenLines(db, itemRows);
  const itemsByLot = groupBy(itemRows, (r) => r.lotId);
  const awardByLot = new Map(awardRows.map((a) => [a.lotId, a]));
  const participantsByTender = groupBy(participantRows, (r) => r.tenderId);
  const lotsByTender = groupBy(lotRows, (r) => r.tenderId);
  const criteriaByTender = groupBy(criteriaRows, (r) => r.tenderId);

  const cpvByLot = new Map(
    (
      await nameLots(
        lotRows.map((l) => ({ ...l, items: itemsByLot.get(l.id) ?? [] })),
        db,
      )
    ).map((l) => [l.id, l.cpv]),
  );
  const order = new Map(tenderIds.map((id, i) => [id, i]));
  return tenderRows
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    .map((t): PublicTender => {
      const publicLots = (lotsByTender.get(t.id) ?? []).map((lot): PublicLot => {
        const items = (itemsByLot.get(lot.id) ?? []).map((i) => ({
          itemId: i.itemId,
          position: i.position,
          name: i.name,
          description: i.description,
          attributes: i.attributes,
          unit: i.unit,
          cpvCode: i.cpvCode,
          cpvLabel: i.cpvLabel,
          bundledQuantity: i.frozenQuantity ?? unfrozen.get(`${i.lotId}/${i.itemId}`) ?? 0,
          bandMinQty: [...i.bandMinQty],
        }));
        const award = awardByLot.get(lot.id);
        return {
          id: lot.id,
          number: lot.number,
          title: lot.title,
          category: lot.category,
          cpv: cpvByLot.get(lot.id) ?? null,
          items,
          award: award
            ? {
                awardedAt: award.awardedAt,
                bidId: award.bidId,
                supplierName: award.supplierName,
                supplierAddress: award.supplierAddress,
                valueNetCents: awardValue(
                  t.pricing,
                  items,
                  award.bidId,
                  pricesByBid.get(award.bidId) ?? new Map(),
                ),
              }
            : null,
        };
      });
      const lead: PublicBody = { id: t.leadId, name: t.leadName, ags: t.leadAgs, land: t.leadLand };
      return {
        id: t.id,
        referenceNumber: t.referenceNumber,
        title: t.title,
        description: t.description,
        pricing: t.pricing,
        framework: t.framework,
        callOffReserveBp: t.callOffReserveBp,
        termMonths: t.termMonths,
        contractStart: t.contractStart,
        contractPeriod: {
          start: berlinMidnight(t.contractStart),
          end: new Date(berlinMidnight(t.contractStart, t.termMonths).getTime() - 1000),
        },
        criteria: t.criteria,
        priceWeightBp: t.priceWeightBp,
        qualityCriteria: (criteriaByTender.get(t.id) ?? []).map((c) => ({
          name: c.name,
          weightBp: c.weightBp,
        })),
        submissionDeadline: t.submissionDeadline,
        publishedAt: t.publishedAt ?? new Date(0),
        procedure: t.procedure,
        lead,
        participants: (participantsByTender.get(t.id) ?? []).map((p) => ({
          id: p.id,
          name: p.name,
          ags: p.ags,
          land: p.land,
        })),
        lots: publicLots,
      };
    });
}

/**
 * The awarded bid's evaluated net price at the frozen bundled quantities (evaluateBid, rounded
 * half up to cents). Null when the stored prices do not form a valid bid for the lot – the bid
 * module validates on entry, so this only keeps one broken row from taking the public page down.
 */
function awardValue(
  pricing: Pricing,
  items: { itemId: string; bundledQuantity: number; bandMinQty: number[] }[],
  bidId: string,
  /** unit prices per item, by band index (as loadBidPrices gives them) */
  prices: Map<string, number[]>,
): number | null {
  const bands = (itemId: string, bandMinQty: number[]): PriceBand[] =>
    // flatMap passes over a band without a price
    (prices.get(itemId) ?? []).flatMap((unitPrice, bandIndex) => [
      { minQty: bandMinQty[bandIndex] ?? -1, unitPrice },
    ]);
  try {
    return evaluateBid({
      pricing,
      quantities: items.map((i) => ({ itemId: i.itemId, quantity: i.bundledQuantity })),
      bid: {
        id: bidId,
        prices: [...prices.keys()].map((itemId) => ({
          itemId,
          bands: bands(itemId, items.find((i) => i.itemId === itemId)?.bandMinQty ?? []),
        })),
      },
    }).evaluatedNetCents;
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
