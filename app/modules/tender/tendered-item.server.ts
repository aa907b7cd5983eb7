// The catalogue item as a tender sees it (decision 011): the snapshot that the publication
// wrote into lot_items, or the live catalogue row while the tender is a draft. Every read of a
// tender's item fields goes through these expressions (with lot_items joined to
// catalogue_items), so a later catalogue edit never moves a published tender's notice, OCDS
// release, documents, evaluation or split.
import { and, asc, eq, inArray, sql } from "drizzle-orm";

import { type Executor, type Transaction } from "#db/client";
import { catalogueItems, cpvCodes, lotItems, tenders } from "#db/schema";

/** Select columns: name, description, unit, CPV, category, VAT rate, reference price, attributes. */
export const tenderedItem = {
  name: sql<string>`coalesce(${lotItems.itemName}, ${catalogueItems.name})`,
  description: sql<string>`coalesce(${lotItems.itemDescription}, ${catalogueItems.description})`,
  unit: sql<string>`coalesce(${lotItems.itemUnit}, ${catalogueItems.unit})`,
  cpvCode: sql<string>`coalesce(${lotItems.itemCpvCode}, ${catalogueItems.cpvCode})`,
  category: sql<
    "consumable" | "license"
  >`coalesce(${lotItems.itemCategory}, ${catalogueItems.category})`,
  vatRateBp: sql<number>`coalesce(${lotItems.itemVatRateBp}, ${catalogueItems.vatRateBp})`.mapWith(
    Number,
  ),
  referencePrice:
    sql<number>`coalesce(${lotItems.itemReferencePrice}, ${catalogueItems.referencePrice})`.mapWith(
      Number,
    ),
  attributes: sql<string>`coalesce(${lotItems.itemAttributes}, ${catalogueItems.attributes})`,
};

/** Which lot items to read: of these tenders, and only the lead's, one lot's or one item's. */
export type LotItemScope = {
  tenderIds: string[];
  leadBodyId?: string;
  lotId?: string;
  itemId?: string;
};

/**
 * The items of a tender's lots with the tendered article's facts and its CPV label, by position
 * (then name): the one read of lot items that the lot pages, the public notice and the ranking
 * share. `frozenQuantity` is the bundled quantity frozen at publication, null before.
 */
export function selectLotItems(
  db: Executor,
  { tenderIds, leadBodyId, lotId, itemId }: LotItemScope,
) {
  return db
    .select({
      lotId: lotItems.lotId,
      itemId: lotItems.itemId,
      position: lotItems.position,
      bandMinQty: lotItems.bandMinQty,
      frozenQuantity: lotItems.bundledQuantity,
      ...tenderedItem,
      cpvLabel: cpvCodes.labelDe,
    })
    .from(lotItems)
    .innerJoin(tenders, eq(tenders.id, lotItems.tenderId))
    .innerJoin(catalogueItems, eq(catalogueItems.id, lotItems.itemId))
    .innerJoin(cpvCodes, eq(cpvCodes.code, tenderedItem.cpvCode))
    .where(
      and(
        inArray(lotItems.tenderId, tenderIds),
        leadBodyId === undefined ? undefined : eq(tenders.leadBodyId, leadBodyId),
        lotId ? eq(lotItems.lotId, lotId) : undefined,
        itemId ? eq(lotItems.itemId, itemId) : undefined,
      ),
    )
    .orderBy(asc(lotItems.position), asc(tenderedItem.name));
}

/**
 * The same for hand-written SQL: the item's name with lot_items as `li` and catalogue_items as
 * `ci` in the query.
 */
export const tenderedItemNameSql = sql.raw(`coalesce(li.item_name, ci.name)`);

/**
 * Holds the tender's catalogue rows still until the publication commits, so that the procedure
 * advice it checks and the snapshot it writes read the same reference prices.
 */
export async function holdTenderedItems(tx: Transaction, tenderId: string) {
  await tx.execute(sql`
    select 1 from catalogue_items ci
    join lot_items li on li.item_id = ci.id
    where li.tender_id = ${tenderId}::uuid
    for share of ci`);
}

/** Freezes the catalogue fields of every item of the tender, in the publication's transaction. */
export async function freezeTenderedItems(tx: Transaction, tenderId: string) {
  await tx.execute(sql`
    update lot_items li set
      item_name = ci.name,
      item_description = ci.description,
      item_unit = ci.unit,
      item_cpv_code = ci.cpv_code,
      item_category = ci.category,
      item_vat_rate_bp = ci.vat_rate_bp,
      item_reference_price = ci.reference_price,
      item_attributes = ci.attributes
    from catalogue_items ci
    where li.tender_id = ${tenderId}::uuid and ci.id = li.item_id`);
}
