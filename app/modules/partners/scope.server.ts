import { type SQL, sql } from "drizzle-orm";

import { type Executor, queryRows } from "#db/client";

import { type Region } from "./forms";

/**
 * The year the partner finder compares (Bezugsjahr): the latest budget year of a round in
 * which the body itself reported demand. One round is one year's demand, so adding the rounds
 * of several years would count a body's yearly need twice. Null: the body has no demand at all.
 * Uses the demand lines' natural key (round_id, body_id, …) per round.
 */
export async function basisYear(db: Executor, bodyId: string): Promise<number | null> {
  const [row] = await queryRows<{ year: number | null }>(
    db,
    sql`select max(r.budget_year)::int as year from rounds r
        where exists (select 1 from demand_lines d where d.round_id = r.id and d.body_id = ${bodyId}::uuid)`,
  );
  return row?.year ?? null;
}

/** The AGS prefix of the filter: the Landkreis's 5 digits, else the Land's 2, else none. */
export function regionPrefix(region: Region): string | null {
  if (region.kreis) return region.kreis;
  return region.land ?? null;
}

/** SQL: `ags` lies in the region (always true without a filter). */
export function agsInRegion(ags: SQL, prefix: string | null): SQL {
  return prefix === null ? sql`true` : sql`${ags} like ${`${prefix}%`}`;
}
