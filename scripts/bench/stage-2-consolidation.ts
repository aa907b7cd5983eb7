// Stage 2: the consolidation (roundTotals) and the lead's answer counts beside a GROUP BY. Part of scripts/bench.ts.
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client";
import { roundParticipants, roundTotals } from "../../app/modules/demand/index.server";
import { log, ratioRow, rows, type Bench } from "./context";
import { formatMs, measure, median, repeat } from "./lib";

export async function benchConsolidation(bench: Bench): Promise<void> {
  const { args, db } = bench;
  const { bodyIds, leadBodyId } = bench.round;
  const { roundId } = bench;
  if (args.stages.has(2)) {
    let totalProduct = 0;
    let totalPlain = 0;
    // Product and baseline take turns (A B A B …), at least 9 of each: a query of ~100 ms is
    // within this machine's noise otherwise.
    const times = { product: [] as number[], plain: [] as number[] };
    for (let run = 0; run < Math.max(args.runs, 9); run++) {
      times.product.push(
        (
          await measure(async () => {
            const totals = await roundTotals({ roundId, leadBodyId });
            totalProduct = totals.reduce((s, t) => s + t.quantity, 0);
          })
        ).ms,
      );
      times.plain.push(
        (
          await measure(async () => {
            const r = await queryRows<{ q: string }>(
              db,
              sql`select item_id, sum(quantity) as q from demand_lines where round_id = ${roundId} group by item_id`,
            );
            totalPlain = r.reduce((s, t) => s + Number(t.q), 0);
          })
        ).ms,
      );
    }
    const product = { ms: median(times.product) };
    const plain = { ms: median(times.plain) };
    if (totalProduct !== totalPlain)
      throw new Error(`consolidation differs: ${totalProduct} vs ${totalPlain}`);
    rows.push(
      ratioRow(
        {
          stage: "2 consolidation (totals per item)",
          product: "roundTotals (quantity and lines per item, lead's scope)",
          baseline: "SELECT item_id, sum(quantity) GROUP BY item_id",
          productMs: product.ms,
          baselineMs: plain.ms,
          target: "≤ 1.1×", // issue 19 (issue 8 had ≤ 1.5×)
        },
        1.1,
      ),
    );
    log(`2 Konsolidierung ${formatMs(product.ms)} vs ${formatMs(plain.ms)}`);
    // The rest of the lead's round page: answer counts over every invitation and one page of
    // bodies with their figures (no target; beside the same aggregate for scale).
    const answers = await repeat(args.runs, async () => {
      const p = await roundParticipants({ roundId, leadBodyId });
      if (p.counts.invited !== bodyIds.length) throw new Error("answer counts incomplete");
    });
    rows.push(
      ratioRow({
        stage: "2b lead's round page: answer counts + first 50 bodies",
        product: "roundParticipants",
        baseline: "SELECT item_id, sum(quantity) GROUP BY item_id",
        productMs: answers.ms,
        baselineMs: plain.ms,
      }),
    );
  }
}
