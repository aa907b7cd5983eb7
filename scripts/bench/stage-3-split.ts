// Stage 3: the split of the awarded tender, computed and stored, and read. Part of scripts/bench.ts.
import { sql } from "drizzle-orm";
import { queryRows } from "../../db/client";
import { listTenderLots } from "../../app/modules/bids/index.server";
import {
  splitForTender,
  splitLineChunks,
  storeLotSplits,
} from "../../app/modules/split/index.server";
import { log, ratioRow, rows, skip, type Bench } from "./context";
import { formatMs, mb, measure, median, repeat } from "./lib";

export async function benchSplit(bench: Bench, tenderId: string | undefined): Promise<void> {
  const { args, db } = bench;
  const { leadBodyId } = bench.round;
  const { roundId } = bench;
  if (args.stages.has(3)) {
    if (!tenderId)
      skip("3 split", "splitForTender", "GROUP BY body_id, item_id", "no awarded tender", "≤ 3×");
    else {
      // The split proper, as the awards computed and stored it (decision 010): every line's
      // cents (in the database, decision 007), every body's figures per lot, shared costs,
      // savings, budget years, written with the reconciliation check. Each run removes the
      // stored split in a committed transaction and vacuums the split tables, then stores it
      // again and commits, as an award does: an award inserts keys the tables have never held.
      // (Deleting and inserting in one rolled-back transaction measured the rows deleted before:
      // every insert into split_groups checked its key against each run's dead entry, 0.3–0.5 s
      // at 1,000 bodies.) The last run leaves the split stored as the awards stored it (only
      // stored_at is the run's time).
      const lotIds = (await listTenderLots({ tenderId })).map((l) => l.id);
      const stored: number[] = [];
      const storedPeak: number[] = [];
      const SPLIT_TABLES = [
        "split_groups",
        "split_tie_cents",
        "split_bodies",
        "split_shares",
        "lot_splits",
      ];
      for (let run = 0; run < args.runs; run++) {
        await db.transaction(async (tx) => {
          // A stored split is final (decision 014): its triggers refuse the delete, so the
          // bench (a superuser) skips them for the delete alone.
          await tx.execute(sql`set local session_replication_role = replica`);
          for (const table of SPLIT_TABLES) {
            await tx.execute(
              sql`delete from ${sql.identifier(table)} where lot_id = any(${`{${lotIds.join(",")}}`}::uuid[])`,
            );
          }
        });
        await db.execute(sql.raw(`vacuum ${SPLIT_TABLES.join(", ")}`));
        const r = await measure(() =>
          db.transaction((tx) =>
            storeLotSplits(tx, { tenderId: tenderId!, lotIds, now: new Date() }),
          ),
        );
        stored.push(r.ms);
        storedPeak.push(r.peakRss);
      }
      const product = { ms: median(stored), peakRss: median(storedPeak) };
      // For information: what every read of it costs – the lead's split page (every body of
      // every lot, read from the stored rows), and that plus every line with its cents
      // streamed to Node (what the exports read).
      const read = await repeat(args.runs, async () => {
        const s = (await splitForTender({ tenderId: tenderId!, viewerBodyId: leadBodyId }))!;
        if (!s.reconciliation.balanced) throw new Error("split does not reconcile");
      });
      let splitLines = 0;
      const streamed = await repeat(args.runs, async () => {
        const s = (await splitForTender({ tenderId: tenderId!, viewerBodyId: leadBodyId }))!;
        let n = 0;
        let net = 0;
        for (const lot of s.lots)
          for await (const chunk of splitLineChunks(s, lot))
            for (const line of chunk) {
              n++;
              net += line.netCents;
            }
        if (net !== s.reconciliation.invoiceNetCents) throw new Error("split lines ≠ invoice");
        splitLines = n;
      });
      const plain = await repeat(args.runs, async () => {
        await queryRows(
          db,
          sql`select body_id, item_id, sum(quantity) as q from demand_lines where round_id = ${roundId} group by body_id, item_id`,
        );
      });
      rows.push(
        ratioRow(
          {
            stage: `3 split of the awarded tender (${splitLines.toLocaleString("en")} lines to the cent), computed and stored`,
            product:
              "storeLotSplits, all lots (as the awards run it; every line's cents in SQL, summed per body)",
            baseline: "SELECT body_id, item_id, sum(quantity) GROUP BY body_id, item_id",
            productMs: product.ms,
            baselineMs: plain.ms,
            productPeakRssMB: mb(product.peakRss),
            baselinePeakRssMB: mb(plain.peakRss),
            target: "≤ 3×",
          },
          3,
        ),
        ratioRow({
          stage: "3b the lead's split read (for information)",
          product: "splitForTender for the lead, from the stored split",
          baseline: "SELECT body_id, item_id, sum(quantity) GROUP BY body_id, item_id",
          productMs: read.ms,
          baselineMs: plain.ms,
          productPeakRssMB: mb(read.peakRss),
          baselinePeakRssMB: mb(plain.peakRss),
        }),
        ratioRow({
          stage: "3c read + every line streamed to Node (for information)",
          product: "splitForTender + splitLineChunks over all lots",
          baseline: "SELECT body_id, item_id, sum(quantity) GROUP BY body_id, item_id",
          productMs: streamed.ms,
          baselineMs: plain.ms,
          productPeakRssMB: mb(streamed.peakRss),
          baselinePeakRssMB: mb(plain.peakRss),
        }),
      );
      log(
        `3 Aufteilung berechnet und gespeichert ${formatMs(product.ms)}, gelesen ${formatMs(read.ms)} (mit allen Zeilen ${formatMs(streamed.ms)}) vs ${formatMs(plain.ms)}`,
      );
    }
  }
}
