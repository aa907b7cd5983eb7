// Bids (Angebote) on a published joint tender: recorded by the lead's procurement office after
// the submission deadline, typed in or from a bidder's filled price sheet, one bid per lot with a
// unit price per item and band. Also the lot structure the price sheet, the evaluation and the
// split read.
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { type Executor, getDb, type Transaction } from "#db/client";
import {
  awards,
  bidPrices,
  bids,
  bodies,
  catalogueItems,
  lotItems,
  lots,
  qualityCriteria,
  tenders,
  users,
} from "#db/schema";
import { type PriceBand, validateBands } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import { formatUnitPrice } from "~/domain/money";
import { formatBerlin } from "~/kit/dates";

import { recordAuditEvent } from "~/modules/audit/index.server";
import { tenderedItem } from "~/modules/tender/index.server";
import { isUuid } from "~/domain/ids";
import {
  type AwardCriteria,
  type ItemCategory,
  type Pricing,
  type TenderStatus,
} from "~/domain/vocabulary";
import { notFound } from "~/kit/http/responses.server";

/** 1.000.000 € per unit: far above any real price, and bundled costs stay exact integers. */
export const MAX_UNIT_PRICE = 10_000_000_000;
export const BIDDER_NAME_MAX = 200;
export const BIDDER_ADDRESS_MAX = 1_000;

export type BidSource = "typed" | "upload";

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
  publishedAt: Date | null;
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
  publishedAt: tenders.publishedAt,
};

/** The published tender `tenderId` if `leadBodyId` leads it; undefined for anyone else. */
export async function getPublishedTenderForLead({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}): Promise<BidTender | undefined> {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select(tenderColumns)
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(
      and(
        eq(tenders.id, tenderId),
        eq(tenders.leadBodyId, leadBodyId),
        eq(tenders.status, "published"),
      ),
    );
  return row;
}

/** A published tender for everyone (the price sheet is a public document). */
export async function getPublishedTender({
  tenderId,
}: {
  tenderId: string;
}): Promise<BidTender | undefined> {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select(tenderColumns)
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.status, "published")));
  return row;
}

export type TenderLotItem = {
  itemId: string;
  name: string;
  unit: string;
  cpvCode: string;
  vatRateBp: number;
  position: number;
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
};

/** Lots and their items with bands, in lot and position order. Callers check access first. */
export async function listTenderLots(
  { tenderId, lotId }: { tenderId: string; lotId?: string },
  executor?: Executor,
): Promise<TenderLot[]> {
  const db = executor ?? (await getDb());
  const rows = await db
    .select({
      lotId: lots.id,
      number: lots.number,
      title: lots.title,
      category: lots.category,
      itemId: lotItems.itemId,
      name: tenderedItem.name,
      unit: tenderedItem.unit,
      cpvCode: tenderedItem.cpvCode,
      vatRateBp: tenderedItem.vatRateBp,
      position: lotItems.position,
      bandMinQty: lotItems.bandMinQty,
      bundledQuantity: lotItems.bundledQuantity,
    })
    .from(lots)
    .innerJoin(lotItems, eq(lotItems.lotId, lots.id))
    .innerJoin(catalogueItems, eq(catalogueItems.id, lotItems.itemId))
    .where(and(eq(lots.tenderId, tenderId), lotId ? eq(lots.id, lotId) : undefined))
    .orderBy(asc(lots.number), asc(lotItems.position), asc(tenderedItem.name));
  const result: TenderLot[] = [];
  for (const row of rows) {
    let lot = result.at(-1);
    if (!lot || lot.id !== row.lotId) {
      lot = {
        id: row.lotId,
        number: row.number,
        title: row.title,
        category: row.category,
        items: [],
      };
      result.push(lot);
    }
    lot.items.push({
      itemId: row.itemId,
      name: row.name,
      unit: row.unit,
      cpvCode: row.cpvCode,
      vatRateBp: row.vatRateBp,
      position: row.position,
      bandMinQty: [...row.bandMinQty],
      bundledQuantity: row.bundledQuantity ?? 0,
    });
  }
  return result;
}

/** "Los 1: Papier", as every tender page names a lot; a title that already says "Los 1" stays. */
export function lotLabel(lot: { number: number; title: string }): string {
  return /^los\s*\d/i.test(lot.title.trim()) ? lot.title : `Los ${lot.number}: ${lot.title}`;
}

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

export type BidPriceInput = { itemId: string; bandIndex: number; unitPrice: number };

/**
 * Checks that `prices` give exactly one unit price per item and band of the lot, each an integer
 * of 1/10,000 EUR from 0 to MAX_UNIT_PRICE, not rising with the band. Returns the bands per item
 * (for evaluateBid); throws a DomainError naming the item and band otherwise.
 */
export function bandsFromPrices(
  lot: Pick<TenderLot, "number" | "title" | "items">,
  prices: readonly BidPriceInput[],
): Map<string, PriceBand[]> {
  const items = new Map(lot.items.map((item) => [item.itemId, item]));
  const byItem = new Map<string, (number | undefined)[]>();
  for (const item of lot.items)
    byItem.set(
      item.itemId,
      item.bandMinQty.map(() => undefined),
    );
  for (const price of prices) {
    const item = items.get(price.itemId);
    if (!item)
      throw new DomainError(
        `${lotLabel(lot)}: Ein Preis gehört zu einem Artikel, der nicht in diesem Los ist.`,
      );
    const slots = byItem.get(price.itemId)!;
    if (
      !Number.isInteger(price.bandIndex) ||
      price.bandIndex < 0 ||
      price.bandIndex >= slots.length
    ) {
      throw new DomainError(
        `Artikel „${item.name}“: Die Staffel ${price.bandIndex + 1} gibt es nicht.`,
      );
    }
    const band = `Artikel „${item.name}“, Staffel ab ${item.bandMinQty[price.bandIndex]!.toLocaleString("de-DE")}`;
    if (slots[price.bandIndex] !== undefined)
      throw new DomainError(`${band}: Der Preis ist doppelt angegeben.`);
    if (!Number.isSafeInteger(price.unitPrice) || price.unitPrice < 0) {
      throw new DomainError(`${band}: Der Preis muss ein Betrag von mindestens 0 € sein.`);
    }
    if (price.unitPrice > MAX_UNIT_PRICE) {
      throw new DomainError(
        `${band}: Der Preis ist zu hoch (höchstens ${formatUnitPrice(MAX_UNIT_PRICE)}).`,
      );
    }
    slots[price.bandIndex] = price.unitPrice;
  }
  const result = new Map<string, PriceBand[]>();
  for (const item of lot.items) {
    const slots = byItem.get(item.itemId)!;
    const missing = slots.findIndex((p) => p === undefined);
    if (missing >= 0) {
      throw new DomainError(
        `Artikel „${item.name}“, Staffel ab ${item.bandMinQty[missing]!.toLocaleString("de-DE")}: Der Preis fehlt.`,
      );
    }
    const bands = item.bandMinQty.map((minQty, i) => ({ minQty, unitPrice: slots[i]! }));
    for (let i = 1; i < bands.length; i++) {
      if (bands[i]!.unitPrice > bands[i - 1]!.unitPrice) {
        throw new DomainError(
          `Artikel „${item.name}“, Staffel ab ${bands[i]!.minQty.toLocaleString("de-DE")}: Der Preis ${formatUnitPrice(bands[i]!.unitPrice)} ist höher als in der Staffel davor (${formatUnitPrice(bands[i - 1]!.unitPrice)}); Staffelpreise dürfen mit der Menge nicht steigen.`,
        );
      }
    }
    validateBands(bands, `Artikel „${item.name}“`);
    result.set(item.itemId, bands);
  }
  return result;
}

/** Quality points 0–100 for exactly the tender's criteria (none for a price-only tender). */
export function checkQualityPoints(
  criteria: readonly QualityCriterionRow[],
  points: Record<string, number> | undefined,
): Record<string, number> {
  const given = points ?? {};
  const known = new Set(criteria.map((c) => c.id));
  for (const id of Object.keys(given)) {
    if (!known.has(id)) throw new DomainError("Qualitätspunkte für ein unbekanntes Kriterium.");
  }
  const result: Record<string, number> = {};
  for (const c of criteria) {
    const p = given[c.id];
    if (p === undefined) throw new DomainError(`Kriterium „${c.name}“: Die Punkte fehlen.`);
    if (!Number.isInteger(p) || p < 0 || p > 100) {
      throw new DomainError(
        `Kriterium „${c.name}“: Die Punkte müssen eine ganze Zahl von 0 bis 100 sein.`,
      );
    }
    result[c.id] = p;
  }
  return result;
}

function cleanBidder(name: string, address: string) {
  const bidderName = (name ?? "").trim();
  const bidderAddress = (address ?? "").trim();
  if (bidderName === "") throw new DomainError("Bitte geben Sie den Namen des Bieters an.");
  if (bidderName.length > BIDDER_NAME_MAX) {
    throw new DomainError(
      `Der Name des Bieters ist zu lang (höchstens ${BIDDER_NAME_MAX} Zeichen).`,
    );
  }
  if (bidderAddress.length > BIDDER_ADDRESS_MAX) {
    throw new DomainError(
      `Die Anschrift des Bieters ist zu lang (höchstens ${BIDDER_ADDRESS_MAX} Zeichen).`,
    );
  }
  return { bidderName, bidderAddress };
}

/** Refuses unless the actor is an active procurement user of the lead body. */
export async function requireLeadProcurement(
  tx: Executor,
  actorUserId: string,
  leadBodyId: string,
) {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, actorUserId),
        eq(users.bodyId, leadBodyId),
        eq(users.role, "procurement"),
        sql`${users.disabledAt} is null`,
      ),
    );
  if (!row) throw notFound();
}

/**
 * The tender for a write by its lead: locked in share mode, so the tender cannot change status
 * underneath; 404 for any other body. Bids need a published tender past its deadline.
 */
export async function lockTenderForBids(
  tx: Transaction,
  { tenderId, leadBodyId, now }: { tenderId: string; leadBodyId: string; now: Date },
) {
  if (!isUuid(tenderId)) throw notFound();
  const [tender] = await tx
    .select({
      id: tenders.id,
      status: tenders.status,
      criteria: tenders.criteria,
      submissionDeadline: tenders.submissionDeadline,
    })
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)))
    .for("share");
  if (!tender || tender.status === "draft") throw notFound();
  if (tender.status !== "published") throw new DomainError("Die Ausschreibung ist aufgehoben.");
  if (now.getTime() < tender.submissionDeadline.getTime()) {
    throw new DomainError(
      `Angebote können erst nach Ablauf der Angebotsfrist (${formatBerlin(tender.submissionDeadline)} Uhr) erfasst werden.`,
    );
  }
  return tender;
}

/**
 * Locks the lot row (awards lock it too, so a bid and an award never cross) and refuses when
 * the lot already has its award.
 */
export async function lockOpenLot(tx: Transaction, tenderId: string, lotId: string) {
  if (!isUuid(lotId)) throw notFound();
  const [lot] = await tx
    .select({ id: lots.id, number: lots.number, title: lots.title })
    .from(lots)
    .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId)))
    .for("update");
  if (!lot) throw notFound();
  const [award] = await tx
    .select({ lotId: awards.lotId })
    .from(awards)
    .where(eq(awards.lotId, lotId));
  if (award) {
    throw new DomainError(
      `${lotLabel(lot)}: Der Zuschlag ist bereits erteilt; Angebote können nicht mehr geändert werden.`,
    );
  }
  return lot;
}

type BidWrite = {
  lotId: string;
  prices: BidPriceInput[];
  qualityPoints?: Record<string, number>;
};

async function insertBid(
  tx: Transaction,
  {
    tenderId,
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
    tenderId: string;
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
  const lot = await lockOpenLot(tx, tenderId, bid.lotId);
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

export type RecordBidInput = {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  lotId: string;
  bidderName: string;
  bidderAddress: string;
  prices: BidPriceInput[];
  qualityPoints?: Record<string, number>;
  source: BidSource;
  now?: Date;
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
    await lockTenderForBids(tx, { tenderId: input.tenderId, leadBodyId: input.leadBodyId, now });
    const criteria = await listQualityCriteria({ tenderId: input.tenderId }, tx);
    const bidId = await insertBid(tx, {
      tenderId: input.tenderId,
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
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  bidderName: string;
  bidderAddress: string;
  lots: { lotId: string; prices: BidPriceInput[] }[];
  fileName?: string;
  now?: Date;
}): Promise<{ bids: { lotId: string; bidId: string }[] }> {
  const { bidderName, bidderAddress } = cleanBidder(name, address);
  if (lotBids.length === 0) throw new DomainError("Das Preisblatt enthält für kein Los Preise.");
  if (new Set(lotBids.map((l) => l.lotId)).size !== lotBids.length) {
    throw new DomainError("Ein Los ist im Preisblatt doppelt enthalten.");
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    await requireLeadProcurement(tx, actorUserId, leadBodyId);
    await lockTenderForBids(tx, { tenderId, leadBodyId, now });
    const criteria = await listQualityCriteria({ tenderId }, tx);
    const written: { lotId: string; bidId: string }[] = [];
    // Lots in a fixed order, so two uploads lock them in the same order.
    for (const bid of [...lotBids].sort((a, b) =>
      a.lotId < b.lotId ? -1 : a.lotId > b.lotId ? 1 : 0,
    )) {
      const bidId = await insertBid(tx, {
        tenderId,
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
  { tenderId, lotId }: { tenderId: string; lotId?: string },
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
  const priceRows = await db
    .select({
      bidId: bidPrices.bidId,
      itemId: bidPrices.itemId,
      bandIndex: bidPrices.bandIndex,
      unitPrice: bidPrices.unitPrice,
    })
    .from(bidPrices)
    .where(
      inArray(
        bidPrices.bidId,
        rows.map((r) => r.id),
      ),
    );
  const byBid = new Map<string, Map<string, number[]>>(rows.map((r) => [r.id, new Map()]));
  for (const p of priceRows) {
    const items = byBid.get(p.bidId)!;
    const list = items.get(p.itemId) ?? [];
    list[p.bandIndex] = p.unitPrice;
    items.set(p.itemId, list);
  }
  return rows.map((r) => ({
    ...r,
    qualityPoints: r.qualityPoints ?? {},
    prices: byBid.get(r.id)!,
  }));
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

/** Deletes a bid recorded by mistake, before its lot is awarded; logged with what it said. */
export async function deleteBid({
  tenderId,
  leadBodyId,
  actorUserId,
  bidId,
  now = new Date(),
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  bidId: string;
  now?: Date;
}) {
  if (!isUuid(bidId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requireLeadProcurement(tx, actorUserId, leadBodyId);
    await lockTenderForBids(tx, { tenderId, leadBodyId, now });
    const [bid] = await tx
      .select({ id: bids.id, lotId: bids.lotId, bidderName: bids.bidderName, source: bids.source })
      .from(bids)
      .where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
    if (!bid) throw notFound();
    const lot = await lockOpenLot(tx, tenderId, bid.lotId);
    await tx.delete(bids).where(eq(bids.id, bid.id));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "tender.bid_deleted",
      subjectType: "tender",
      subjectId: tenderId,
      data: {
        lotId: lot.id,
        lotNumber: lot.number,
        bidId: bid.id,
        bidderName: bid.bidderName,
        source: bid.source,
      },
    });
  });
}

/** Quality points for a bid that came from a price sheet (which carries none), before the award. */
export async function setBidQualityPoints({
  tenderId,
  leadBodyId,
  actorUserId,
  bidId,
  qualityPoints,
  now = new Date(),
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  bidId: string;
  qualityPoints: Record<string, number>;
  now?: Date;
}) {
  if (!isUuid(bidId)) throw notFound();
  const db = await getDb();
  await db.transaction(async (tx) => {
    await requireLeadProcurement(tx, actorUserId, leadBodyId);
    await lockTenderForBids(tx, { tenderId, leadBodyId, now });
    const [bid] = await tx
      .select({
        id: bids.id,
        lotId: bids.lotId,
        bidderName: bids.bidderName,
        qualityPoints: bids.qualityPoints,
      })
      .from(bids)
      .where(and(eq(bids.id, bidId), eq(bids.tenderId, tenderId)));
    if (!bid) throw notFound();
    const lot = await lockOpenLot(tx, tenderId, bid.lotId);
    const criteria = await listQualityCriteria({ tenderId }, tx);
    if (criteria.length === 0) throw new DomainError("Diese Ausschreibung wertet nur den Preis.");
    const points = checkQualityPoints(criteria, qualityPoints);
    await tx.update(bids).set({ qualityPoints: points }).where(eq(bids.id, bid.id));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "tender.bid_quality_points_set",
      subjectType: "tender",
      subjectId: tenderId,
      data: {
        lotId: lot.id,
        bidId: bid.id,
        bidderName: bid.bidderName,
        before: bid.qualityPoints,
        after: points,
      },
    });
  });
}
