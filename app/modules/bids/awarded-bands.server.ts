// The price bands an item reached in its latest award: what a new bundle of the item can expect
// before its own tender (the council paper's estimate). Only the awarded bid's band prices leave
// here – no tender, body or bidder – so an estimate never tells who bought at that price.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { type PriceBand } from "~/domain/bands";
import { isUuid } from "~/domain/ids";
import { type Pricing } from "~/domain/vocabulary";

export type AwardedBands = {
  itemId: string;
  pricing: Pricing;
  /** ascending, the first from 0; unit prices in 1/10,000 EUR of the awarded bid */
  bands: PriceBand[];
  awardedAt: Date;
};

/** Per item, the bands and awarded prices of the newest awarded lot holding it (none: absent). */
export async function latestAwardedBands({
  itemIds,
}: {
  itemIds: readonly string[];
}): Promise<Map<string, AwardedBands>> {
  const ids = itemIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const db = await getDb();
  const rows = await queryRows<{
    item_id: string;
    pricing: Pricing;
    band_min_qty: number[] | string;
    prices: string[] | string;
    awarded_at: Date | string;
  }>(
    db,
    sql`select x.item_id::text as item_id, x.pricing, x.band_min_qty::text as band_min_qty,
               array(select bp.unit_price::text from bid_prices bp
                      where bp.bid_id = x.bid_id and bp.item_id = x.item_id
                      order by bp.band_index)::text as prices,
               x.awarded_at
          from (select distinct on (li.item_id) li.item_id, li.band_min_qty, t.pricing,
                       a.bid_id, a.awarded_at
                  from lot_items li
                  join awards a on a.lot_id = li.lot_id
                  join tenders t on t.id = li.tender_id
                 where li.item_id = any(${`{${ids.join(",")}}`}::uuid[])
                 order by li.item_id, a.awarded_at desc, a.lot_id) x`,
  );
  const result = new Map<string, AwardedBands>();
  for (const r of rows) {
    const mins = pgIntegers(r.band_min_qty);
    const prices = pgIntegers(r.prices);
    // a bid names a price for every band of its lot; anything else is not a usable band list
    if (mins.length === 0 || mins.length !== prices.length) continue;
    result.set(r.item_id, {
      itemId: r.item_id,
      pricing: r.pricing,
      bands: mins.map((minQty, i) => ({ minQty, unitPrice: prices[i]! })),
      awardedAt: new Date(r.awarded_at),
    });
  }
  return result;
}

/** "{0,100,1000}" (both drivers, as text) → [0, 100, 1000] */
function pgIntegers(value: number[] | string[] | string): number[] {
  const list = typeof value === "string" ? value.replace(/[{}]/g, "").split(",") : value;
  return list.filter((v) => v !== "").map(Number);
}
