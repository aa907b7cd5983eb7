// Stage 7 of the benchmark (issue 16): the partner finder's list for one body beside the plain
// aggregate over every line. Target (issues 16 and 19): the product answers in under a second on
// the national round's 1.08 M lines and within 2× of that plain GROUP BY. Since decision 029 the
// product reads the triggers' per-(year, item, Landkreis) totals instead of the lines.
import { sql } from "drizzle-orm";

import { type Database, queryRows } from "../../db/client";
import { findPartnerBundles } from "../../app/modules/partners/index.server";

import { repeat, type Row } from "./lib";

const PLAIN = sql`select item_id, count(distinct body_id) as bodies, sum(quantity) as quantity
                  from demand_lines group by item_id`;

export async function benchPartners({
  db,
  bodyId,
  runs,
  log,
}: {
  db: Database;
  bodyId: string;
  runs: number;
  log: (msg: string) => void;
}): Promise<Row[]> {
  let items = 0;
  const product = await repeat(runs, async () => {
    const found = await findPartnerBundles({ bodyId, region: {}, page: 1, pageSize: 25 });
    items = found.total;
  });
  const plain = await repeat(runs, async () => {
    const r = await queryRows(db, PLAIN);
    if (r.length === 0) throw new Error("plain aggregate found no lines");
  });
  // The body's own Land (first 2 digits of its AGS) as the filter: the join on bodies added.
  const [own] = await queryRows<{ ags: string | null }>(
    db,
    sql`select ags from bodies where id = ${bodyId}::uuid`,
  );
  const land = own?.ags?.slice(0, 2);
  const filtered = land
    ? await repeat(runs, () =>
        findPartnerBundles({ bodyId, region: { land }, page: 1, pageSize: 25 }),
      )
    : undefined;
  log(`7 Partnersuche ${product.ms.toFixed(0)} ms vs ${plain.ms.toFixed(0)} ms (${items} Artikel)`);
  const row = (stage: string, productName: string, ms: number, all: number[]): Row => {
    const ratio = ms / plain.ms;
    return {
      stage,
      product: productName,
      baseline: "SELECT item_id, count(distinct body_id), sum(quantity) GROUP BY item_id",
      productMs: ms,
      baselineMs: plain.ms,
      ratio,
      target: "< 1 s, ≤ 2×",
      met: ms < 1000 && ratio <= 2,
      extra: { runsMs: all, baselineRunsMs: plain.all, itemsWithPartners: items },
    };
  };
  return [
    row(
      "7 partner finder: one body's bundles",
      "findPartnerBundles (no filter)",
      product.ms,
      product.all,
    ),
    ...(filtered
      ? [
          row(
            `7b partner finder, Land ${land}`,
            "findPartnerBundles (Land filter)",
            filtered.ms,
            filtered.all,
          ),
        ]
      : []),
  ];
}
