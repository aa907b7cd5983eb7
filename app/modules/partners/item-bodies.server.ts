import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { perInhabitantEstimate, totalsMayBeShown } from "~/domain/partner-estimate";
import { notFound } from "~/kit/http/responses.server";

import { type Region } from "./forms";
import { type ItemBody } from "./types";
import { agsInRegion, basisYear, regionPrefix } from "./scope.server";

/**
 * One item of the body's list: the other bodies in the region that buy it (names only, never
 * their figures), then those that could join, largest first, one page. A body that could join
 * gets an estimate: the quantity per inhabitant of the bodies that buy it (this body included)
 * times its population – only with at least two other buyers, else the ratio would reveal the
 * one partner's quantity. An item the body does not buy itself is not its business: 404.
 */
export async function partnerItemBodies({
  bodyId,
  itemId,
  region,
  page,
  pageSize,
}: {
  bodyId: string;
  itemId: string;
  region: Region;
  page: number;
  pageSize: number;
}) {
  const db = await getDb();
  const year = await basisYear(db, bodyId);
  if (year === null) throw notFound();
  const prefix = regionPrefix(region);
  const buyers = sql`
    buyers as (
      select d.body_id, sum(d.quantity)::bigint as quantity from demand_lines d
      where d.round_id in (select id from rounds where budget_year = ${year})
        and d.item_id = ${itemId}::uuid
      group by d.body_id
    )`;
  const [stats] = await queryRows<{
    name: string;
    unit: string;
    own: string | number | null;
    others: number;
    quantity: string | number | null;
    population: string | number | null;
  }>(
    db,
    sql`with ${buyers}
        select c.name, c.unit,
          (select quantity from buyers where body_id = ${bodyId}::uuid) as own,
          (count(*) filter (where k.body_id <> ${bodyId}::uuid))::int as others,
          sum(k.quantity)::bigint as quantity, sum(b.population)::bigint as population
        from catalogue_items c
        left join buyers k on true
        left join bodies b on b.id = k.body_id
        where c.id = ${itemId}::uuid
          and (k.body_id is null or k.body_id = ${bodyId}::uuid or ${agsInRegion(sql`b.ags`, prefix)})
        group by c.id`,
  );
  if (!stats || stats.own === null || Number(stats.own) <= 0) throw notFound();
  const rows = await queryRows<Omit<ItemBody, "estimate"> & { total: number }>(
    db,
    sql`with ${buyers}
        select b.id, b.name, b.ags, b.kreis, b.population, (k.body_id is not null) as buys,
          count(*) over ()::int as total
        from bodies b left join buyers k on k.body_id = b.id
        where b.id <> ${bodyId}::uuid and ${agsInRegion(sql`b.ags`, prefix)}
        order by (k.body_id is not null) desc, b.population desc, b.name, b.id
        limit ${pageSize} offset ${(page - 1) * pageSize}`,
  );
  const estimatesShown = totalsMayBeShown(stats.others);
  const bodies: ItemBody[] = rows.map(({ total: _total, ...r }) => ({
    ...r,
    estimate:
      !r.buys && estimatesShown
        ? perInhabitantEstimate({
            quantity: Number(stats.quantity ?? 0),
            population: Number(stats.population ?? 0),
            targetPopulation: r.population,
          })
        : null,
  }));
  return {
    year,
    item: { id: itemId, name: stats.name, unit: stats.unit },
    ownQuantity: Number(stats.own),
    otherBodies: stats.others,
    estimatesShown,
    bodies,
    total: rows[0]?.total ?? 0,
  };
}
