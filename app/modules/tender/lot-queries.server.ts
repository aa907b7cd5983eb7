// Reads of a tender's lots and their quantities: live from the demand lines before
// publication, from the frozen snapshot after it.
import { and, asc, eq, sql } from "drizzle-orm";

import { type Executor, getDb, queryRows } from "#db/client";
import { lots, tenders } from "#db/schema";
import { isUuid } from "~/domain/ids";
import { type LotCpv } from "~/domain/lot-name";
import { type ItemCategory, type TenderStatus } from "~/domain/vocabulary";

import { type CatalogueItem } from "~/modules/catalogue/index.server";

import { nameLots } from "./lot-naming.server";
import { getTenderForLead } from "./tender-queries.server";
import { selectLotItems, tenderedItemNameSql } from "./tendered-item.server";

type ItemQuantity = { bundled: number; largest: number; bodies: number };

/**
 * Per item: the bundled quantity (all participants' lines in the tender's rounds) and the
 * largest single body's quantity. Before publication from the demand lines, after it from the
 * frozen snapshot.
 */
export async function itemQuantities(
  db: Executor,
  tenderId: string,
  status: TenderStatus,
): Promise<Map<string, ItemQuantity>> {
  // Per body and item first: "largest" is the largest single body's quantity.
  const perBody =
    status === "draft"
      ? sql`
          select d.item_id, d.body_id, sum(d.quantity) as q
          from demand_lines d
          join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid
          join tender_participants tp on tp.tender_id = ${tenderId}::uuid and tp.body_id = d.body_id
          group by d.item_id, d.body_id`
      : sql`
          select item_id, body_id, sum(quantity) as q
          from tender_lines where tender_id = ${tenderId}::uuid
          group by item_id, body_id`;
  const rows = await queryRows<{
    item_id: string;
    bundled: string;
    largest: string;
    bodies: number;
  }>(
    db,
    sql`
      select item_id, sum(q)::bigint as bundled, max(q)::bigint as largest, count(*)::int as bodies
      from (${perBody}) per_body
      group by item_id`,
  );
  return new Map(
    rows.map((r) => [
      r.item_id,
      { bundled: Number(r.bundled), largest: Number(r.largest), bodies: Number(r.bodies) },
    ]),
  );
}

/** A lot's item: the tendered article's facts, its place, bands and quantities. */
export type LotItemRow = Pick<
  CatalogueItem,
  "name" | "unit" | "cpvCode" | "cpvLabel" | "category" | "vatRateBp" | "referencePrice"
> & {
  itemId: string;
  position: number;
  bandMinQty: number[];
  /** live sum before publication, frozen after */
  bundledQuantity: number;
  largestBodyQuantity: number;
  bodies: number;
};
export type LotWithItems = {
  id: string;
  number: number;
  title: string;
  category: ItemCategory;
  items: LotItemRow[];
  /** the CPV words and code that name the lot */
  cpv: LotCpv | null;
  /** "Los 1 – Papier und Druckerpapier (CPV 30197600)" */
  label: string;
};

export async function loadLots(
  db: Executor,
  tenderId: string,
  leadBodyId: string,
  status: TenderStatus,
): Promise<LotWithItems[]> {
  const [lotRows, itemRows, quantities] = await Promise.all([
    db
      .select({ id: lots.id, number: lots.number, title: lots.title, category: lots.category })
      .from(lots)
      .innerJoin(tenders, eq(tenders.id, lots.tenderId))
      .where(and(eq(lots.tenderId, tenderId), eq(tenders.leadBodyId, leadBodyId)))
      .orderBy(asc(lots.number)),
    selectLotItems(db, { tenderIds: [tenderId], leadBodyId }),
    itemQuantities(db, tenderId, status),
  ]);
  const byLot = new Map<string, LotItemRow[]>();
  // The lot pages show neither the article's description nor its attributes.
  for (const { frozenQuantity, lotId, description: _, attributes: __, ...item } of itemRows) {
    const q = quantities.get(item.itemId);
    const list = byLot.get(lotId) ?? [];
    list.push({
      ...item,
      bundledQuantity: status === "draft" ? (q?.bundled ?? 0) : Number(frozenQuantity ?? 0),
      largestBodyQuantity: q?.largest ?? 0,
      bodies: q?.bodies ?? 0,
    });
    byLot.set(lotId, list);
  }
  return nameLots(
    lotRows.map((l) => ({ ...l, items: byLot.get(l.id) ?? [] })),
    db,
  );
}

/** Lots with their items, bands and quantities; undefined when the tender is not the body's. */
export async function listLots({ tenderId, leadBodyId }: { tenderId: string; leadBodyId: string }) {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  return loadLots(await getDb(), tenderId, leadBodyId, tender.status);
}

type BreakdownRow = {
  body_id: string;
  body_name: string;
  ags: string | null;
  item_id: string;
  item_name: string;
  cost_centre: string;
  quantity: string;
};

/**
 * What lies beneath a lot's bundled quantities: per body, item and cost centre. Live demand
 * before publication, the frozen snapshot after.
 */
export async function lotDemandBreakdown({
  tenderId,
  leadBodyId,
  lotId,
}: {
  tenderId: string;
  leadBodyId: string;
  lotId: string;
}) {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender || !isUuid(lotId)) return undefined;
  const db = await getDb();
  const query =
    tender.status === "draft"
      ? sql`select d.body_id, b.name as body_name, b.ags, d.item_id, ci.name as item_name, d.cost_centre, sum(d.quantity)::bigint as quantity
              from demand_lines d
              join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid
              join tender_participants tp on tp.tender_id = ${tenderId}::uuid and tp.body_id = d.body_id
              join lot_items li on li.tender_id = ${tenderId}::uuid and li.item_id = d.item_id and li.lot_id = ${lotId}::uuid
              join tenders t on t.id = li.tender_id and t.lead_body_id = ${leadBodyId}::uuid
              join bodies b on b.id = d.body_id
              join catalogue_items ci on ci.id = d.item_id
              group by d.body_id, b.name, b.ags, d.item_id, ci.name, li.position, d.cost_centre
              order by b.name, d.body_id, li.position, d.cost_centre`
      : sql`select tl.body_id, b.name as body_name, b.ags, tl.item_id, ${tenderedItemNameSql} as item_name, tl.cost_centre, sum(tl.quantity)::bigint as quantity
              from tender_lines tl
              join tenders t on t.id = tl.tender_id and t.lead_body_id = ${leadBodyId}::uuid
              join lot_items li on li.tender_id = tl.tender_id and li.item_id = tl.item_id
              join bodies b on b.id = tl.body_id
              join catalogue_items ci on ci.id = tl.item_id
              where tl.tender_id = ${tenderId}::uuid and tl.lot_id = ${lotId}::uuid
              group by tl.body_id, b.name, b.ags, tl.item_id, ${tenderedItemNameSql}, li.position, tl.cost_centre
              order by b.name, tl.body_id, li.position, tl.cost_centre`;
  const rows = await queryRows<BreakdownRow>(db, query);
  return rows.map((r) => ({
    bodyId: r.body_id,
    bodyName: r.body_name,
    ags: r.ags,
    itemId: r.item_id,
    itemName: r.item_name,
    costCentre: r.cost_centre,
    quantity: Number(r.quantity),
  }));
}
