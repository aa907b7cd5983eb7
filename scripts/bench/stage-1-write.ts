// Stage 1: the bulk write (replaceDemandLines per body) beside COPY. Always runs: the later
// stages need the lines. Part of scripts/bench.ts.
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client";
import { demandLines } from "../../db/schema";
import { replaceDemandLines } from "../../app/modules/demand/index.server";
import { log, ratioRow, rows, type Bench } from "./context";
import { copyIn, copyRows, demandOf } from "./data";
import { formatMs, mb, measure, repeat } from "./lib";

export async function benchBulkWrite(bench: Bench): Promise<void> {
  const { args, target, now, db } = bench;
  const { bodyIds, officerIds, itemIds } = bench.round;
  const { roundId } = bench;
  const lineCount = bodyIds.length * itemIds.length;
  const concurrency = args.concurrency ?? (target.driver === "postgres" ? 4 : 1);
  const writeAll = async (bump: number) => {
    let next = 0;
    const worker = async () => {
      for (let b = next++; b < bodyIds.length; b = next++) {
        const result = await replaceDemandLines({
          roundId,
          actor: { userId: officerIds[b]!, bodyId: bodyIds[b]! },
          incoming: demandOf(args.seed, b, itemIds, bump),
          now: new Date(now.getTime() + bump * 1000),
        });
        if (!result.ok) throw new Error(`Import von Körperschaft ${b} abgelehnt`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await db.execute(
    sql.raw(`create table bench_copy (like demand_lines including defaults including indexes)`),
  );
  const copyBaseline = await repeat(args.runs, async () => {
    await db.execute(sql.raw(`truncate bench_copy`));
    await copyIn(
      db,
      target.driver,
      "bench_copy",
      copyRows(roundId, bodyIds, itemIds, args.seed, now),
    );
  });
  const [copied] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from bench_copy`,
  );
  if (copied?.n !== lineCount)
    throw new Error(`COPY wrote ${copied?.n} rows, expected ${lineCount}`);
  await db.execute(sql.raw(`drop table bench_copy`));
  // Always written: the later stages need the lines.
  log(`1 Schreiben: ${lineCount} Zeilen über replaceDemandLines (${concurrency} parallel) …`);
  const firstWrite = await measure(() => writeAll(0));
  const [written] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${demandLines} where ${demandLines.roundId} = ${roundId}`,
  );
  if (written?.n !== lineCount)
    throw new Error(`import wrote ${written?.n} lines, expected ${lineCount}`);
  rows.push(
    ratioRow(
      {
        stage: `1a bulk write, first import (${lineCount.toLocaleString("en")} lines)`,
        product: `replaceDemandLines per body (${concurrency} parallel), 1 run`,
        baseline: "COPY into a table of the same shape",
        productMs: firstWrite.ms,
        baselineMs: copyBaseline.ms,
        productPeakRssMB: mb(firstWrite.peakRss),
        baselinePeakRssMB: mb(copyBaseline.peakRss),
        target: "≤ 2.5×", // issue 19 (issue 8 had ≤ 5×)
        extra: {
          copyRunsMs: copyBaseline.all,
          linesPerSecond: Math.round(lineCount / (firstWrite.ms / 1000)),
        },
      },
      2.5,
    ),
  );
  log(`   erster Import ${formatMs(firstWrite.ms)}, COPY ${formatMs(copyBaseline.ms)}`);
  if (args.stages.has(1) && args.runs > 1) {
    // One re-import where every line changes (update path with versions and audit): a single
    // run, because at scale it is the slowest stage by far.
    const re = await repeat(1, (run) => writeAll(run + 1));
    rows.push(
      ratioRow(
        {
          stage: "1b bulk write, re-import changing every line",
          product: `replaceDemandLines per body (${concurrency} parallel), 1 run`,
          baseline: "COPY (same)",
          productMs: re.ms,
          baselineMs: copyBaseline.ms,
          productPeakRssMB: mb(re.peakRss),
          target: "≤ 2.5×",
          extra: { runsMs: re.all },
        },
        2.5,
      ),
    );
    log(`   Re-Import ${formatMs(re.ms)}`);
  }
  await db.execute(sql`analyze`);
}
