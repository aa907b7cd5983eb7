// The national-scale benchmark (issue 8, DESIGN.md "Scale"): one round led by one body inviting
// `--scale` bodies (default all 10,751) with `--items` items each (default 100), generated from a
// seed, on the configured database (PGlite under ./data/bench, or a fresh PostgreSQL database
// created next to DATABASE_URL's and dropped afterwards). Every stage is the median of `--runs`
// runs of the product's own code beside a baseline on the same data in the same process:
//   1 bulk write (replaceDemandLines per body) vs COPY into a scratch table of the same shape
//   2 consolidation (roundTotals) vs SELECT item_id, sum(quantity) … GROUP BY item_id
//   3 split of the awarded tender (splitForTender, all lots, bodies, lines) vs GROUP BY body, item
//   4 lead's XLSX vs a bare exceljs streaming write; lead's CSV vs COPY … TO STDOUT WITH CSV
//   5 one body's XLSX (its 100 lines) vs a bare write; its demand page vs GET /status
//   6 HTTP under load (autocannon): demand page and save vs GET /status, a Remix route without
//     database (the static /favicon.svg, served by Express before Remix, as a second reference)
// Usage: npm run bench -- [--scale 1000] [--items 100] [--runs 3] [--stages 1,2,3]
//        [--concurrency N] [--http-seconds 10] [--connections 100] [--http-processes 1]
// Prints a Markdown table and writes bench/results/<date>-<db>-<scale>.json. Each stage lives in
// scripts/bench/stage-<n>-<what>.ts (the tender for stages 3–5 in scripts/bench/tender.ts).
import { mkdirSync, writeFileSync } from "node:fs";

import { closeDatabase, getDb } from "../db/client";
import { changeRoundStatus, createRound } from "../app/modules/demand/index.server";

import { type Bench, DAY, errorText, log, rows } from "./bench/context";
import {
  freshDatabase,
  serverVersion,
  seedNationalRound,
  type NationalRound,
  type Target,
} from "./bench/data";
import { formatMs, formatTable, machine, measure, parseArgs, type Row } from "./bench/lib";
import { benchBulkWrite } from "./bench/stage-1-write";
import { benchConsolidation } from "./bench/stage-2-consolidation";
import { benchSplit } from "./bench/stage-3-split";
import { benchLeadExports } from "./bench/stage-4-lead-exports";
import { benchBodyExport } from "./bench/stage-5-body-export";
import { benchHttp } from "./bench/stage-6-http";
import { benchTender } from "./bench/tender";
import { benchPartners } from "./bench/partners";

const args = parseArgs(process.argv.slice(2));

const target: Target = await freshDatabase(args.scale);
const started = performance.now();
const db = await getDb();
const version = await serverVersion(db);
log(
  `Datenbank ${target.driver} (${version.split(",")[0]}), ${args.scale} Körperschaften × ${args.items} Artikel, ${args.runs} Läufe`,
);

let round: NationalRound | undefined;
let roundId = "";
const now = new Date();
try {
  // ─── Data ───────────────────────────────────────────────────────────────────────────────
  const seeded = await measure(() => seedNationalRound(args.scale, args.items));
  round = seeded.value;
  const { bodyIds, leadBodyId, leadUserId, itemIds } = round;
  const created = await measure(() =>
    createRound({
      leadBodyId,
      actorUserId: leadUserId,
      input: {
        title: "Bundesweite Messrunde",
        description: "Benchmark (scripts/bench.ts)",
        budgetYear: now.getUTCFullYear() + 1,
        opensAt: new Date(now.getTime() - 3600_000),
        deadline: new Date(now.getTime() + DAY),
        itemIds,
        bodyIds,
      },
    }),
  );
  roundId = created.value.id;
  await changeRoundStatus({ roundId, leadBodyId, actorUserId: leadUserId, transition: "open" });
  log(
    `Referenzdaten und Katalog in ${formatMs(seeded.ms)}, Runde mit ${bodyIds.length} Einladungen in ${formatMs(created.ms)}`,
  );
  const bench: Bench = { args, target, now, db, round, roundId };
  await benchBulkWrite(bench);
  await benchConsolidation(bench);
  await benchHttp(bench);
  const tenderId = await benchTender(bench);
  await benchSplit(bench, tenderId);
  await benchLeadExports(bench, tenderId);
  await benchBodyExport(bench, tenderId);
  // 7 partner finder (scripts/bench/partners.ts), after the award
  if (args.stages.has(7))
    rows.push(
      ...(await benchPartners({ db: bench.db, bodyId: round.bodyIds[0]!, runs: args.runs, log })),
    );
} catch (e) {
  log(`Abbruch: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase().catch(() => {});
  if (process.env.BENCH_KEEP === "1") log(`Datenbank behalten (BENCH_KEEP=1): ${target.location}`);
  else await target.drop().catch((e: unknown) => log(`Datenbank nicht gelöscht: ${errorText(e)}`));
}

// ─── Report ────────────────────────────────────────────────────────────────────────────────
const order = (r: Row) => (r.stage.startsWith("(") ? 2.5 : Number.parseFloat(r.stage) || 9);
rows.sort((a, b) => order(a) - order(b));
const table = formatTable(rows);
console.log(`\n${table}\n`);
const totalMs = performance.now() - started;
const date = new Date().toISOString().slice(0, 10);
const file = `bench/results/${date}-${target.driver}-${args.scale}.json`;
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      args: { ...args, stages: [...args.stages] },
      machine: machine(),
      database: { driver: target.driver, version },
      lines: round ? round.bodyIds.length * round.itemIds.length : 0,
      totalSeconds: Math.round(totalMs / 1000),
      rows,
      table,
    },
    null,
    2,
  )}\n`,
);
log(`Gesamt ${formatMs(totalMs)}; Ergebnis in ${file}`);
process.exit(process.exitCode ?? 0);
