import { sql } from "drizzle-orm";

import { type Executor, getDb, queryRows } from "#db/client";
import { type PriceBand } from "~/domain/bands";
import {
  type EstimateBasis,
  estimateBundleSaving,
  roundedTotal,
  totalsMayBeShown,
} from "~/domain/partner-estimate";
import { type Pricing } from "~/domain/vocabulary";

import { type Region } from "./forms";
import { type CpvGroupSummary, type EstimateSource, type PartnerBundle } from "./types";
import { agsInRegion, basisYear, regionPrefix } from "./scope.server";

type ItemAggregate = {
  item_id: string;
  name: string;
  unit: string;
  cpv_code: string;
  reference_price: string | number;
  own: string | number;
  total: string | number;
  others: number;
};

/**
 * Per item the body bought in the basis year: its own quantity, everyone's (in the region, the
 * body always included) and the number of other bodies. The body's own lines by their natural
 * key, everyone else's from `partner_item_totals` plus the deltas not folded in yet (decision
 * 029: per year, item and Landkreis, kept by the database's triggers), so a request reads some
 * 400 rows per item, not every line.
 * `own_in` is 1 when the body lies in the region: its own count and quantity are already in the
 * region's totals; else they are added.
 */
async function itemAggregates(
  db: Executor,
  { bodyId, year, prefix }: { bodyId: string; year: number; prefix: string | null },
) {
  return queryRows<ItemAggregate>(
    db,
    sql`
      with own_items as (
        select d.item_id, sum(d.quantity)::bigint as own from demand_lines d
        where d.round_id in (select id from rounds where budget_year = ${year})
          and d.body_id = ${bodyId}::uuid
        group by d.item_id
      ),
      own_body as (
        select (${agsInRegion(sql`coalesce(left(b.ags, 5), '')`, prefix)})::int as own_in
        from bodies b where b.id = ${bodyId}::uuid
      ),
      totals as (
        select o.item_id, o.own,
          (coalesce(sum(p.quantity), 0) + o.own * (1 - ob.own_in))::bigint as total,
          (coalesce(sum(p.bodies), 0) - ob.own_in)::int as others
        from own_items o cross join own_body ob
        left join (
          select item_id, kreis, bodies, quantity from partner_item_totals where budget_year = ${year}
          union all
          select item_id, kreis, bodies, quantity from partner_item_deltas_of(${year})
        ) p on p.item_id = o.item_id and ${agsInRegion(sql`p.kreis`, prefix)}
        group by o.item_id, o.own, ob.own_in
      )
      select t.item_id, c.name, c.unit, c.cpv_code, c.reference_price, t.own, t.total, t.others
      from totals t join catalogue_items c on c.id = t.item_id`,
  );
}

type AwardBands = {
  item_id: string;
  band_min_qty: number[];
  prices: (string | number)[];
  pricing: Pricing;
  title: string;
  reference_number: string;
  awarded_at: Date | string;
};

/** Per item, the bands and awarded prices of its latest award on the platform (published data). */
async function latestAwardBands(db: Executor, itemIds: string[]) {
  if (itemIds.length === 0) return new Map<string, AwardBands>();
  const rows = await queryRows<AwardBands>(
    db,
    sql`
      select distinct on (li.item_id) li.item_id, li.band_min_qty,
        array_agg(bp.unit_price order by bp.band_index) as prices,
        t.pricing, t.title, t.reference_number, a.awarded_at
      from lot_items li
      join awards a on a.lot_id = li.lot_id
      join tenders t on t.id = a.tender_id
      join bid_prices bp on bp.bid_id = a.bid_id and bp.item_id = li.item_id
      where li.item_id in (${sql.join(
        itemIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})
      group by li.item_id, li.lot_id, li.band_min_qty, t.pricing, t.title, t.reference_number, a.awarded_at
      order by li.item_id, a.awarded_at desc, li.lot_id`,
  );
  return new Map(rows.map((r) => [r.item_id, r]));
}

function basisOf(
  award: AwardBands | undefined,
  referencePrice: number,
): { basis: EstimateBasis; source: EstimateSource } {
  if (award && award.prices.length === award.band_min_qty.length) {
    const bands: PriceBand[] = award.band_min_qty.map((minQty, i) => ({
      minQty,
      unitPrice: Number(award.prices[i]),
    }));
    return {
      basis: { kind: "award", bands, pricing: award.pricing },
      source: {
        kind: "award",
        tenderTitle: award.title,
        referenceNumber: award.reference_number,
        awardedAt: new Date(award.awarded_at).toISOString(),
      },
    };
  }
  return {
    basis: { kind: "reference", referencePrice },
    source: { kind: "reference", referencePrice },
  };
}

async function bodiesInRegion(db: Executor, bodyId: string, prefix: string | null) {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from bodies b
        where b.id <> ${bodyId}::uuid and ${agsInRegion(sql`b.ags`, prefix)}`,
  );
  return row?.n ?? 0;
}

/**
 * The partner finder's list: candidate bundles of the body's items, ranked by its estimated
 * saving (then by the number of partners), one page of them, and a summary per CPV group
 * (first 3 digits of the CPV code). Items nobody else in the region buys are only counted.
 */
export async function findPartnerBundles({
  bodyId,
  region,
  page,
  pageSize,
}: {
  bodyId: string;
  region: Region;
  page: number;
  pageSize: number;
}) {
  const db = await getDb();
  const year = await basisYear(db, bodyId);
  if (year === null) {
    return { year, rows: [], total: 0, withoutPartners: 0, groups: [] as CpvGroupSummary[] };
  }
  const prefix = regionPrefix(region);
  const [aggregates, regionBodies] = await Promise.all([
    itemAggregates(db, { bodyId, year, prefix }),
    bodiesInRegion(db, bodyId, prefix),
  ]);
  const withPartners = aggregates.filter((a) => a.others > 0 && Number(a.own) > 0);
  const awards = await latestAwardBands(
    db,
    withPartners.map((a) => a.item_id),
  );
  const bundles: PartnerBundle[] = withPartners.map((a) => {
    const own = Number(a.own);
    const total = Number(a.total);
    const { basis, source } = basisOf(awards.get(a.item_id), Number(a.reference_price));
    const estimate = estimateBundleSaving({ ownQuantity: own, bundledQuantity: total, basis });
    return {
      itemId: a.item_id,
      name: a.name,
      unit: a.unit,
      cpvGroup: a.cpv_code.slice(0, 3),
      ownQuantity: own,
      otherBodies: a.others,
      couldJoin: Math.max(0, regionBodies - a.others),
      roundedTotal: totalsMayBeShown(a.others) ? roundedTotal(total) : null,
      bandNumber: estimate.bandIndex === null ? null : estimate.bandIndex + 1,
      bandCount: estimate.bandCount,
      bandMinQty: estimate.bandMinQty,
      savingCents: Number(estimate.savingCents),
      source,
    };
  });
  bundles.sort(
    (x, y) =>
      y.savingCents - x.savingCents ||
      y.otherBodies - x.otherBodies ||
      x.name.localeCompare(y.name, "de"),
  );
  const groups = new Map<string, CpvGroupSummary>();
  for (const b of bundles) {
    const g = groups.get(b.cpvGroup) ?? {
      cpvGroup: b.cpvGroup,
      items: 0,
      mostOtherBodies: 0,
      savingCents: 0,
    };
    g.items++;
    g.mostOtherBodies = Math.max(g.mostOtherBodies, b.otherBodies);
    g.savingCents += b.savingCents;
    groups.set(b.cpvGroup, g);
  }
  return {
    year,
    rows: bundles.slice((page - 1) * pageSize, page * pageSize),
    total: bundles.length,
    withoutPartners: aggregates.length - withPartners.length,
    groups: [...groups.values()].sort(
      (x, y) => y.savingCents - x.savingCents || x.cpvGroup.localeCompare(y.cpvGroup),
    ),
  };
}
