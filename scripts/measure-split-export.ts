// Measures the treasurers' exports (issue 6) on the demo data: for every awarded demo tender the
// lead's full workbook (summary per body and lot, then every line) and each body's workbook –
// wall time including the split, file size and the process's peak RSS while writing.
// Then the streaming writer alone at scale: a synthetic split of `--lines` lines (default
// 1,100,000 – past Excel's 1,048,576 rows, so the lines span two sheets), written to a counting
// sink, to show that the workbook does not grow in memory with the rows.
// Usage: node --expose-gc --import tsx scripts/measure-split-export.ts [--lines 1100000]
// (seeds ./data/measure-split first, in a separate process)
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { Writable } from "node:stream";

import { eq } from "drizzle-orm";

import { closeDatabase, getDb } from "../db/client";
import { tenders } from "../db/schema";
import {
  type ExportMeta,
  writeBodyWorkbook,
  writeLeadWorkbook,
} from "../app/exports/split-workbook.server";
import { splitForTender, type TenderSplit } from "../app/models/cost-split.server";

const dir = "./data/measure-split";
rmSync(dir, { recursive: true, force: true });
process.env.PGLITE_DIR = dir;
delete process.env.DATABASE_URL;

const linesArg = process.argv.indexOf("--lines");
const syntheticLines = linesArg > 0 ? Number(process.argv[linesArg + 1]) : 1_100_000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A sink that only counts bytes. */
function countingSink() {
  let bytes = 0;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const finished = new Promise<void>((resolve) => stream.on("finish", resolve));
  return { stream, finished, bytes: () => bytes };
}

/** Runs `work`, sampling RSS every 20 ms; returns wall time, peak RSS and its rise over the start. */
async function measure(work: () => Promise<void>) {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, peak, rise: peak - before };
}

const meta: ExportMeta = { now: new Date(), exportedBy: "Messung" };

// The seed runs in its own process, so this one's memory is the exports' alone.
execFileSync("npm", ["run", "db:seed"], { env: { ...process.env }, stdio: "ignore" });
const db = await getDb();
const awarded = await db
  .select({ id: tenders.id, title: tenders.title, lead: tenders.leadBodyId })
  .from(tenders)
  .where(eq(tenders.status, "published"));

console.log("Demo-Daten (PGlite):");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const RUNS = 5;
for (const t of awarded) {
  let lines = 0;
  let size = 0;
  const leadRuns: Awaited<ReturnType<typeof measure>>[] = [];
  for (let run = 0; run < RUNS; run++) {
    leadRuns.push(
      await measure(async () => {
        const split = (await splitForTender({
          tenderId: t.id,
          viewerBodyId: t.lead,
          withLines: true,
        }))!;
        lines = split.lots.reduce((s, l) => s + l.lines.length, 0);
        const sink = countingSink();
        await writeLeadWorkbook(split, meta, sink.stream);
        await sink.finished;
        size = sink.bytes();
      }),
    );
  }
  if (lines === 0) continue;
  console.log(
    `  ${t.title}: Gesamtdatei ${lines} Zeilen, ${(size / 1024).toFixed(0)} KB – erster Lauf ${leadRuns[0]!.ms.toFixed(0)} ms, Median ${median(leadRuns.map((r) => r.ms)).toFixed(0)} ms (${RUNS} Läufe, mit Aufteilung); Spitzen-RSS ${mb(Math.max(...leadRuns.map((r) => r.peak)))} (+${mb(Math.max(...leadRuns.map((r) => r.rise)))})`,
  );
  const overview = (await splitForTender({ tenderId: t.id, viewerBodyId: t.lead }))!;
  const times: number[] = [];
  for (const body of overview.bodies) {
    for (let run = 0; run < RUNS; run++) {
      const r = await measure(async () => {
        const split = (await splitForTender({
          tenderId: t.id,
          viewerBodyId: t.lead,
          bodyId: body.bodyId,
          withLines: true,
        }))!;
        const sink = countingSink();
        await writeBodyWorkbook(split, meta, sink.stream);
        await sink.finished;
      });
      times.push(r.ms);
    }
  }
  console.log(
    `    Datei je Körperschaft (${overview.bodies.length} × ${RUNS}): Median ${median(times).toFixed(0)} ms, höchstens ${Math.max(...times).toFixed(0)} ms`,
  );
}
console.log(`  RSS des Prozesses mit PGlite nach allem: ${mb(process.memoryUsage().rss)}`);
await closeDatabase();

// ─── The streaming writer at national scale ──────────────────────────────────────────────────

function syntheticSplit(lines: number, bodies: number): TenderSplit {
  const bodyIds = Array.from({ length: bodies }, (_, i) => `body-${i}`);
  const figures = {
    goodsNetCents: 100_000,
    goodsVatCents: 19_000,
    sharedNetCents: 1_000,
    sharedVatCents: 190,
    grossCents: 120_190,
    aloneNetCents: 110_000,
    grossSavingsCents: 10_000,
    netSavingsCents: 9_000,
  };
  const years = [
    { year: 2027, licenceCents: 0, consumableCents: 120_190, sharedCents: 0, totalCents: 120_190 },
  ];
  const body = (id: string, i: number) => ({
    ...figures,
    bodyId: id,
    name: `Gemeinde ${i + 1}`,
    ags: String(10_000_000 + i),
    isLead: i === 0,
    budgetYears: years,
  });
  const rec = {
    invoiceNetCents: 0,
    invoiceVatCents: 0,
    invoiceGrossCents: 0,
    sharedGrossCents: 0,
    expectedCents: 0,
    allBodiesGrossCents: 0,
    linesNetCents: 0,
    linesVatCents: 0,
    bodyCount: bodies,
    balanced: true,
  };
  return {
    tender: {
      id: "t",
      referenceNumber: "MESSUNG-1",
      title: "Bundesweite Bündelung (synthetisch)",
      leadBodyId: bodyIds[0]!,
      leadBodyName: "Gemeinde 1",
      pricing: "all-units",
      framework: false,
      contractStart: "2027-01-01",
      termMonths: 12,
    },
    viewer: { bodyId: bodyIds[0]!, isLead: true },
    scope: "all",
    pendingLots: [],
    bodies: bodyIds.map(body),
    reconciliation: rec,
    lots: [
      {
        id: "lot",
        number: 1,
        title: "Papier",
        label: "Los 1: Papier",
        category: "consumable",
        supplier: { name: "Papier AG", address: "" },
        awardedAt: new Date(),
        invoice: { netCents: 0, vatCents: 0, grossCents: 0, byRate: [] },
        goodsDescription: "",
        sharedCosts: [],
        bodies: bodyIds.map(body),
        shares: [],
        reconciliation: rec,
        // One object per line, shared fields by reference: the input is the split's own size.
        lines: Array.from({ length: lines }, (_, i) => ({
          ref: String(i),
          bodyId: bodyIds[i % bodies]!,
          itemId: `item-${i % 100}`,
          itemName: `Artikel ${i % 100}`,
          cpvCode: "30197642-8",
          unit: "Stück",
          quantity: 1 + (i % 50),
          unitPrice: 39_500,
          netCents: 3_950 * (1 + (i % 50)),
          vatRateBp: 1900,
          vatCents: 751 * (1 + (i % 50)),
          grossCents: 4_701 * (1 + (i % 50)),
          costCentre: "1100 Hauptverwaltung",
          product: "11.1.01",
          ledgerAccount: "443100",
          deliveryAddress: "",
          budgetYears: [{ year: 2027, cents: 4_701 * (1 + (i % 50)) }],
        })),
      },
    ],
  };
}

if (syntheticLines > 0) {
  const split = syntheticSplit(syntheticLines, 10_751);
  global.gc?.();
  const inputRss = process.memoryUsage().rss;
  let sheets: string[] = [];
  let size = 0;
  const r = await measure(async () => {
    const sink = countingSink();
    sheets = (await writeLeadWorkbook(split, meta, sink.stream)).lineSheets;
    await sink.finished;
    size = sink.bytes();
  });
  console.log(
    `Schreiber allein, synthetisch: ${syntheticLines.toLocaleString("de-DE")} Zeilen, 10.751 Körperschaften → ${sheets.join(", ")}; ${mb(size)} in ${(r.ms / 1000).toFixed(1)} s; RSS mit Eingabe ${mb(inputRss)}, Spitze ${mb(r.peak)} (+${mb(r.rise)} beim Schreiben)`,
  );
}
