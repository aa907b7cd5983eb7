import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";

import { type Region } from "./forms";
import { type RegionOption } from "./types";

/**
 * The filter's choices from the bodies on the platform: the Länder (first 2 digits of the AGS)
 * and the Landkreise (first 5) of the chosen Land, or of the body's own Land without a choice.
 */
export async function regionOptions({
  region,
  ownAgs,
}: {
  region: Region;
  ownAgs: string | null;
}): Promise<{ laender: RegionOption[]; kreise: RegionOption[] }> {
  const db = await getDb();
  const land = region.land ?? region.kreis?.slice(0, 2) ?? ownAgs?.slice(0, 2) ?? null;
  const [laender, kreise] = await Promise.all([
    queryRows<RegionOption>(
      db,
      sql`select substr(ags, 1, 2) as key, min(land) as name from bodies
          where ags is not null group by 1 order by 1`,
    ),
    land === null
      ? Promise.resolve([])
      : queryRows<RegionOption>(
          db,
          sql`select substr(ags, 1, 5) as key, coalesce(min(kreis), substr(ags, 1, 5)) as name
              from bodies where ags like ${`${land}%`} and length(ags) >= 5
              group by 1 order by 2, 1`,
        ),
  ]);
  return { laender, kreise };
}
