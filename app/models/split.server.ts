// The input of the cost split (splitLotCosts) for one lot of a published tender, read from the
// frozen snapshot (tender_lines) and a bid's prices: before the award for the savings preview of
// any bid, after it for the treasurers' split (bidId defaults to the awarded bid).
//
// No access check here: the callers (the lead's evaluation page, the treasurers' downloads)
// decide who may see which part of the result.
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { getDb } from "#db/client";
import {
  awards,
  bidPrices,
  bids,
  bodies,
  lots,
  sharedCosts,
  tenderLines,
  tenders,
} from "#db/schema";
import { exactCost } from "~/domain/bands";
import { type LotSplit, type LotSplitInput, splitLotCosts } from "~/domain/cost-split";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { roundHalfUp } from "~/domain/rational";

import { listTenderLots, lotLabel } from "./bid.server";

/**
 * The admin fee as a percentage: `percentBp` of the lot's exact net at the bid's prices (the sum
 * of the exact item costs at the bundled quantities), rounded half up to cents once.
 */
export function percentOfNet(exactNetTenThousandths: bigint, percentBp: number): number {
  return Number(roundHalfUp(exactNetTenThousandths * BigInt(percentBp), 10_000n * 100n));
}

export async function lotSplitInput({
  tenderId,
  lotId,
  bidId,
}: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotSplitInput | undefined> {
  if (!isUuid(tenderId) || !isUuid(lotId) || (bidId !== undefined && !isUuid(bidId))) {
    return undefined;
  }
  const db = await getDb();
  const [head] = await db
    .select({
      pricing: tenders.pricing,
      leadBodyId: tenders.leadBodyId,
      lotNumber: lots.number,
      lotTitle: lots.title,
      awardedBidId: awards.bidId,
    })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .leftJoin(awards, eq(awards.lotId, lots.id))
    .where(and(eq(lots.id, lotId), eq(tenders.id, tenderId), eq(tenders.status, "published")));
  if (!head) return undefined;
  const chosen = bidId ?? head.awardedBidId;
  if (!chosen) return undefined;
  const [bid] = await db
    .select({ id: bids.id })
    .from(bids)
    .where(and(eq(bids.id, chosen), eq(bids.lotId, lotId), eq(bids.tenderId, tenderId)));
  if (!bid) return undefined;

  const [[structure], priceRows, lineRows, bodyRows, costRows] = await Promise.all([
    listTenderLots({ tenderId, lotId }),
    db
      .select({
        itemId: bidPrices.itemId,
        bandIndex: bidPrices.bandIndex,
        unitPrice: bidPrices.unitPrice,
      })
      .from(bidPrices)
      .where(eq(bidPrices.bidId, bid.id)),
    // The one query for the lines: the frozen snapshot, nothing from the live rounds.
    db
      .select({
        id: tenderLines.id,
        bodyId: tenderLines.bodyId,
        itemId: tenderLines.itemId,
        costCentre: tenderLines.costCentre,
        quantity: tenderLines.quantity,
      })
      .from(tenderLines)
      .where(and(eq(tenderLines.lotId, lotId), eq(tenderLines.tenderId, tenderId)))
      .orderBy(asc(tenderLines.id)),
    db
      .select({ id: bodies.id, population: bodies.population })
      .from(bodies)
      .where(
        inArray(
          bodies.id,
          db
            .selectDistinct({ id: tenderLines.bodyId })
            .from(tenderLines)
            .where(and(eq(tenderLines.lotId, lotId), eq(tenderLines.tenderId, tenderId))),
        ),
      ),
    db
      .select({
        id: sharedCosts.id,
        kind: sharedCosts.kind,
        amountCents: sharedCosts.amountCents,
        percentBp: sharedCosts.percentBp,
        vatRateBp: sharedCosts.vatRateBp,
        key: sharedCosts.key,
        payers: sharedCosts.payers,
      })
      .from(sharedCosts)
      .where(and(eq(sharedCosts.lotId, lotId), eq(sharedCosts.tenderId, tenderId)))
      .orderBy(asc(sharedCosts.id)),
  ]);
  const what = lotLabel({ number: head.lotNumber, title: head.lotTitle });
  if (!structure) throw new DomainError(`${what} enthält keine Artikel.`);

  const prices = new Map<string, number[]>();
  for (const p of priceRows) {
    const list = prices.get(p.itemId) ?? [];
    list[p.bandIndex] = p.unitPrice;
    prices.set(p.itemId, list);
  }
  const items = structure.items.map((item) => {
    const unitPrices = prices.get(item.itemId) ?? [];
    return {
      id: item.itemId,
      vatRateBp: item.vatRateBp,
      bands: item.bandMinQty.map((minQty, i) => {
        const unitPrice = unitPrices[i];
        if (unitPrice === undefined) {
          throw new DomainError(
            `${what}: Das Angebot hat keinen Preis für „${item.name}“, Staffel ${i + 1}.`,
          );
        }
        return { minQty, unitPrice };
      }),
    };
  });

  const lines = lineRows.map((l) => ({
    bodyId: l.bodyId,
    itemId: l.itemId,
    costCentre: l.costCentre,
    quantity: l.quantity,
    ref: String(l.id),
  }));

  // The lot's exact net at this bid, for percentage fees: the bundled quantity per item as the
  // split itself sums it from the lines.
  const bundled = new Map<string, bigint>();
  for (const l of lines) bundled.set(l.itemId, (bundled.get(l.itemId) ?? 0n) + BigInt(l.quantity));
  let exactNet = 0n;
  for (const item of items)
    exactNet += exactCost(item.bands, bundled.get(item.id) ?? 0n, head.pricing);

  return {
    pricing: head.pricing,
    bodies: bodyRows.map((b) => ({
      id: b.id,
      population: b.population,
      isLead: b.id === head.leadBodyId,
    })),
    items,
    lines,
    sharedCosts: costRows.map((c) => ({
      id: c.id,
      amountCents:
        c.kind === "admin-percent"
          ? percentOfNet(exactNet, c.percentBp ?? 0)
          : (c.amountCents ?? 0),
      vatRateBp: c.vatRateBp,
      key: c.key,
      payers: c.payers,
    })),
  };
}

/** The split of a lot at a bid's prices (default: the awarded bid); undefined without one. */
export async function lotSplit(args: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotSplit | undefined> {
  const input = await lotSplitInput(args);
  return input ? splitLotCosts(input) : undefined;
}

/** Names, kinds and keys of a lot's shared costs, for display next to a split. */
export async function listLotSharedCosts({ tenderId, lotId }: { tenderId: string; lotId: string }) {
  if (!isUuid(tenderId) || !isUuid(lotId)) return [];
  const db = await getDb();
  return db
    .select({
      id: sharedCosts.id,
      kind: sharedCosts.kind,
      label: sharedCosts.label,
      amountCents: sharedCosts.amountCents,
      percentBp: sharedCosts.percentBp,
      vatRateBp: sharedCosts.vatRateBp,
      key: sharedCosts.key,
      payers: sharedCosts.payers,
    })
    .from(sharedCosts)
    .where(and(eq(sharedCosts.lotId, lotId), eq(sharedCosts.tenderId, tenderId)))
    .orderBy(asc(sharedCosts.id));
}

/** Names of the bodies in a lot's snapshot, for display. */
export async function listLotBodies({ tenderId, lotId }: { tenderId: string; lotId: string }) {
  if (!isUuid(tenderId) || !isUuid(lotId)) return [];
  const db = await getDb();
  return db
    .select({ id: bodies.id, name: bodies.name, ags: bodies.ags, population: bodies.population })
    .from(bodies)
    .where(
      inArray(
        bodies.id,
        db
          .selectDistinct({ id: tenderLines.bodyId })
          .from(tenderLines)
          .where(and(eq(tenderLines.lotId, lotId), eq(tenderLines.tenderId, tenderId))),
      ),
    )
    .orderBy(sql`lower(${bodies.name})`, asc(bodies.id));
}
