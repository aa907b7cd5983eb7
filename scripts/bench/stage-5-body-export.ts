// Stage 5a: one body's XLSX beside a bare exceljs write. Part of scripts/bench.ts.
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { queryRows } from "../../db/client";
import { splitForTender, writeBodyWorkbook } from "../../app/modules/split/index.server";
import { log, ratioRow, rows, skip, type Bench } from "./context";
import { linesQuery } from "./data";
import { countingSink, formatMs, repeat } from "./lib";

export async function benchBodyExport(bench: Bench, tenderId: string | undefined): Promise<void> {
  const { args, now, db } = bench;
  const { bodyIds, leadBodyId, itemIds } = bench.round;
  const { roundId } = bench;
  const linesSql = linesQuery(roundId);
  if (args.stages.has(5)) {
    if (!tenderId)
      skip("5a one body's XLSX", "writeBodyWorkbook", "bare exceljs", "no awarded tender");
    else {
      const bodyId = bodyIds[Math.floor(bodyIds.length / 2)]!;
      const meta = { now, exportedBy: "Benchmark" };
      const product = await repeat(Math.max(5, args.runs), async () => {
        const split = await splitForTender({
          tenderId: tenderId!,
          viewerBodyId: leadBodyId,
          bodyId,
        });
        const sink = countingSink();
        await writeBodyWorkbook(split!, meta, sink.stream);
        await sink.finished;
      });
      const bare = await repeat(Math.max(5, args.runs), async () => {
        const lines = await queryRows<Record<string, string | number>>(
          db,
          sql.raw(
            linesSql.replace("where d.round_id", `where d.body_id = '${bodyId}' and d.round_id`),
          ),
        );
        const sink = countingSink();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink.stream });
        const ws = wb.addWorksheet("Zeilen");
        for (const l of lines)
          ws.addRow([
            l.name,
            l.ags,
            l.item,
            l.cost_centre,
            Number(l.quantity),
            l.product,
            l.ledger_account,
            l.delivery_address,
          ]).commit();
        ws.commit();
        await wb.commit();
        await sink.finished;
      });
      rows.push(
        ratioRow({
          stage: `5a one body's XLSX (${itemIds.length} lines)`,
          product: "splitForTender(bodyId) + writeBodyWorkbook",
          baseline: "SELECT + bare exceljs stream",
          productMs: product.ms,
          baselineMs: bare.ms,
        }),
      );
      log(`5 Datei einer Körperschaft ${formatMs(product.ms)} vs ${formatMs(bare.ms)}`);
    }
  }
}
