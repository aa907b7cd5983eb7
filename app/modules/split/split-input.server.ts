// Before the award: the input of the pure engine (splitLotCosts) for one lot and bid, read from
// the frozen snapshot (tender_lines) and the bid's prices, for the savings preview of any bid.
//
// No access check here: the callers (the lead's evaluation page, the treasurers' downloads)
// decide who may see which part of the result.
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { type Database, type Executor, getDb } from "#db/client";
import { awards, bids, bodies, lots, sharedCosts, tenderLines, tenders } from "#db/schema";
import { exactCost } from "~/domain/bands";
import { termFactor } from "~/domain/budget-years";
import { type LotSplit, type LotSplitInput, splitLotCosts } from "~/domain/cost-split";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { roundHalfUp } from "~/domain/rational";
import { type SharedCostKind, type SharedCostPayers } from "~/domain/vocabulary";

import { listTenderLots, loadBidPrices, lotLabel } from "~/modules/bids/index.server";
import { sharedCostSelection } from "~/modules/tender/index.server";

/**
 * The admin fee as a percentage: `percentBp` of the lot's exact net at the bid's prices (the sum
 * of the exact item costs at the bundled quantities; licences over the whole term), rounded half
 * up to cents once.
 */
export function percentOfNet(
  exactNetTenThousandths: bigint,
  percentBp: number,
  termMonths?: number,
): number {
  const t = termFactor(termMonths);
  return Number(
    roundHalfUp(exactNetTenThousandths * BigInt(percentBp) * t.num, 10_000n * 100n * t.den),
  );
}

/** A Postgres array literal for one text parameter: `{a,b,c}` (uuids and integers only). */
export const arrayParam = (values: Iterable<string | number | bigint>) =>
  `{${[...values].join(",")}}`;

export type CostRow = {
  id: string;
  kind: SharedCostKind;
  label: string;
  amountCents: number | null;
  percentBp: number | null;
  vatRateBp: number;
  key: LotSplitInput["sharedCosts"][number]["key"];
  payers: SharedCostPayers;
};

export type LotHead = {
  lotId: string;
  pricing: LotSplitInput["pricing"];
  leadBodyId: string;
  what: string;
  items: LotSplitInput["items"];
  costRows: CostRow[];
  /** licence lots: the contract's term (LotSplitInput.termMonths) */
  termMonths?: number;
};

/** A lot and the bid to split it at (default: the awarded bid). */
export type LotRequest = { lotId: string; bidId?: string };

/**
 * Pricing, the items with the bid's bands and the shared costs of lots of a published tender;
 * no lines. Five queries however many lots. A lot without the bid (or award) is left out.
 */
export async function loadLotHeads(
  db: Executor,
  tenderId: string,
  requests: LotRequest[],
): Promise<Map<string, LotHead>> {
  const result = new Map<string, LotHead>();
  const wanted = requests.filter(
    (r) => isUuid(r.lotId) && (r.bidId === undefined || isUuid(r.bidId)),
  );
  if (!isUuid(tenderId) || wanted.length === 0) return result;
  const lotIds = arrayParam(wanted.map((r) => r.lotId));
  const heads = await db
    .select({
      lotId: lots.id,
      pricing: tenders.pricing,
      leadBodyId: tenders.leadBodyId,
      lotNumber: lots.number,
      lotTitle: lots.title,
      category: lots.category,
      termMonths: tenders.termMonths,
      awardedBidId: awards.bidId,
    })
    .from(lots)
    .innerJoin(tenders, eq(tenders.id, lots.tenderId))
    .leftJoin(awards, eq(awards.lotId, lots.id))
    .where(
      and(
        sql`${lots.id} = any(${lotIds}::uuid[])`,
        eq(tenders.id, tenderId),
        eq(tenders.status, "published"),
      ),
    );
  const chosen = new Map<string, string>();
  for (const h of heads) {
    const bid = wanted.find((r) => r.lotId === h.lotId)?.bidId ?? h.awardedBidId;
    if (bid) chosen.set(h.lotId, bid);
  }
  if (chosen.size === 0) return result;
  const [bidRows, structure, pricesByBid, costRows] = await Promise.all([
    db
      .select({ id: bids.id, lotId: bids.lotId })
      .from(bids)
      .where(
        and(
          sql`${bids.id} = any(${arrayParam(chosen.values())}::uuid[])`,
          eq(bids.tenderId, tenderId),
        ),
      ),
    listTenderLots({ tenderId }, db),
    loadBidPrices(chosen.values(), db),
    db
      .select(sharedCostSelection)
      .from(sharedCosts)
      .where(
        and(sql`${sharedCosts.lotId} = any(${lotIds}::uuid[])`, eq(sharedCosts.tenderId, tenderId)),
      )
      .orderBy(asc(sharedCosts.id)),
  ]);
  for (const h of heads) {
    const bidId = chosen.get(h.lotId);
    // the bid must be one of this lot's
    if (!bidId || !bidRows.some((b) => b.id === bidId && b.lotId === h.lotId)) continue;
    const what = lotLabel({ number: h.lotNumber, title: h.lotTitle });
    const lot = structure.find((s) => s.id === h.lotId);
    if (!lot) throw new DomainError(`${what} enthält keine Artikel.`);
    const prices = pricesByBid.get(bidId) ?? new Map<string, number[]>();
    const items = lot.items.map((item) => {
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
    result.set(h.lotId, {
      lotId: h.lotId,
      pricing: h.pricing,
      leadBodyId: h.leadBodyId,
      what,
      items,
      costRows: costRows.filter((c) => c.lotId === h.lotId),
      termMonths: h.category === "license" ? h.termMonths : undefined,
    });
  }
  return result;
}

/** One lot's head (see loadLotHeads). */
async function loadLotHead({
  tenderId,
  lotId,
  bidId,
}: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotHead | undefined> {
  return (await loadLotHeads(await getDb(), tenderId, [{ lotId, bidId }])).get(lotId);
}

/** The shared costs as the split takes them; a percentage fee of the lot's exact net. */
export function sharedCostInputs(head: LotHead, exactNet: bigint): LotSplitInput["sharedCosts"] {
  return head.costRows.map((c) => ({
    id: c.id,
    amountCents:
      c.kind === "admin-percent"
        ? percentOfNet(exactNet, c.percentBp ?? 0, head.termMonths)
        : (c.amountCents ?? 0),
    vatRateBp: c.vatRateBp,
    key: c.key,
    payers: c.payers,
  }));
}

/**
 * The whole lot as input of the pure engine `splitLotCosts`: every frozen line in memory. The
 * reference the split at scale (planLotSplit) is tested against; for national lots use that.
 */
export async function lotSplitInput(args: {
  tenderId: string;
  lotId: string;
  bidId?: string;
}): Promise<LotSplitInput | undefined> {
  const head = await loadLotHead(args);
  if (!head) return undefined;
  const { tenderId, lotId } = args;
  const db = await getDb();
  const [lineRows, bodyRows] = await Promise.all([
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
      .where(inArray(bodies.id, bodiesOfLot(db, tenderId, lotId))),
  ]);

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
  for (const item of head.items)
    exactNet += exactCost(item.bands, bundled.get(item.id) ?? 0n, head.pricing);

  return {
    pricing: head.pricing,
    bodies: bodyRows.map((b) => ({
      id: b.id,
      population: b.population,
      isLead: b.id === head.leadBodyId,
    })),
    items: head.items,
    lines,
    sharedCosts: sharedCostInputs(head, exactNet),
    ...(head.termMonths === undefined ? {} : { termMonths: head.termMonths }),
  };
}

/** The ids of the bodies with lines in a lot's snapshot, as a subquery. */
function bodiesOfLot(db: Database, tenderId: string, lotId: string) {
  return db
    .selectDistinct({ id: tenderLines.bodyId })
    .from(tenderLines)
    .where(and(eq(tenderLines.lotId, lotId), eq(tenderLines.tenderId, tenderId)));
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

/** Names of the bodies in a lot's snapshot, for display. */
export async function listLotBodies({ tenderId, lotId }: { tenderId: string; lotId: string }) {
  if (!isUuid(tenderId) || !isUuid(lotId)) return [];
  const db = await getDb();
  return db
    .select({ id: bodies.id, name: bodies.name, ags: bodies.ags, population: bodies.population })
    .from(bodies)
    .where(inArray(bodies.id, bodiesOfLot(db, tenderId, lotId)))
    .orderBy(sql`lower(${bodies.name})`, asc(bodies.id));
}
