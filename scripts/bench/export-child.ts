// One lead export in a process of its own, so that its peak RSS is its own (scripts/bench.ts,
// stage 4). Usage: tsx scripts/bench/export-child.ts <mode> <tenderId> <leadBodyId> <roundId>
// with mode product-xlsx | bare-xlsx | product-csv | copy-csv; prints one JSON line:
// { ms, cpuMs, idleRssMB, peakRssMB, bytes } (idle = after opening the database, before the work;
// cpuMs: this process's user + system CPU time, steadier than `ms` on a busy machine).
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";

import { connection, closeDatabase, getDb, queryRows } from "../../db/client";
import { splitCsvStream } from "../../app/modules/split/index.server";
import { writeLeadWorkbook } from "../../app/modules/split/index.server";
import { splitForTender } from "../../app/modules/split/index.server";

import { copyOutCsv, linesQuery } from "./data";
import { countingSink, mb } from "./lib";

const [mode, tenderId, leadBodyId, roundId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
];
const db = await getDb();
const driver = (await connection()).driver;
await queryRows(db, sql`select 1`);
const idle = process.memoryUsage().rss;
let peak = idle;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);
const started = performance.now();
const cpuStarted = process.cpuUsage();
let bytes = 0;
if (mode === "product-xlsx") {
  const split = await splitForTender({ tenderId, viewerBodyId: leadBodyId });
  const sink = countingSink();
  await writeLeadWorkbook(split!, { now: new Date(), exportedBy: "Benchmark" }, sink.stream);
  await sink.finished;
  bytes = sink.bytes();
} else if (mode === "bare-xlsx") {
  const lines = await queryRows<Record<string, string | number>>(db, sql.raw(linesQuery(roundId)));
  const sink = countingSink();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink.stream,
    useStyles: false,
    useSharedStrings: false,
  });
  let ws = wb.addWorksheet("Zeilen");
  let n = 0;
  for (const l of lines) {
    if (++n % 1_000_000 === 0) {
      ws.commit();
      ws = wb.addWorksheet(`Zeilen ${n / 1_000_000 + 1}`);
    }
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
  }
  ws.commit();
  await wb.commit();
  await sink.finished;
  bytes = sink.bytes();
} else if (mode === "product-csv") {
  const split = await splitForTender({ tenderId, viewerBodyId: leadBodyId });
  const reader = splitCsvStream(split!).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.byteLength;
} else if (mode === "copy-csv") {
  bytes = await copyOutCsv(db, driver, linesQuery(roundId));
} else throw new Error(`unknown mode ${mode}`);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
const cpuMs = (cpu.user + cpu.system) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
await closeDatabase();
console.log(JSON.stringify({ ms, cpuMs, idleRssMB: mb(idle), peakRssMB: mb(peak), bytes }));
process.exit(0);
