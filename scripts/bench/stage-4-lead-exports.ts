// Stage 4: the lead's XLSX and CSV, each in a process of its own. Part of scripts/bench.ts.
import { execFileSync } from "node:child_process";
import { build } from "esbuild";
import { closeDatabase, getDb } from "../../db/client";
import { errorText, log, ratioRow, rows, skip, type Bench } from "./context";
import { formatMs, median, serverNodeFlags } from "./lib";

/** scripts/bench/export-child.ts as one ES module (packages stay external), for plain node. */
async function bundleExportChild(): Promise<string> {
  const outfile = "node_modules/.cache/bench/export-child.mjs";
  await build({
    entryPoints: ["scripts/bench/export-child.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    alias: { "~": "./app", "#db": "./db" },
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

export async function benchLeadExports(bench: Bench, tenderId: string | undefined): Promise<void> {
  const { args, target } = bench;
  const { leadBodyId } = bench.round;
  const { roundId } = bench;
  if (args.stages.has(4)) {
    if (!tenderId) {
      skip(
        "4 lead's XLSX",
        "writeLeadWorkbook",
        "bare exceljs",
        "no awarded tender",
        "≤ 1.3×, < 300 MB",
      );
      skip("4 lead's CSV", "splitCsvStream", "COPY TO CSV", "no awarded tender", "≤ 2×");
    } else {
      // Each export in a child process of its own, so that the peak RSS is the export's alone
      // (PGlite: the child opens the data directory, so this process lets go of it meanwhile).
      if (target.driver === "pglite") await closeDatabase();
      // The child runs bundled by esbuild, as the server runs its build: under tsx a loader
      // thread and the compiler's caches add about 100 MB of RSS that production never has.
      // And with the server's node options (`npm start`): they set how far the heap grows.
      const childScript = await bundleExportChild();
      const child = async (mode: string) => {
        const out = execFileSync(
          process.execPath,
          [...serverNodeFlags(), childScript, mode, tenderId!, leadBodyId, roundId],
          {
            env: process.env,
            encoding: "utf8",
            maxBuffer: 1 << 20,
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        return JSON.parse(out.trim().split("\n").pop()!) as {
          ms: number;
          idleRssMB: number;
          peakRssMB: number;
          bytes: number;
        };
      };
      const runChild = async (mode: string) => {
        const results = [];
        for (let run = 0; run < args.runs; run++) results.push(await child(mode));
        return {
          ms: median(results.map((r) => r.ms)),
          peak: median(results.map((r) => r.peakRssMB)),
          idle: median(results.map((r) => r.idleRssMB)),
          bytes: results[0]!.bytes,
          all: results.map((r) => Math.round(r.ms)),
        };
      };
      try {
        const xlsx = await runChild("product-xlsx");
        const bare = await runChild("bare-xlsx");
        rows.push(
          ratioRow(
            {
              stage: "4a lead's XLSX (all lines), own process",
              product: `splitForTender + writeLeadWorkbook (${(xlsx.bytes / 1e6).toFixed(1)} MB file)`,
              baseline: `SELECT + bare exceljs stream, 8 cells/line (${(bare.bytes / 1e6).toFixed(1)} MB file)`,
              productMs: xlsx.ms,
              baselineMs: bare.ms,
              productPeakRssMB: xlsx.peak,
              baselinePeakRssMB: bare.peak,
              target: "≤ 1.3×, < 300 MB",
              extra: {
                productIdleRssMB: xlsx.idle,
                baselineIdleRssMB: bare.idle,
                productRunsMs: xlsx.all,
                baselineRunsMs: bare.all,
              },
            },
            1.3,
          ),
        );
        const last = rows[rows.length - 1]!;
        if (last.met && xlsx.peak >= 300) last.met = false;
        log(
          `4 XLSX ${formatMs(xlsx.ms)} (${xlsx.peak} MB, Leerlauf ${xlsx.idle} MB) vs ${formatMs(bare.ms)} (${bare.peak} MB)`,
        );

        const csv = await runChild("product-csv");
        const copy = await runChild("copy-csv");
        rows.push(
          ratioRow(
            {
              stage: "4b lead's CSV (all lines), own process",
              product: `splitForTender + splitCsvStream (${(csv.bytes / 1e6).toFixed(1)} MB)`,
              baseline: `COPY (lines join) TO STDOUT WITH CSV (${(copy.bytes / 1e6).toFixed(1)} MB)`,
              productMs: csv.ms,
              baselineMs: copy.ms,
              productPeakRssMB: csv.peak,
              baselinePeakRssMB: copy.peak,
              target: "≤ 2×",
              extra: { productIdleRssMB: csv.idle, baselineIdleRssMB: copy.idle },
            },
            2,
          ),
        );
        log(`4 CSV ${formatMs(csv.ms)} (${csv.peak} MB) vs ${formatMs(copy.ms)} (${copy.peak} MB)`);
      } catch (e) {
        skip(
          "4 lead's exports",
          "writeLeadWorkbook / splitCsvStream",
          "bare exceljs / COPY",
          errorText(e),
        );
        log(`4 übersprungen: ${errorText(e)}`);
      } finally {
        if (target.driver === "pglite") bench.db = await getDb();
      }
    }
  }
}
